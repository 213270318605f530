from django.conf import settings
from django.db import models


class StyleImageQuerySet(models.QuerySet):
    def visible(self):
        """Pictures that have not been deleted: the only ones the API knows."""
        return self.filter(deleted_at__isnull=True)


class StyleImage(models.Model):
    """A private picture attached to an order (a sketch, a fabric swatch, a fitting photo)."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="style_images")
    description = models.CharField(max_length=500, blank=True)
    # Re-encoded, metadata-free file under a generated name; never served by URL directly.
    image_file = models.FileField(upload_to="style-images/%Y/%m/", max_length=255)
    thumbnail = models.FileField(upload_to="style-images/thumbnails/%Y/%m/", max_length=255, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    content_type = models.CharField(max_length=50)
    size_bytes = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StyleImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"Picture {self.pk} of order {self.order_id}"
