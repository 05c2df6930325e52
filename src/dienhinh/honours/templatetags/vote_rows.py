"""The cells of a candidate's row on the vote session page, written in Python: a session puts
tens of candidates to the vote, and the template's lookups and links per row cost more than the
rest of the page's rendering (the same markup, escaped alike)."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def candidate_cells(row: dict) -> SafeString:
    """The candidate's name (linked to its dossier when `row["dossier_url"]`) and subject type,
    its unit, its field and how many members have voted on it (a badge for a paper ballot)."""
    exemplar = row["exemplar"]
    candidate = exemplar.candidate
    url = row.get("dossier_url")
    name = (
        format_html('<a href="{}">{}</a>', url, candidate.name) if url else escape(candidate.name)
    )
    if row["paper"]:
        count = format_html('<span class="badge badge--grey">{}</span>', _("Paper ballot"))
    else:
        count = row["count"]
    return format_html(
        '<td>{} <span class="muted">{}</span></td><td>{}</td><td>{}</td><td class="num">{}</td>',
        name,
        candidate.get_subject_type_display(),
        exemplar.organisation.name,
        candidate.field or "—",  # "code) name" (Field.__str__), escaped
        count,
    )
