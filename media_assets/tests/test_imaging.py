import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from media_assets.imaging import MAX_PIXELS, UploadTooLarge, process_upload
from media_assets.tests.conftest import image_bytes, jpeg_with_exif, upload


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
)
def test_process_upload_keeps_the_format_of_each_accepted_kind(fmt, content_type):
    processed = process_upload(upload(image_bytes(fmt, size=(800, 600))))

    assert processed.picture.content_type == content_type
    assert Image.open(io.BytesIO(processed.picture.data)).format == fmt
    assert (processed.picture.width, processed.picture.height) == (800, 600)


def test_process_upload_makes_a_jpeg_thumbnail_at_most_320px():
    processed = process_upload(upload(image_bytes("PNG", size=(1000, 500))))

    thumb = Image.open(io.BytesIO(processed.thumbnail.data))
    assert thumb.format == "JPEG"
    assert thumb.size == (320, 160)


def test_process_upload_lays_a_transparent_png_thumbnail_on_white():
    processed = process_upload(upload(image_bytes("PNG", size=(50, 50), mode="RGBA", color=(0, 0, 0, 0))))

    thumb = Image.open(io.BytesIO(processed.thumbnail.data))
    assert thumb.getpixel((10, 10)) == (255, 255, 255)
    assert Image.open(io.BytesIO(processed.picture.data)).mode == "RGBA"


def test_process_upload_applies_orientation_and_drops_exif():
    processed = process_upload(upload(jpeg_with_exif(size=(60, 40))))

    stored = Image.open(io.BytesIO(processed.picture.data))
    assert stored.size == (40, 60)
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert b"Canon" not in processed.picture.data
    assert b"SecretPhone" not in processed.picture.data


def test_process_upload_drops_png_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "home address: 12 Secret Lane")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 6.4 3.4</x:xmpmeta>")

    processed = process_upload(upload(image_bytes("PNG", pnginfo=info), name="p.png"))

    assert b"Secret Lane" not in processed.picture.data
    assert b"xmpmeta" not in processed.picture.data


def test_process_upload_keeps_the_icc_colour_profile():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

    processed = process_upload(upload(image_bytes("JPEG", icc_profile=profile)))

    assert Image.open(io.BytesIO(processed.picture.data)).info.get("icc_profile") == profile


def test_process_upload_converts_cmyk_jpeg_to_rgb():
    processed = process_upload(upload(image_bytes("JPEG", mode="CMYK", color=(0, 255, 255, 0))))

    assert Image.open(io.BytesIO(processed.picture.data)).mode == "RGB"


def test_process_upload_drops_bytes_hidden_after_the_image():
    data = image_bytes("JPEG") + b"PK\x03\x04" + b"zip archive payload" * 50

    processed = process_upload(upload(data))

    assert b"zip archive payload" not in processed.picture.data


def test_process_upload_refuses_too_many_pixels_before_decoding(monkeypatch):
    data = image_bytes("PNG", size=(8000, 5001), mode="L")
    assert MAX_PIXELS < 8000 * 5001
    loaded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: loaded.append(self))

    with pytest.raises(ValidationError) as error:
        process_upload(upload(data, name="p.png"))

    assert "megapixels" in str(error.value.message_dict["image_file"])
    assert loaded == []


def test_process_upload_refuses_a_file_above_the_limit(settings):
    settings.MAX_UPLOAD_BYTES = 100

    with pytest.raises(UploadTooLarge) as error:
        process_upload(upload(image_bytes("JPEG")))

    assert error.value.extra == {"max_bytes": 100}


def test_process_upload_refuses_an_empty_file():
    with pytest.raises(ValidationError):
        process_upload(upload(b""))
