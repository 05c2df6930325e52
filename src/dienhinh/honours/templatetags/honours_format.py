"""Template filters of the honours pages: amounts of money in the reader's language."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def grouped(value) -> str:
    """1500000 → '1.500.000' in Vietnamese, '1,500,000' in English (the locale's separator)."""
    if value in (None, ""):
        return ""
    return number_format(value, decimal_pos=0, force_grouping=True)


@register.filter
def vnd(value) -> str:
    """1500000 → '1.500.000 đồng' in Vietnamese, '1,500,000 VND' in English."""
    if value in (None, ""):
        return ""
    return _("%(amount)s VND") % {"amount": grouped(value)}
