import logging

from django.conf import settings
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.permissions import StaffWrites
from common.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from common.parsers import StudioFormParser, StudioJSONParser, StudioMultiPartParser
from common.schema import error_component
from media_assets import selectors, services
from media_assets.filters import StyleImageFilter
from media_assets.imaging import ACCEPTED_FORMATS, UploadTooLarge
from media_assets.models import StyleImage
from media_assets.serializers import StyleImageSerializer, StyleImageUpdateSerializer, StyleImageUploadSerializer

logger = logging.getLogger(__name__)

# The multipart envelope and the small text fields next to the file.
UPLOAD_ENVELOPE_BYTES = 256 * 1024

IMAGE_CONTENT_TYPES = [content_type for content_type, _ in ACCEPTED_FORMATS.values()]
EXTENSIONS = dict(ACCEPTED_FORMATS.values())
VALIDATION_ERROR = OpenApiResponse(description="Invalid input, e.g. a file that is not a whole JPEG, PNG or WebP.")
NOT_FOUND = OpenApiResponse(description="No such picture, or it was deleted.")
TOO_LARGE = OpenApiResponse(
    error_component(
        "UploadTooLarge",
        description="The picture (or the whole request) is larger than the limit, given in `max_bytes`.",
        max_bytes={"type": "integer", "description": "MAX_UPLOAD_BYTES: the largest picture accepted, in bytes."},
    ),
    description="The upload is larger than MAX_UPLOAD_BYTES (10 MB by default).",
)
UNSUPPORTED = OpenApiResponse(description="The body is not multipart/form-data (or form-urlencoded).")
STREAM_HEADERS = [
    OpenApiParameter(
        name="Content-Disposition",
        type=OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200],
        description='`inline; filename="style-image-<id>.<ext>"`.',
    ),
    OpenApiParameter(
        name="Cache-Control",
        type=OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200],
        description="`private`: only the caller's own browser may keep it.",
    ),
]


def _binary_responses(content_types: list[str], description: str) -> dict:
    responses: dict = {
        (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description=description)
        for content_type in content_types
    }
    responses[404] = NOT_FOUND
    return responses


