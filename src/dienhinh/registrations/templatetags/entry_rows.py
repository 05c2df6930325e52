"""The cells of an entry's row on the registration page, written in Python: the page lists up to
a unit's whole registration, and the template's twenty lookups a row cost more than the rest of
the page's rendering (the same markup, escaped alike)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from dienhinh.registrations.models import Entry
from dienhinh.registrations.templatetags.verdicts import verdict

register = template.Library()

# The outline of the solutions shown in the table, as `truncatewords:30` cut it.
SOLUTION_WORDS = 30


@register.filter
def entry_cells(entry: Entry, number: int) -> SafeString:
    """Number, name (and head), position, workplace and address, field, the solutions' outline
    and the verdict (`entry.candidate_url` and `entry.evaluation` set by the view)."""
    c = entry.candidate
    name = format_html('<a href="{}">{}</a>', entry.candidate_url, c.name)  # type: ignore[attr-defined]
    if c.head_name:
        name = format_html('{}<br><span class="muted">{}</span>', name, c.head_name)
    separator = "; " if c.position and c.workplace else ""
    place = format_html("{}{}{}", c.position, separator, c.workplace)
    if c.address:
        place = format_html("{}<br>{}", place, c.address)
    outline = Truncator(c.solutions).words(SOLUTION_WORDS, truncate=" …")
    return format_html(
        '<td class="num">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>',
        number,
        name,
        place,
        c.field or "—",  # "code) name" (Field.__str__), escaped
        outline,
        verdict(entry.evaluation),  # type: ignore[attr-defined]
    )
