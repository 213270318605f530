from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.fields import StrictCharField
from common.serializers import StudioModelSerializer
from media_assets.models import StyleImage
from orders.models import Order


class StyleImageSerializer(StudioModelSerializer):
    """A picture as clients see it. The file is reached only through the authenticated URLs."""

    customer = serializers.IntegerField(source="order.customer_id", read_only=True)
    file_url = serializers.SerializerMethodField(help_text="The picture; needs the Authorization header.")
    thumbnail_url = serializers.SerializerMethodField(
        help_text="A JPEG at most 320 px on its longest side; needs the Authorization header."
    )

    class Meta:
        model = StyleImage
        fields = [
            "id",
            "order",
            "customer",
            "description",
            "file_url",
            "thumbnail_url",
            "width",
            "height",
            "content_type",
            "size_bytes",
            "uploaded_at",
            "uploaded_by",
        ]
        read_only_fields = fields

    def _absolute(self, route: str, image: StyleImage) -> str:
        path = reverse(route, kwargs={"pk": image.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, image: StyleImage) -> str:
        return self._absolute("style-image-file", image)

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail_url(self, image: StyleImage) -> str:
        return self._absolute("style-image-thumbnail", image)


class StyleImageUploadSerializer(serializers.Serializer):
    """The multipart upload. The file is checked by decoding it in the service, not here."""

    order = serializers.PrimaryKeyRelatedField(queryset=Order.objects.all())
    image_file = serializers.FileField(help_text="A JPEG, PNG or WebP picture, at most 10 MB and 40 megapixels.")
    description = StrictCharField(multiline=True, max_length=500, required=False, allow_blank=True, default="")


class StyleImageUpdateSerializer(serializers.Serializer):
    order = serializers.PrimaryKeyRelatedField(queryset=Order.objects.all())
    description = StrictCharField(multiline=True, max_length=500, allow_blank=True)

    def validate(self, attrs):
        if "image_file" in getattr(self, "initial_data", {}):
            raise serializers.ValidationError(
                {"image_file": ["A picture's file cannot be replaced; upload a new picture instead."]}
            )
        return attrs