@extend_schema(tags=["style-images"])
@extend_schema_view(
    list=extend_schema(summary="List style pictures", description="Newest first; deleted pictures never appear."),
    retrieve=extend_schema(summary="One style picture", responses={200: StyleImageSerializer, 404: NOT_FOUND}),
    update=extend_schema(
        summary="Change a picture's description and order",
        description="The file cannot be replaced (`image_file` → 400); upload a new picture instead.",
        request=StyleImageUpdateSerializer,
        responses={200: StyleImageSerializer, 400: VALIDATION_ERROR, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change a picture's description and/or order",
        description="The file cannot be replaced (`image_file` → 400); upload a new picture instead.",
        request=StyleImageUpdateSerializer,
        responses={200: StyleImageSerializer, 400: VALIDATION_ERROR, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete a picture (soft)",
        description="The picture vanishes from every endpoint (404); an admin can restore it until it is purged.",
        responses={204: None, 404: NOT_FOUND},
    ),
)
class StyleImageViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Private pictures of orders: sketches, swatches, fitting photos. The whole team writes."""

    permission_classes = [StaffWrites]
    serializer_class = StyleImageSerializer
    filterset_class = StyleImageFilter
    search_fields = ["description"]
    ordering_fields = ["uploaded_at", "id"]
    ordering = ["-uploaded_at", "-id"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.style_image_list()

    def get_serializer_class(self):
        if self.action == "create":
            return StyleImageUploadSerializer
        if self.action in ("update", "partial_update"):
            return StyleImageUpdateSerializer
        return StyleImageSerializer

    def get_parsers(self):
        # Uploads are multipart only, so a JSON body to POST is a clear 415.
        action_name = getattr(self, "action", None)
        if action_name is None and getattr(self, "request", None) is not None:
            action_name = getattr(self, "action_map", {}).get(self.request.method.lower())
        if action_name == "create":
            return [StudioMultiPartParser(), StudioFormParser()]
        return [StudioJSONParser()]

    def perform_content_negotiation(self, request, force=False):
        # The file endpoints answer with the picture whatever Accept says (their errors are
        # JSON), so `Accept: image/png`, `*/*` or `application/json` never end in 406.
        if getattr(self, "action", None) in ("file", "thumbnail"):
            force = True
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        summary="Upload a picture of an order",
        description=(
            "multipart/form-data with `order`, `image_file` and optional `description`. The file must "
            "decode as a whole JPEG, PNG or WebP of at most 40 megapixels and MAX_UPLOAD_BYTES (10 MB); "
            "it is re-encoded (EXIF orientation applied; EXIF, GPS and XMP removed) and stored under a "
            "generated name, with a JPEG thumbnail. Any other content type → 415."
        ),
        request={"multipart/form-data": StyleImageUploadSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: StyleImageSerializer, 400: VALIDATION_ERROR, 413: TOO_LARGE, 415: UNSUPPORTED},
    )
    def create(self, request, *args, **kwargs):
        # Refuse an oversized body from its declared length, before it is parsed or spooled.
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > settings.MAX_UPLOAD_BYTES + UPLOAD_ENVELOPE_BYTES:
            raise UploadTooLarge(
                f"The request body is {declared} bytes; a picture may be at most {settings.MAX_UPLOAD_BYTES} bytes.",
                max_bytes=settings.MAX_UPLOAD_BYTES,
            )
        return self._upload(request)

    # Idempotency-Key (the fingerprint covers the file's digest) once the length is known to fit.
    @idempotent
    def _upload(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        image = services.style_image_create(
            order=serializer.validated_data["order"],
            image_file=serializer.validated_data["image_file"],
            description=serializer.validated_data["description"],
            actor=request.user,
        )
        image = selectors.style_image_list().get(pk=image.pk)
        body = StyleImageSerializer(image, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        image = self.get_object()
        serializer = self.get_serializer(image, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        image = services.style_image_update(
            style_image=image,
            actor=request.user,
            order=serializer.validated_data.get("order"),
            description=serializer.validated_data.get("description"),
        )
        return Response(StyleImageSerializer(image, context=self.get_serializer_context()).data)

    def destroy(self, request, *args, **kwargs):
        services.style_image_delete(style_image=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _stream(self, image: StyleImage, field: str, content_type: str, extension: str) -> FileResponse:
        stored = getattr(image, field)
        try:
            handle = stored.storage.open(stored.name, "rb")
        except (FileNotFoundError, ValueError) as exc:
            logger.error("style image %s has no stored %s (%r)", image.pk, field, stored.name)
            raise Http404("The picture's file is missing.") from exc
        response = FileResponse(
            handle,
            content_type=content_type,
            as_attachment=False,
            filename=f"style-image-{image.pk}{'-thumbnail' if field == 'thumbnail' else ''}{extension}",
        )
        response["Cache-Control"] = "private"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    @extend_schema(
        summary="The picture itself",
        description="Streams the stored picture (its `content_type`), to authenticated staff only.",
        responses=_binary_responses(IMAGE_CONTENT_TYPES, "The picture."),
        parameters=STREAM_HEADERS,
    )
    @action(detail=True, methods=["get"], url_path="file", url_name="file")
    def file(self, request, *args, **kwargs):
        image = self.get_object()
        extension = EXTENSIONS.get(image.content_type, "")
        return self._stream(image, "image_file", image.content_type, extension)

    @extend_schema(
        summary="A thumbnail of the picture",
        description="A JPEG at most 320 px on its longest side, to authenticated staff only.",
        responses=_binary_responses(["image/jpeg"], "The thumbnail."),
        parameters=STREAM_HEADERS,
    )
    @action(detail=True, methods=["get"], url_path="thumbnail", url_name="thumbnail")
    def thumbnail(self, request, *args, **kwargs):
        return self._stream(self.get_object(), "thumbnail", "image/jpeg", ".jpg")
