"""Pictures made in memory with Pillow, and a MEDIA_ROOT of each test's own."""

import io
import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from orders.tests.factories import OrderFactory

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def image_bytes(fmt: str = "JPEG", size=(64, 48), color="red", mode="RGB", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def noise_bytes(fmt: str = "PNG", size=(200, 200)) -> bytes:
    """A picture of random pixels: it barely compresses, so its size is predictable."""
    pixels = random.Random(size[0] * size[1]).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, format=fmt)
    return buffer.getvalue()


def jpeg_with_exif(size=(60, 40)) -> bytes:
    """A JPEG whose EXIF holds a camera, GPS coordinates and Orientation=6 (rotate 90° on display)."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Canon"
    exif[0x0131] = "SecretPhone 1.0"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (6.0, 27.0, 15.5)
    gps[3] = "E"
    gps[4] = (3.0, 23.0, 40.2)
    return image_bytes("JPEG", size=size, exif=exif)


def upload(data: bytes, name: str = "picture.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Every test writes into its own temporary directory, never the project's media/."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def order(db):
    return OrderFactory()
