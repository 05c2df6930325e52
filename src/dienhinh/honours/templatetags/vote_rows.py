"""The cells of a candidate's row on the vote session page, written in Python: a session puts
tens of candidates to the vote, and the template's lookups and links per row cost more than the
rest of the page's rendering (the same markup, escaped alike: `core.markup.esc`)."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dienhinh.core.markup import esc

register = template.Library()


@register.filter
def candidate_cells(row: dict) -> SafeString:
    """The candidate's name (linked to its dossier when `row["dossier_url"]`) and subject type,
    its unit, its field and how many members have voted on it (a badge for a paper ballot)."""
    exemplar = row["exemplar"]
    candidate = exemplar.candidate
    url = row.get("dossier_url")
    name = f'<a href="{esc(url)}">{esc(candidate.name)}</a>' if url else esc(candidate.name)
    if row["paper"]:
        count = f'<span class="badge badge--grey">{esc(_("Paper ballot"))}</span>'
    else:
        count = esc(row["count"])
    return SafeString(
        f'<td>{name} <span class="muted">{esc(candidate.get_subject_type_display())}</span></td>'
        f"<td>{esc(exemplar.organisation.name)}</td>"
        f"<td>{esc(candidate.field or '—')}</td>"  # "code) name" (Field.__str__), escaped
        f'<td class="num">{count}</td>'
    )
