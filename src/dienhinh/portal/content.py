"""Checks on what the standing agency puts on the public pages: rich text and photos."""

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dienhinh.core.files import sniff

# The only markup a story may carry; everything else is stripped (the text inside is kept).
ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

PHOTO_MAX_BYTES = 3 * 1024 * 1024
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
