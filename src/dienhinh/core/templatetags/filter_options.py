"""The options of a list filter's select, written in Python (the registrations' and the portal's
filters): a user of every unit is offered every field of every program of the country (hundreds
of options), and the template's loop with a comparison per option cost more than the rest of
the list page."""

from html import escape

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def select_options(field: BoundField) -> SafeString:
    """`<option>` elements of the field's choices as its widget holds them (a form may narrow
    the widget's alone), values and labels escaped, the current value selected."""
    choices = getattr(field.field.widget, "choices", ())
    value = field.value()
    current = "" if value is None else str(value)
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            f'<option value="{escape(str(choice))}"'
            f"{' selected' if str(choice) == current else ''}>{escape(str(label))}</option>"
            for choice, label in choices
        )
    )
