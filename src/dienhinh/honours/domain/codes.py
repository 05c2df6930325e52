"""Short verification codes of honours: the number printed under a certificate's QR code.

A code is the honour's id and an HMAC of it (CERTIFICATE_CODE_KEY, else SECRET_KEY), in base 32
without the letters people misread: "1234-K7QX9M2A". A code whose HMAC does not match is forged
(or mistyped); it never reaches the database."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from django.conf import settings

TAG_LENGTH = 8
CODE = re.compile(r"^\s*(\d{1,12})-([A-Z2-7]{8})\s*$")


def _key() -> bytes:
    key = str(settings.DIENHINH.get("CERTIFICATE_CODE_KEY") or settings.SECRET_KEY)
    return key.encode()


def _tag(honour_id: int) -> str:
    digest = hmac.new(_key(), f"honour:{honour_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:TAG_LENGTH]


def code_for(honour_id: int) -> str:
    """The printed code of the honour."""
    return f"{honour_id}-{_tag(honour_id)}"


def honour_id_of(code: str) -> int | None:
    """The honour id a genuine code names; None for a malformed or forged one."""
    match = CODE.match(code.upper())
    if match is None:
        return None
    honour_id = int(match.group(1))
    if not hmac.compare_digest(_tag(honour_id), match.group(2)):
        return None
    return honour_id
