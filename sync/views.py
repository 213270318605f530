from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStudioStaff
from common.schema import component_ref
from sync.cursor import Cursor, CursorInvalid
from sync.feed import CursorExpired, feed_page
from sync.schema import SYNC_PAGE

DEFAULT_LIMIT = 200
INVALID_CURSOR = "Not a cursor this server gave you: send a next_cursor unchanged, or none to sync from the start."
MAX_LIMIT = 500


class CursorGone(APIException):
    status_code = status.HTTP_410_GONE
    default_code = "cursor_expired"


class SyncQuerySerializer(serializers.Serializer):
    cursor = serializers.CharField(required=False, max_length=100_000, trim_whitespace=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)


class SyncView(APIView):
    """The change feed a mobile client keeps its offline copy with (see the README)."""

    permission_classes = [IsStudioStaff]

    @extend_schema(
        tags=["sync"],
        summary="Changes since a cursor (or everything)",
        description=(
            "Without `cursor`: everything, as upserts, over as many pages as it takes. With the last "
            "`next_cursor`: what changed since. Page until `has_more` is false; keep the last "
            "`next_cursor` and send it next time. A change may come twice (apply upserts as "
            "upserts), none is ever skipped, also when writes commit out of order. Junior designers get "
            "no payments. A cursor caught up more than SYNC_RETENTION_DAYS (default 90) ago, or issued "
            "under another role, answers 410: start again without a cursor."
        ),
        parameters=[
            OpenApiParameter(
                "cursor", OpenApiTypes.STR, description="`next_cursor` of the previous page; none for a full sync."
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
                description=f"At most this many changes in the page (1 to {MAX_LIMIT}, default {DEFAULT_LIMIT}).",
            ),
        ],
        responses={
            200: OpenApiResponse(SYNC_PAGE, description="A page of changes."),
            410: OpenApiResponse(
                component_ref("ErrorDetail"),
                description="The cursor is older than the deletions the server keeps (or your role changed): "
                "sync again from the start, without a cursor.",
            ),
        },
    )
    def get(self, request):
        query = SyncQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        cursor = None
        if "cursor" in query.validated_data:
            try:
                cursor = Cursor.loads(query.validated_data["cursor"], user=request.user)
            except CursorInvalid:
                raise serializers.ValidationError({"cursor": [INVALID_CURSOR]}) from None
        try:
            page = feed_page(
                user=request.user,
                cursor=cursor,
                limit=query.validated_data["limit"],
                context={"request": request, "view": self},
            )
        except CursorExpired:
            raise CursorGone(
                f"This cursor is older than the {settings.SYNC_RETENTION_DAYS} days of changes the server keeps, "
                "or your role has changed: sync again from the start, without a cursor."
            ) from None
        return Response({"changes": page.changes, "next_cursor": page.cursor.dumps(), "has_more": page.has_more})
