"""Parts other apps add to the registration page: each takes the reader and the registration
and returns HTML ("" for nothing). The documents app adds the signed form's badge; this app
imports none of them."""

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from dienhinh.registrations.models import Registration

REGISTRATION_PANELS: list[Callable[[Any, Registration], str]] = []


def render_panels(user: Any, registration: Registration) -> SafeString:
    # Each panel renders a template (escaped there); the parts are joined as they are.
    return mark_safe("".join(panel(user, registration) for panel in REGISTRATION_PANELS))  # noqa: S308
