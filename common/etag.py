"""ETag / If-Match optimistic concurrency for detail views."""

import hashlib

from django.db import models
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from common.exceptions import PreconditionFailed
from common.versions import RowVersionQuerySet

IF_MATCH_PARAMETER = OpenApiParameter(
    name="If-Match",
    type={"type": "string", "pattern": "^[ -~]+$", "maxLength": 1000},
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the version you read. A stale tag is refused with 412.",
)
PRECONDITION_FAILED_RESPONSE = OpenApiResponse(description="If-Match does not match the current version.")
IF_NONE_MATCH_PARAMETER = OpenApiParameter(
    name="If-None-Match",
    type={"type": "string", "pattern": "^[ -~]+$", "maxLength": 1000},
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag(s) of the version(s) you hold: if one is current, the answer is 304 without a body.",
)
NOT_MODIFIED_RESPONSE = OpenApiResponse(
    description="Not modified: the version named in If-None-Match is current (no body; the ETag header names it)."
)


def etag_for(instance: models.Model) -> str:
    """A strong validator that changes whenever the row is saved (id + updated_at)."""
    stamp = getattr(instance, "updated_at", None)
    raw = f"{instance._meta.label}:{instance.pk}:{stamp.isoformat() if stamp else ''}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def page_etag(*, request, count: int, rows) -> str:
    """A strong validator of one page of a list, from what it shows: the query (filters,
    ordering, page), the count, the version (id + updated_at) of each row in order, and today's
    date (figures such as `is_overdue` turn with it). Cheap: the page's rows are read anyway;
    serializing and rendering them is what a match saves."""
    digest = hashlib.sha256(f"{request.get_full_path()}|{count}|{timezone.localdate().isoformat()}".encode())
    for row in rows:
        stamp = getattr(row, "updated_at", None)
        digest.update(f"|{row.pk}:{stamp.isoformat() if stamp else ''}".encode())
    return '"' + digest.hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",")]


def if_none_match_hit(*, etag: str, if_none_match: str | None) -> bool:
    """Whether a GET's `If-None-Match` names the current version (weak comparison, RFC 9110)."""
    if not if_none_match:
        return False
    candidates = _tags(if_none_match)
    return "*" in candidates or etag in candidates


def not_modified(etag: str) -> Response:
    return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})


def if_match_check(*, instance: models.Model, if_match: str | None) -> None:
    """Refuse a write whose If-Match names another version than `instance`'s (412).

    A service calls it on the row it has just locked for the write, so two writers holding the
    same tag cannot both pass.
    """
    if not if_match:
        return
    candidates = _tags(if_match)
    if "*" in candidates or etag_for(instance) in candidates:
        return
    raise PreconditionFailed()


def _for_display(queryset):
    """The rows of a read-only action, marked as the versions they are read in (common.versions)."""
    return queryset.for_display() if isinstance(queryset, RowVersionQuerySet) else queryset


class PageETagMixin:
    """For list views whose rows carry `updated_at`: `ETag` on each page, and `If-None-Match`
    naming it answers 304 without a body (the page's queries run, serializing and rendering it
    do not). Put before ETagMixin."""

    page_etag = True

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        if page is None:
            return super().list(request, *args, **kwargs)
        etag = page_etag(request=request, count=self.paginator.page.paginator.count, rows=page)
        if if_none_match_hit(etag=etag, if_none_match=request.headers.get("If-None-Match")):
            return not_modified(etag)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response["ETag"] = etag
        return response


class ETagMixin:
    """For ModelViewSets: `ETag` on GET of one object and on the answer to PUT/PATCH.

    `If-Match` belongs to the write: the viewset's update service takes `if_match` and checks it
    under the lock it takes for the write (perform_update hands the header on). A tag that does
    not match the row as read is refused here already, before the body is validated.

    `If-None-Match` naming the current tag answers a GET with 304 and no body. The object of a
    detail route is looked up by its id alone: the list's filter backends (search, ordering,
    filters) say nothing about one object, and cost a filterset and its validation per request.
    """

    def get_object(self, *, for_display: bool = False):
        lookup = self.lookup_url_kwarg or self.lookup_field
        queryset = self.get_queryset()
        if for_display:
            queryset = _for_display(queryset)
        instance = get_object_or_404(queryset, **{self.lookup_field: self.kwargs[lookup]})
        self.check_object_permissions(self.request, instance)
        return instance

    def filter_queryset(self, queryset):
        # The list shows its rows as read: their representations are kept per version.
        queryset = super().filter_queryset(queryset)
        return _for_display(queryset) if self.action == "list" else queryset

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object(for_display=True)
        etag = etag_for(instance)
        if if_none_match_hit(etag=etag, if_none_match=request.headers.get("If-None-Match")):
            return not_modified(etag)
        serializer = self.get_serializer(instance)
        return Response(serializer.data, headers={"ETag": etag})

    def update(self, request, *args, **kwargs):
        if_match_check(instance=self.get_object(), if_match=request.headers.get("If-Match"))
        response = super().update(request, *args, **kwargs)
        response["ETag"] = etag_for(self.get_object())
        return response
