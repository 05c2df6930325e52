"""{{ entry|action_words }} and {% for label, before, after in entry|change_rows %}: the audit
trail in words (see core.auditview)."""

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist

from dienhinh.core import auditview

register = template.Library()


@register.filter
def action_words(entry: Any) -> str:
    return auditview.action_label(entry.action if hasattr(entry, "action") else str(entry))


@register.filter
def change_rows(entry: Any) -> list[tuple[str, str, str]]:
    return auditview.changes(entry)


@register.filter
def state_name(value: Any, obj: Any) -> str:
    """The name of state `value` of `obj`'s model (its "state" or "status" field)."""
    for name in ("state", "status"):
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
