from media_assets.models import StyleImage
from media_assets.services import style_image_create
from media_assets.tests.conftest import image_bytes, upload
from orders.tests.factories import OrderFactory


def create_style_image(*, order=None, user=None, description: str = "Sketch", fmt: str = "JPEG") -> StyleImage:
    """A real stored picture, made the only way pictures are made: through the service."""
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    return style_image_create(
        order=order or OrderFactory(),
        image_file=upload(image_bytes(fmt, size=(400, 300)), name=f"p.{extension}"),
        description=description,
        actor=user,
    )
