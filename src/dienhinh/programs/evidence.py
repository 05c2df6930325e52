"""What evidence each criterion asks for, in words, read from its rule and parameters.

The program page shows it under each criterion, so that the unit knows what to record and attach
before the check runs: a computed rule reads figures recorded on the candidate's page (with the
document they come from), a qualitative criterion is attested by the reviewer from the documents
attached.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienhinh.programs.enums import DisciplineLevel, Metric, Rating, RuleKind, ViolationKind


def _label(choices: Any, value: Any) -> str:
    return str(dict(choices.choices).get(value, value))


def _ratings_window(p: dict[str, Any]) -> str:
    return _(
        "The annual rating of each of the %(years)s years before recognition, from the rating "
        "decisions: every year “%(min)s” or better, at least %(top_years)s of them “%(top)s”. "
        "Record them on the candidate's ratings and attach the decisions."
    ) % {
        "years": p["years"],
        "min": _label(Rating, p["min_level"]),
        "top_years": p["min_top_years"],
        "top": _label(Rating, p["top_level"]),
    }


def _outstanding_recognition(p: dict[str, Any]) -> str:
    # The window is the program's (Program.outside_window_years) unless the rule names one.
    return _(
        "For a subject outside the rating regime: the document of a competent authority "
        "recognising an outstanding achievement within the %(years)s years before recognition. "
        "Record it among the candidate's recognitions and attach it."
    ) % {"years": p["years"]}


def _household_culture(p: dict[str, Any]) -> str:
    kinds = ", ".join(_label(ViolationKind, k).lower() for k in p.get("violation_kinds", []))
    return _(
        "The “cultural family” recognition of each of the %(years)s years before recognition, "
        "and the confirmation (of the commune or the police) that no member committed: %(kinds)s. "
        "Record them on the candidate's family page and attach the documents."
    ) % {"years": p["years"], "kinds": kinds}


def _years(p: dict[str, Any]) -> str:
    back = int(p.get("years_back", 0))
    if back == 0:
        return _("in the recognition year")
    return ngettext(
        "in the recognition year or the year before",
        "in the recognition year or one of the %(n)s years before",
        back,
    ) % {"n": back}


def _metric_threshold(p: dict[str, Any]) -> str:
    metric = _label(Metric, p["metric"])
    if "min" in p:
        bound = _("at least %(value)s") % {"value": p["min"]}
    else:
        bound = _("at most %(value)s") % {"value": p["max"]}
    return _(
        "The unit's %(metric)s %(when)s (%(bound)s), as published or certified by the body that "
        "measures it. Record the figure among the unit's metrics and attach the document."
    ) % {"metric": metric, "when": _years(p), "bound": bound}


def _no_discipline(p: dict[str, Any]) -> str:
    return _(
        "The unit's confirmation that no staff member was disciplined at the level “%(level)s” or "
        "above %(when)s; record any discipline on the candidate's page."
    ) % {"level": _label(DisciplineLevel, p["level"]), "when": _years(p)}


def _business_growth(p: dict[str, Any]) -> str:
    pairs = ", ".join(
        f"{_label(Metric, a).lower()} / {_label(Metric, b).lower()}" for a, b in p["pairs"]
    )
    return _(
        "The financial statements and the year's plan (%(pairs)s) %(when)s: each result above its "
        "plan or above the year before. Record the figures among the unit's metrics and attach "
        "the statements."
    ) % {"pairs": pairs, "when": _years(p)}


def _model_size(p: dict[str, Any]) -> str:
    return _(
        "A description of the production model confirmed by the commune: stable for at least "
        "%(years)s years, helping at least %(households)s farming households, creating jobs for "
        "at least %(jobs)s workers. Record the figures on the candidate's page."
    ) % {
        "years": p["stable_years"],
        "households": p["households_helped"],
        "jobs": p["jobs_created"],
    }


EXPLAIN = {
    RuleKind.RATINGS_WINDOW: _ratings_window,
    RuleKind.OUTSTANDING_RECOGNITION: _outstanding_recognition,
    RuleKind.HOUSEHOLD_CULTURE: _household_culture,
    RuleKind.METRIC_THRESHOLD: _metric_threshold,
    RuleKind.NO_DISCIPLINE: _no_discipline,
    RuleKind.BUSINESS_GROWTH: _business_growth,
    RuleKind.MODEL_SIZE: _model_size,
}


def evidence_for(rule_kind: str, params: dict[str, Any], program: Any = None) -> str:
    """The evidence a criterion of this rule and these parameters (in `program`) asks for."""
    window = getattr(program, "outside_window_years", None)
    if rule_kind == RuleKind.OUTSTANDING_RECOGNITION and "years" not in params and window:
        params = {**params, "years": window}
    explain = EXPLAIN.get(RuleKind(rule_kind)) if rule_kind in RuleKind.values else None
    if explain is None:
        return _(
            "Documents that show it (reports, decisions, certificates of merit, photographs, "
            "press articles), attached to the candidate; the standing agency's reviewer attests "
            "the criterion from them."
        )
    try:
        return explain(params)
    except (KeyError, TypeError):  # a program edited with a parameter missing: say it plainly
        return _("The evidence this rule reads: see its parameters.")
