"""The cells of an entry's row on the registration page, written in Python: the page lists up to
a unit's whole registration, and the template's twenty lookups a row cost more than the rest of
the page's rendering (the same markup, escaped alike: `core.markup.esc`)."""

from django import template
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from dienhinh.core.markup import esc
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
    name = f'<a href="{esc(entry.candidate_url)}">{esc(c.name)}</a>'  # type: ignore[attr-defined]
    if c.head_name:
        name += f'<br><span class="muted">{esc(c.head_name)}</span>'
    separator = "; " if c.position and c.workplace else ""
    place = f"{esc(c.position)}{separator}{esc(c.workplace)}"
    if c.address:
        place += f"<br>{esc(c.address)}"
    outline = Truncator(c.solutions).words(SOLUTION_WORDS, truncate=" …")
    field = esc(c.field) if c.field else "—"  # "code) name" (Field.__str__)
    return SafeString(
        f'<td class="num">{number}</td><td>{name}</td><td>{place}</td><td>{field}</td>'
        f"<td>{esc(outline)}</td><td>{verdict(entry.evaluation)}</td>"  # type: ignore[attr-defined]
    )
