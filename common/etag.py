"""ETag / If-Match optimistic concurrency for detail views."""

import hashlib

from django.db import models
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


class ETagMixin:
    """For ModelViewSets: `ETag` on GET of one object and on the answer to PUT/PATCH.

    `If-Match` belongs to the write: the viewset's update service takes `if_match` and checks it
    under the lock it takes for the write (perform_update hands the header on). A tag that does
    not match the row as read is refused here already, before the body is validated.
    """

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance)
        return Response(serializer.data, headers={"ETag": etag_for(instance)})

    def update(self, request, *args, **kwargs):
        if_match_check(instance=self.get_object(), if_match=request.headers.get("If-Match"))
        response = super().update(request, *args, **kwargs)
        response["ETag"] = etag_for(self.get_object())
        return response
