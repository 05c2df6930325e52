"""Checks on what the standing agency puts on the public pages: rich text and photos."""

import io

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from dienhinh.core.files import sniff

# The only markup a story may carry; everything else is stripped (the text inside is kept).
ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

PHOTO_MAX_BYTES = 3 * 1024 * 1024
# The portal shows a story's photo at 3:2, at most this wide (larger uploads are reduced).
PHOTO_WIDTH = 1200
PHOTO_MAX_PIXELS = 40_000_000  # refused beyond (a small file that decodes into a huge image)
_PHOTO_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}


def sanitise(html: str | None) -> str:
    """The story body reduced to the small tag set; links get rel="noopener"."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    ).strip()


def photo_type(head: bytes) -> str | None:
    """The photo's MIME type read from its first bytes (PNG or JPEG), never from its name."""
    return _PHOTO_TYPES.get(sniff(head) or "")


def validate_photo(upload) -> None:
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo is larger than 3 MB."), code="too_large")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if photo_type(head) is None:
        raise ValidationError(_("The photo must be a PNG or JPEG image."), code="bad_type")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            too_big = image.width * image.height > PHOTO_MAX_PIXELS
            image.verify()
    except Exception as exc:  # Pillow raises many kinds for a damaged file
        raise ValidationError(
            _("The photo could not be read as an image."), code="bad_image"
        ) from exc
    finally:
        upload.seek(position)
    if too_big:
        raise ValidationError(_("The photo has too many pixels."), code="too_many_pixels")


def fit_photo(upload) -> ContentFile:
    """The photo as the portal shows it: turned upright, cropped about its centre to 3:2, at
    most PHOTO_WIDTH wide, saved as JPEG."""
    upload.seek(0)
    with Image.open(upload) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    width = min(PHOTO_WIDTH, image.width, round(image.height * 3 / 2))
    image = ImageOps.fit(image, (width, round(width * 2 / 3)), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")
