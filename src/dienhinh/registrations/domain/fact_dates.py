"""Years and dates of a candidate's facts that make sense: a rating, a recognition, a cultural-
family year, a violation, a discipline or a year's figures is not after the current year, nor
implausibly far before the candidate's recognition (a typing slip such as 1025 for 2025); the
recognition date is a plan and may be up to a year ahead."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import dates

# How far back a dossier's facts may plausibly go: a working life (or a unit's record), not the
# five years the standards read.
PLAUSIBLE_YEARS = 40

LABELS = {
    "ratings": gettext_lazy("Rating year"),
    "cultural_years": gettext_lazy("Cultural family year"),
    "metrics": gettext_lazy("Year of the figures"),
    "recognition": gettext_lazy("Recognition year"),
    "violation": gettext_lazy("Violation year"),
    "discipline": gettext_lazy("Discipline year"),
}


def anchor_year(recognition_date: datetime.date | None) -> int:
    """The year facts are read back from: the recognition's, or this year's when none is set."""
    return (recognition_date or timezone.localdate()).year


def year_problem(year: int | None, label: Any, anchor: int) -> str:
    """What is wrong with the year of a fact ("" when nothing)."""
    if year is None:
        return ""
    if problem := dates.year_problem(year, str(label)):
        return problem
    if year < anchor - PLAUSIBLE_YEARS:
        return _(
            "%(what)s %(year)s is implausibly early: more than %(n)s years before %(anchor)s. "
            "Check the year."
        ) % {"what": label, "year": year, "n": PLAUSIBLE_YEARS, "anchor": anchor}
    return ""


def facts_problem(recognition_date: datetime.date | None, **facts: Any) -> str:
    """The first problem among the years `save_facts` is about to record ("" when none).

    `facts` are save_facts' arguments: ratings/cultural_years/metrics map years to values (a
    year given only to remove its row is not checked); add_* are tuples starting with a year."""
    anchor = anchor_year(recognition_date)
    years: list[tuple[str, int]] = []
    for key in ("ratings", "cultural_years", "metrics"):
        for year, value in (facts.get(key) or {}).items():
            removing = not value or (
                isinstance(value, dict) and all(v is None for v in value.values())
            )
            if not removing:
                years.append((key, year))
    for key in ("recognition", "violation", "discipline"):
        if added := facts.get(f"add_{key}"):
            years.append((key, added[0]))
    for key, year in sorted(years, key=lambda item: item[1]):
        if problem := year_problem(year, LABELS[key], anchor):
            return problem
    return ""


def recognition_date_problem(day: datetime.date | None) -> str:
    """A recognition date is planned: it may be ahead, up to the end of next year."""
    if day is None:
        return ""
    return dates.year_problem(day.year, str(_("The recognition date's year")), ahead=1)


# The earliest year of birth taken as typed (a person honoured today, not a typing slip).
FIRST_BIRTH_YEAR = 1900


def birth_year_problem(year: int | None) -> str:
    """What is wrong with an individual's year of birth ("" when nothing)."""
    if year is None:
        return ""
    label = _("Year of birth")
    if problem := dates.year_problem(year, str(label)):
        return problem
    if year < FIRST_BIRTH_YEAR:
        return _("%(what)s %(year)s is before %(first)s: check the year.") % {
            "what": label,
            "year": year,
            "first": FIRST_BIRTH_YEAR,
        }
    return ""
