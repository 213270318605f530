from django.db.models import QuerySet

from media_assets.models import StyleImage


def style_image_list() -> QuerySet[StyleImage]:
    """Pictures the API knows (not soft-deleted), with the order joined for `customer`."""
    return StyleImage.objects.visible().select_related("order")
