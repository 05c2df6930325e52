"""The open dataset of honoured exemplars: what their public pages show, and nothing more.

One row per honour in force of an exemplar whose story is public (portal.queries): the
exemplar's name and kind, its unit, field and program, the decision (number, date, authority,
form, level) and the public page's address. Ratings, addresses, notes, people's positions and
workplaces, evidence and anything about the people who recorded them are never read here.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dienhinh.honours.models import Honour
from dienhinh.portal.models import Story

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
PAGE_SIZE = 500

# The data dictionary: each column, its type and what it means (shown on the dictionary page).
COLUMNS = [
    ("honour_id", "integer", _("Number of the honour in this system (stable).")),
    ("exemplar_id", "integer", _("Number of the exemplar; its public page is page_url.")),
    ("name", "text", _("Name of the exemplar: unit, person, household or model.")),
    ("subject_type", "text", _("collective, individual, household or model.")),
    ("organisation", "text", _("The unit that registered it.")),
    ("organisation_code", "text", _("The unit's code in this system.")),
    ("field", "text", _("Field of work, as named by the program.")),
    ("program", "text", _("Document number of the program (plan or guide).")),
    ("program_title", "text", _("Short title of the program.")),
    ("decision_number", "text", _("Number of the decision that honours it.")),
    ("decision_date", "date (YYYY-MM-DD)", _("Date of the decision.")),
    ("authority", "text", _("Authority that issued the decision.")),
    ("form", "text", _("Form of honour (code).")),
    ("level", "text", _("Level of the honour, when the decision names one.")),
    ("page_url", "URL", _("The exemplar's public page.")),
]


def public_honours() -> QuerySet:
    """Honours in force of exemplars whose story is public, oldest decision first."""
    public = Story.objects.public().values("exemplar_id")
    return (
        Honour.objects.filter(is_revoked=False, exemplar_id__in=public)
        .select_related(
            "decision",
            "decision__program",
            "exemplar__candidate__field",
            "exemplar__organisation",
        )
        .order_by("decision__date", "id")
    )


def row(honour, page_url: str) -> dict:
    e, d = honour.exemplar, honour.decision
    c = e.candidate
    return {
        "honour_id": honour.pk,
        "exemplar_id": e.pk,
        "name": c.name,
        "subject_type": c.subject_type,
        "organisation": e.organisation.name,
        "organisation_code": e.organisation.code,
        "field": c.field.name if c.field_id else "",
        "program": d.program.number,
        "program_title": d.program.short_title,
        "decision_number": d.number,
        "decision_date": d.date.isoformat(),
        "authority": d.authority,
        "form": d.form,
        "level": d.level,
        "page_url": page_url,
    }
