"""Cover images: the upload is checked by its content (not its name), decoded by Pillow, turned
upright and re-encoded as JPEG in three widths. Re-encoding drops every piece of metadata the file
carried (EXIF with its GPS position and camera, XMP, comments)."""

import io
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .common import refused

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MIN_SIDE = 200
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
WIDTHS = {"large": 1200, "medium": 640, "small": 320}
QUALITY = 82


@dataclass(frozen=True)
class Renditions:
    large: ContentFile
    medium: ContentFile
    small: ContentFile


def _refuse(code: str, message: Any) -> Exception:
    return refused(code, "cover", message)


def _read(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _refuse("image_too_large", _("The cover must be at most 10 MB."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse("image_too_large", _("The cover must be at most 10 MB."))
    return data


def _opened(data: bytes) -> Image.Image:
    not_a_picture = _("The cover must be a JPEG, PNG, WebP or GIF picture.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise _refuse("image_invalid", not_a_picture)
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise _refuse("image_too_large", _("The cover has too many pixels (at most 40 million)."))
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse("image_invalid", not_a_picture) from None
    if min(image.size) < MIN_SIDE:
        raise _refuse("image_invalid", _("The cover must be at least 200 pixels wide and high."))
    return image


def _jpeg(image: Image.Image, width: int) -> ContentFile:
    copy = image
    if image.width > width:
        copy = image.resize((width, max(round(width * image.height / image.width), 1)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)  # no exif= : none is written
    return ContentFile(buffer.getvalue(), name="cover.jpg")


def renditions_of(upload: Any) -> Renditions:
    """The three widths of a cover, or a refusal with the reason (the field is ``cover``)."""
    image = _opened(_read(upload))
    image = ImageOps.exif_transpose(image) or image
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = image.convert("RGB")
    return Renditions(**{name: _jpeg(image, width) for name, width in WIDTHS.items()})
