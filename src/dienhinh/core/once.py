"""A create form sent twice (a double click, a resend after a slow answer) makes one record.

The form carries a fresh token (`token()`, a hidden field `once`). The view claims it in the
shared cache before it creates (`claim`: an atomic add, so of two requests racing only one
wins) and notes where the record it made is shown (`made`). The other request finds the claim
and is sent there (`previous`) instead of making a copy. A form without a token (an older page,
a script) is not held back. Edit forms need none: they carry the record's version.
"""

import secrets
from collections.abc import Mapping
from typing import Any

from django.core.cache import cache

FIELD = "once"
# How long a sent form is remembered: well past any resend of the same page.
SECONDS = 6 * 3600


def token() -> str:
    return secrets.token_urlsafe(16)


def _key(user: Any, value: str) -> str:
    return f"once:{user.pk}:{value}"


def given(data: Mapping[str, Any]) -> str:
    """The token a request sent, if it looks like one."""
    value = str(data.get(FIELD, ""))
    return (
        value
        if 16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()
        else ""
    )


def claim(user: Any, value: str) -> bool:
    """Whether this request is the first to send the form with this token (always, without one)."""
    return not value or cache.add(_key(user, value), "", SECONDS)


def made(user: Any, value: str, url: str) -> None:
    """Where the record the first request made is shown."""
    if value:
        cache.set(_key(user, value), url, SECONDS)


def release(user: Any, value: str) -> None:
    """The first request made nothing (an error): the form may be sent again."""
    if value:
        cache.delete(_key(user, value))


def previous(user: Any, value: str) -> str:
    """Where the first request's record is shown ("" while it is still being made)."""
    return str(cache.get(_key(user, value)) or "")
