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
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}, "description": "Version of the resource."}}
PRECONDITION_FAILED_RESPONSE = OpenApiResponse(description="If-Match does not match the current version.")


def etag_for(instance: models.Model) -> str:
    """A strong validator that changes whenever the row is saved (id + updated_at)."""
    stamp = getattr(instance, "updated_at", None)
    raw = f"{instance._meta.label}:{instance.pk}:{stamp.isoformat() if stamp else ''}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def check_if_match(request, instance: models.Model) -> None:
    """Refuse a write whose If-Match names another version than the current one (412)."""
    header = request.headers.get("If-Match")
    if not header:
        return
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if "*" in candidates or etag_for(instance) in candidates:
        return
    raise PreconditionFailed()


def lock_and_check_if_match(request, instance: models.Model) -> None:
    """Lock the row for the rest of the transaction, then check If-Match against it.

    Locking first means two writers holding the same tag cannot both pass the check.
    """
    current = type(instance)._default_manager.select_for_update().only("pk", "updated_at").get(pk=instance.pk)
    check_if_match(request, current)


class ETagMixin:
    """For ModelViewSets: `ETag` on GET of one object, `If-Match` checked on PUT/PATCH.

    A viewset that overrides `update` itself calls `lock_and_check_if_match` inside its
    transaction.
    """

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance)
        return Response(serializer.data, headers={"ETag": etag_for(instance)})

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            lock_and_check_if_match(request, self.get_object())
            response = super().update(request, *args, **kwargs)
        instance = self.get_object()
        response["ETag"] = etag_for(instance)
        return response
