"""ETag / If-Match optimistic concurrency for detail views."""

import hashlib

from django.db import models, transaction
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.response import Response

from common.exceptions import PreconditionFailed

IF_MATCH_PARAMETER = OpenApiParameter(
    name="If-Match",
    type={"type": "string", "pattern": "^[ -~]+$", "maxLength": 1000},
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the version you read. A stale tag is refused with 412.",
)
PRECONDITION_FAILED_RESPONSE = OpenApiResponse(description="If-Match does not match the current version.")


def etag_for(instance: models.Model) -> str:
    """A strong validator that changes whenever the row is saved (id + updated_at)."""
    stamp = getattr(instance, "updated_at", None)
    raw = f"{instance._meta.label}:{instance.pk}:{stamp.isoformat() if stamp else ''}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def if_match_check(*, instance: models.Model, if_match: str | None) -> None:
    """Refuse a write whose If-Match names another version than `instance`'s (412).

    A service calls it on the row it has just locked for the write, so two writers holding the
    same tag cannot both pass.
    """
    if not if_match:
        return
    candidates = [tag.strip().removeprefix("W/") for tag in if_match.split(",")]
    if "*" in candidates or etag_for(instance) in candidates:
        return
    raise PreconditionFailed()


def _lock_and_check_if_match(request, instance: models.Model) -> None:
    current = type(instance)._default_manager.select_for_update().only("pk", "updated_at").get(pk=instance.pk)
    if_match_check(instance=current, if_match=request.headers.get("If-Match"))


class ETagMixin:
    """For ModelViewSets: `ETag` on GET of one object and on the answer to PUT/PATCH.

    `If-Match` belongs to the write: a viewset whose update service takes `if_match` (and checks
    it under the lock it takes for the write) sets `if_match_in_service = True` and hands the
    header on in `perform_update`; a tag that does not match the row as read is still refused
    here before the body is validated, as it always was. For viewsets whose services do not take
    it yet, the check runs here, under a row lock held for the whole update.
    """

    if_match_in_service = False

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance)
        return Response(serializer.data, headers={"ETag": etag_for(instance)})

    def update(self, request, *args, **kwargs):
        if self.if_match_in_service:
            if_match_check(instance=self.get_object(), if_match=request.headers.get("If-Match"))
            response = super().update(request, *args, **kwargs)
        else:
            with transaction.atomic():
                _lock_and_check_if_match(request, self.get_object())
                response = super().update(request, *args, **kwargs)
        response["ETag"] = etag_for(self.get_object())
        return response
