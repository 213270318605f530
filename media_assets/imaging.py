"""Checking and re-encoding uploaded pictures with Pillow.

Nothing here touches storage or the database: an upload goes in, clean bytes come out (or a
ValidationError / UploadTooLarge says why not). A picture is accepted only when Pillow decodes
it completely as JPEG, PNG or WebP; what is kept is re-encoded from the decoded pixels, so
metadata (EXIF, GPS, XMP, comments) and any bytes smuggled after the image data are gone.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError
from rest_framework import status

from common.exceptions import DomainError

MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = 320
THUMBNAIL_CONTENT_TYPE = "image/jpeg"
THUMBNAIL_EXTENSION = ".jpg"

# Pillow format name -> (content type, extension of the stored file).
ACCEPTED_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
PNG_MODES = {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"}

# Pillow's own guard (Image.MAX_IMAGE_PIXELS, ~89 MP warning, ~179 MP DecompressionBombError
# raised by Image.open) is left at its default: the stricter 40 MP limit is checked here from
# the header, before any pixel is decoded. Silencing the warning with warnings.catch_warnings
# would not be thread-safe.


class UploadTooLarge(DomainError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The uploaded file is too large."


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedPicture:
    picture: EncodedImage
    thumbnail: EncodedImage


def _invalid(message: str) -> ValidationError:
    return ValidationError({"image_file": [message]})


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_BYTES


def check_upload_size(size: int) -> None:
    limit = max_upload_bytes()
    if size > limit:
        raise UploadTooLarge(
            f"The picture is {size} bytes; at most {limit} bytes ({limit / (1024 * 1024):g} MB) are accepted.",
            max_bytes=limit,
        )


def _read_upload(upload) -> bytes:
    limit = max_upload_bytes()
    if getattr(upload, "size", None) is not None:
        check_upload_size(upload.size)
    upload.seek(0)
    # Read one byte past the limit so a file whose declared size lied is still caught.
    data = upload.read(limit + 1)
    check_upload_size(len(data))
    if not data:
        raise _invalid("The submitted file is empty.")
    return data


def _decode(data: bytes) -> Image.Image:
    """Open, check and fully decode the bytes; refuse anything but a whole JPEG/PNG/WebP."""
    not_a_picture = "Upload a valid JPEG, PNG or WebP picture; this file is not one, or it is damaged or incomplete."
    allowed = list(ACCEPTED_FORMATS)
    try:
        with Image.open(io.BytesIO(data), formats=allowed) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise _invalid(not_a_picture)
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise _invalid(
                    f"The picture is {width}x{height} pixels ({width * height / 1_000_000:.1f} megapixels); "
                    f"at most {MAX_PIXELS // 1_000_000} megapixels are accepted."
                )
            # verify() checks the structure (PNG chunk CRCs...) without decoding; load() below
            # decodes every pixel, which is what catches a truncated JPEG.
            probe.verify()
        image = Image.open(io.BytesIO(data), formats=allowed)
        image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _invalid(f"The picture has too many pixels; at most {MAX_PIXELS // 1_000_000} megapixels.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        # Pillow reports damaged data through a variety of exception types.
        raise _invalid(not_a_picture) from exc
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _encode(image: Image.Image, source_format: str) -> EncodedImage:
    """Re-encode in the source's format. Only the ICC colour profile survives: colour matters for
    fabric swatches and a profile describes the screen, not the person or the place."""
    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    out = image
    if source_format == "JPEG" and out.mode not in ("RGB", "L"):
        out = out.convert("RGB")
        icc_profile = None  # a CMYK profile does not describe the converted pixels
    elif source_format == "PNG" and out.mode not in PNG_MODES:
        out = out.convert("RGBA")
        icc_profile = None
    elif source_format == "WEBP" and out.mode not in ("RGB", "RGBA"):
        out = out.convert("RGBA" if _has_alpha(out) else "RGB")
    if out is image:
        out = image.copy()
    out.info = {}
    options: dict = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if source_format == "JPEG":
        options.update(quality=90, optimize=True)
    elif source_format == "PNG":
        options["optimize"] = True
        if transparency is not None and out.mode in ("P", "L", "RGB", "1", "I", "I;16"):
            options["transparency"] = transparency
    else:
        options.update(quality=90, method=4)
    buffer = io.BytesIO()
    out.save(buffer, format=source_format, **options)
    content_type, extension = ACCEPTED_FORMATS[source_format]
    return EncodedImage(buffer.getvalue(), content_type, extension, out.width, out.height)


def _encode_thumbnail(image: Image.Image) -> EncodedImage:
    """A JPEG whose longest side is at most THUMBNAIL_SIZE; transparency is laid on white."""
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
    if _has_alpha(thumb):
        rgba = thumb.convert("RGBA")
        thumb = Image.new("RGB", rgba.size, "white")
        thumb.paste(rgba, mask=rgba.getchannel("A"))
    elif thumb.mode != "RGB":
        thumb = thumb.convert("RGB")
    thumb.info = {}
    buffer = io.BytesIO()
    thumb.save(buffer, format="JPEG", quality=85, optimize=True)
    return EncodedImage(buffer.getvalue(), THUMBNAIL_CONTENT_TYPE, THUMBNAIL_EXTENSION, thumb.width, thumb.height)


def process_upload(upload) -> ProcessedPicture:
    """Check an uploaded file and return the clean picture and its thumbnail.

    Raises UploadTooLarge (413) above settings.MAX_UPLOAD_BYTES and a ValidationError on
    `image_file` for anything that is not a whole JPEG, PNG or WebP of at most 40 megapixels.
    """
    data = _read_upload(upload)
    decoded = _decode(data)
    source_format = decoded.format
    try:
        with decoded:
            upright = ImageOps.exif_transpose(decoded)
            picture = _encode(upright, source_format)
            thumbnail = _encode_thumbnail(upright)
    except (OSError, ValueError, SyntaxError, TypeError) as exc:
        raise _invalid("This picture could not be processed; save it again as JPEG, PNG or WebP and retry.") from exc
    return ProcessedPicture(picture=picture, thumbnail=thumbnail)
