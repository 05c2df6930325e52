"""Rules: one small class per kind. Each reads its parameters from a Criterion row (never a
number of its own) and answers, for the facts of one subject, a status and a reason.

Years: Y is the year of the recognition date. A window of `years` rating years is Y-years..Y-1
(recognition on 31/03/2025 with `years` 5 → 2020–2024). `years_back` N means Y-N..Y.
Negative facts (violations, disciplines) are the records kept: none recorded means none.
Positive facts (ratings, cultural family years, metrics, model measures) are needed: none
recorded means "missing".
"""

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.programs.eligibility import reasons as R
from dienhinh.programs.eligibility.facts import Facts
from dienhinh.programs.eligibility.reasons import Num, Reason, Years, metric_num
from dienhinh.programs.enums import (
    DISCIPLINE_ORDER,
    PERCENT_METRICS,
    RATING_ORDER,
    DisciplineLevel,
    Metric,
    Rating,
    RuleKind,
    ViolationKind,
)

PASS, FAIL, MISSING, ATTEST = "pass", "fail", "missing", "attest"
STATUSES = (PASS, FAIL, MISSING, ATTEST)

# Plain-str keys: the inner loops look up plain strings, not enum members.
_RATING_ORDER = {str(k): v for k, v in RATING_ORDER.items()}
_DISCIPLINE_ORDER = {str(k): v for k, v in DISCIPLINE_ORDER.items()}


class ParamError(ValueError):
    """A rule parameter is missing or wrong; `name` is its key (or "" for the whole set)."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Param:
    """One parameter of a rule: its type and bounds, used by the loader and by the edit form."""

    name: str
    label: str | Promise  # a lazy translation
    kind: str = "int"  # int | number | choice | choices | pairs
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    required: bool = True

    def clean(self, value):
        if self.kind in ("int", "number"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ParamError(self.name, _("must be a number"))
            if self.kind == "int" and not float(value).is_integer():
                raise ParamError(self.name, _("must be a whole number"))
            if self.kind == "int":
                value = int(value)
            if (self.low is not None and value < self.low) or (
                self.high is not None and value > self.high
            ):
                raise ParamError(
                    self.name,
                    _("must be between %(low)s and %(high)s")
                    % {"low": _bound(self.low), "high": _bound(self.high)},
                )
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise ParamError(
                    self.name,
                    _("must be one of: %(choices)s") % {"choices": ", ".join(self.choices)},
                )
            return str(value)
        if self.kind == "choices":
            if (
                not isinstance(value, list)
                or not value
                or any(v not in self.choices for v in value)
            ):
                raise ParamError(
                    self.name,
                    _("must be a non-empty list of: %(choices)s")
                    % {"choices": ", ".join(self.choices)},
                )
            return [str(v) for v in value]
        if self.kind == "pairs":
            ok = isinstance(value, list) and value
            ok = ok and all(
                isinstance(p, list) and len(p) == 2 and all(m in self.choices for m in p)
                for p in value
            )
            if not ok:
                raise ParamError(
                    self.name,
                    _(
                        "must be a non-empty list of [metric, plan metric] pairs, metrics from: %(choices)s"
                    )
                    % {"choices": ", ".join(self.choices)},
                )
            return [[str(a), str(b)] for a, b in value]
        raise AssertionError(self.kind)


def _bound(value) -> str:
    if value is None:
        return "∞"
    return str(int(value)) if float(value).is_integer() else str(value)


RULES: dict[str, type["Rule"]] = {}


def register(cls):
    RULES[cls.kind] = cls
    return cls


class Rule:
    """Base class. Subclasses set `kind` and `params`, and implement `check(facts)`."""

    kind: str = ""
    params: tuple[Param, ...] = ()
    # "rated": applies to subjects under the annual rating regime; "unrated": to those outside
    # it; None: to every subject the criterion names.
    regime: str | None = None
    # The Facts fields `check` reads besides the recognition date; None: any of them. Subjects
    # whose read facts are equal get the same result (`relevant`, used by `evaluate_many`).
    reads: tuple[str, ...] | None = None

    def __init__(self, params: dict):
        self.p = self.clean(params)

    def relevant(self, facts: Facts) -> Hashable:
        """Everything of `facts` that `check` reads (but the recognition date), hashable: equal
        values give equal results. Override to narrow it (e.g. to the years a rule looks at)."""
        names = FACT_NAMES if self.reads is None else self.reads
        return tuple(hashable(getattr(facts, name)) for name in names)

    @classmethod
    def clean(cls, raw) -> dict:
        """Validated parameters; raises ParamError naming the first bad one."""
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise ParamError("", _("parameters must be an object"))
        known = {p.name for p in cls.params}
        for key in raw:
            if key not in known:
                raise ParamError(key, _("unknown parameter"))
        cleaned = {}
        for param in cls.params:
            if param.name not in raw or raw[param.name] is None:
                if param.required:
                    raise ParamError(param.name, _("missing parameter"))
                continue
            cleaned[param.name] = param.clean(raw[param.name])
        cls.check_params(cleaned)
        return cleaned

    @classmethod
    def check_params(cls, params: dict) -> None:
        """Checks across parameters; override."""

    def check(self, facts: Facts) -> tuple[str, object]:
        raise NotImplementedError


FACT_NAMES = (
    "ratings",
    "recognitions",
    "cultural_family_years",
    "violations",
    "disciplines",
    "metrics",
    "model",
    "attestations",
)


def hashable(value: Any) -> Hashable:
    """A hashable equal for equal fact values (dicts, lists and sets of plain values or frozen
    dataclasses)."""
    if isinstance(value, dict):
        return tuple(sorted((k, hashable(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(hashable(v) for v in value)
    if isinstance(value, set | frozenset):
        return frozenset(value)
    return value


def rule_class(kind: str) -> type[Rule]:
    try:
        return RULES[kind]
    except KeyError:
        raise ParamError("kind", _("unknown rule kind “%(kind)s”") % {"kind": kind}) from None


def compile_rule(kind: str, params: dict) -> Rule:
    return rule_class(kind)(params)


_RATINGS = tuple(Rating.values)
_LEVELS = tuple(DisciplineLevel.values)
_METRICS = tuple(Metric.values)


@register
class Attest(Rule):
    """Qualitative: a reviewer confirms with evidence; until then it does not change the verdict
    (the engine reads the reviewer's word from `Facts.attestations`)."""

    kind = RuleKind.ATTEST.value
    reads = ()

    def check(self, facts):
        return ATTEST, Reason(R.ATTEST)


@register
class RatingsWindow(Rule):
    """The `years` rating years before recognition all at `min_level` or above, at least
    `min_top_years` of them at `top_level` (Guide 2533 §II.2.1: 5 years, htt, 1 year htxs)."""

    kind = RuleKind.RATINGS_WINDOW.value
    regime = "rated"
    reads = ("ratings",)
    params = (
        Param("years", gettext_lazy("Number of years"), low=1, high=20),
        Param("min_level", gettext_lazy("Lowest rating allowed"), "choice", choices=_RATINGS),
        Param("top_level", gettext_lazy("Top rating"), "choice", choices=_RATINGS),
        Param("min_top_years", gettext_lazy("Years at the top rating, at least"), low=0, high=20),
    )

    @classmethod
    def check_params(cls, p):
        if p["min_top_years"] > p["years"]:
            raise ParamError("min_top_years", _("cannot exceed the number of years"))

    def __init__(self, params):
        super().__init__(params)
        self.years = self.p["years"]
        self.min_order = _RATING_ORDER[self.p["min_level"]]
        self.top_order = _RATING_ORDER[self.p["top_level"]]
        self.min_top = self.p["min_top_years"]

    def relevant(self, facts):
        """Only the ratings of the window's years."""
        end = facts.recognition_date.year
        ratings = facts.ratings
        return tuple(ratings.get(year) for year in range(end - self.years, end))

    def check(self, facts):
        ratings = facts.ratings
        end = facts.recognition_date.year
        start = end - self.years
        below = missing = None
        top = 0
        order = _RATING_ORDER
        for year in range(start, end):
            rating = ratings.get(year)
            if rating is None:
                missing = [*(missing or ()), year]
                continue
            rank = order[rating]
            if rank < self.min_order:
                below = [*(below or ()), (year, rating)]
            elif rank >= self.top_order:
                top += 1
        if below is None and missing is None and top >= self.min_top:
            return PASS, _RatingPass(self, facts)
        return self._explain(facts, start, end, below, missing, top)

    def _explain(self, facts, start, end, below, missing, top):
        level = R.RATING_PHRASE[self.p["min_level"]]
        if below:
            return FAIL, R.join(
                [
                    Reason(R.RATING_BELOW, year=y, rating=R.RATING_PHRASE[r], level=level)
                    for y, r in below
                ]
            )
        if missing and top + len(missing) >= self.min_top:
            return MISSING, Reason(R.RATING_MISSING, years=Years(missing))
        return FAIL, Reason(
            R.RATING_NO_TOP,
            span=Years(range(start, end)),
            level=level,
            count=self.min_top,
            top=R.RATING_PHRASE[self.p["top_level"]],
        )


class _RatingPass:
    """The pass reason, built only when read: bulk checks make none of it."""

    __slots__ = ("rule", "facts")

    def __init__(self, rule, facts):
        self.rule, self.facts = rule, facts

    def _reason(self):
        end = self.facts.recognition_date.year
        years = range(end - self.rule.years, end)
        tops = [y for y in years if _RATING_ORDER[self.facts.ratings[y]] >= self.rule.top_order]
        return Reason(
            R.RATING_PASS,
            span=Years(years),
            level=R.RATING_PHRASE[self.rule.p["min_level"]],
            top=R.RATING_PHRASE[self.rule.p["top_level"]],
            top_years=Years(tops),
        )

    def __str__(self):
        return str(self._reason())

    def in_language(self, language):
        return self._reason().in_language(language)


@register
class OutstandingRecognition(Rule):
    """Outside the rating regime: a recognition of outstanding achievement by a competent
    authority within the `years` years before recognition (or in the recognition year).

    `years` is the program's parameter `Program.outside_window_years` (Guide 2533 sets no window:
    the program's own reading), which the engine passes in; a criterion may still fix its own."""

    kind = RuleKind.OUTSTANDING_RECOGNITION.value
    reads = ("recognitions",)
    regime = "unrated"
    params = (Param("years", gettext_lazy("Number of years"), low=1, high=20, required=False),)
    DEFAULT_YEARS = 5  # only when no program gives one (a rule compiled on its own)

    def check(self, facts):
        end = facts.recognition_date.year
        start = end - self.p.get("years", self.DEFAULT_YEARS)
        if not facts.recognitions:
            return MISSING, Reason(R.RECOGNITION_MISSING, span=Years(range(start, end + 1)))
        inside = [r for r in facts.recognitions if start <= r.year <= end]
        if not inside:
            return FAIL, Reason(
                R.RECOGNITION_OUTSIDE,
                years=Years(r.year for r in facts.recognitions),
                span=Years(range(start, end + 1)),
            )
        best = max(inside, key=lambda r: r.year)
        return PASS, Reason(R.RECOGNITION_PASS, year=best.year, text=best.text)


@register
class HouseholdCulture(Rule):
    """Households: cultural family each of the `years` years before recognition, no member
    violation of `violation_kinds` in the `years` years up to the recognition date, the
    recognition year included up to that date (Guide 2533 §II.2.1: "05 năm đến thời điểm công
    nhận"; violations are recorded by year, so one of the recognition year counts). A
    non-empty list of years is the full record."""

    kind = RuleKind.HOUSEHOLD_CULTURE.value
    reads = ("cultural_family_years", "violations")
    params = (
        Param("years", gettext_lazy("Number of years"), low=1, high=20),
        Param(
            "violation_kinds",
            gettext_lazy("Violations that disqualify"),
            "choices",
            choices=tuple(ViolationKind.values),
        ),
    )

    def check(self, facts):
        end = facts.recognition_date.year
        start = end - self.p["years"]
        kinds = self.p["violation_kinds"]
        found = [v for v in facts.violations if start <= v.year <= end and v.kind in kinds]
        if found:
            return FAIL, R.join(
                [
                    Reason(R.VIOLATION_FOUND, year=v.year, violation=R.VIOLATION_PHRASE[v.kind])
                    for v in sorted(found, key=lambda v: v.year)
                ]
            )
        if not facts.cultural_family_years:
            return MISSING, Reason(R.CULTURE_MISSING)
        gaps = [y for y in range(start, end) if y not in facts.cultural_family_years]
        if gaps:
            return FAIL, Reason(R.CULTURE_GAP, years=Years(gaps))
        return PASS, Reason(R.CULTURE_PASS, span=Years(range(start, end)))


@register
class MetricThreshold(Rule):
    """A yearly metric reaches `min` (or stays at or below `max`) in the recognition year or
    one of the `years_back` years before it (field k: PAR index ≥ 85, satisfaction ≥ 95)."""

    kind = RuleKind.METRIC_THRESHOLD.value
    reads = ("metrics",)
    params = (
        Param("metric", gettext_lazy("Metric"), "choice", choices=_METRICS),
        Param("min", gettext_lazy("At least"), "number", low=0, required=False),
        Param("max", gettext_lazy("At most"), "number", low=0, required=False),
        Param("years_back", gettext_lazy("Years before the recognition year"), low=0, high=10),
    )

    @classmethod
    def check_params(cls, p):
        if ("min" in p) == ("max" in p):
            raise ParamError("min", _("give either a minimum or a maximum"))
        if p["metric"] in PERCENT_METRICS:
            for key in ("min", "max"):
                if key in p and p[key] > 100:
                    raise ParamError(
                        key, _("must be between %(low)s and %(high)s") % {"low": 0, "high": 100}
                    )

    def check(self, facts):
        metric = self.p["metric"]
        end = facts.recognition_date.year
        years = range(end, end - self.p["years_back"] - 1, -1)  # most recent first
        is_min = "min" in self.p
        threshold = self.p["min"] if is_min else self.p["max"]
        label = R.METRIC_LABEL[metric]
        shown = metric_num(metric, threshold)
        failed, missing = [], []
        for year in years:
            value = facts.metrics.get(year, {}).get(metric)
            if value is None:
                missing.append(year)
                continue
            ok = value >= threshold if is_min else value <= threshold
            values = {"metric": label, "year": year, "value": metric_num(metric, value)}
            if ok:
                if not is_min and threshold == 0:
                    return PASS, Reason(R.METRIC_NONE, metric=label, year=year)
                message = R.METRIC_REACHED if is_min else R.METRIC_WITHIN
                return PASS, Reason(message, threshold=shown, **values)
            if not is_min and threshold == 0:
                failed.append(Reason(R.METRIC_SOME, **values))
            else:
                message = R.METRIC_BELOW if is_min else R.METRIC_ABOVE
                failed.append(Reason(message, threshold=shown, **values))
        if missing:
            return MISSING, R.join(
                [*failed, Reason(R.METRIC_MISSING, metric=label, years=Years(missing))]
            )
        return FAIL, R.join(failed)


@register
class NoDiscipline(Rule):
    """No staff discipline at `level` or above in the recognition year (and `years_back`
    before): a reprimand (khiển trách) does not fail "warning (cảnh cáo) or above"."""

    kind = RuleKind.NO_DISCIPLINE.value
    reads = ("disciplines",)
    params = (
        Param("level", gettext_lazy("Lowest level that disqualifies"), "choice", choices=_LEVELS),
        Param("years_back", gettext_lazy("Years before the recognition year"), low=0, high=10),
    )

    def check(self, facts):
        end = facts.recognition_date.year
        start = end - self.p["years_back"]
        floor = _DISCIPLINE_ORDER[self.p["level"]]
        level = R.DISCIPLINE_PHRASE[self.p["level"]]
        inside = sorted(
            (d for d in facts.disciplines if start <= d.year <= end), key=lambda d: d.year
        )
        found = [d for d in inside if _DISCIPLINE_ORDER[d.level] >= floor]
        if found:
            return FAIL, R.join(
                [
                    Reason(
                        R.DISCIPLINE_FOUND,
                        year=d.year,
                        discipline=R.DISCIPLINE_PHRASE[d.level],
                        level=level,
                    )
                    for d in found
                ]
            )
        span = Years(range(start, end + 1))
        if inside:
            lighter = inside[-1]
            return PASS, Reason(
                R.DISCIPLINE_BELOW,
                level=level,
                years=span,
                discipline=R.DISCIPLINE_PHRASE[lighter.level],
                year=lighter.year,
            )
        return PASS, Reason(R.DISCIPLINE_NONE, level=level, years=span)


@register
class BusinessGrowth(Rule):
    """Each metric above its plan, or above its own value the year before, in the latest year
    recorded within the recognition year and the `years_back` years before it."""

    kind = RuleKind.BUSINESS_GROWTH.value
    reads = ("metrics",)
    params = (
        Param("pairs", gettext_lazy("Metrics and their plans"), "pairs", choices=_METRICS),
        Param(
            "compare", gettext_lazy("Compare with"), "choice", choices=("plan_or_previous_year",)
        ),
        Param("years_back", gettext_lazy("Years before the recognition year"), low=0, high=10),
    )

    def check(self, facts):
        end = facts.recognition_date.year
        years = range(end, end - self.p["years_back"] - 1, -1)
        statuses, parts = [], []
        for metric, plan_metric in self.p["pairs"]:
            status, reason = self._pair(facts, years, metric, plan_metric)
            statuses.append(status)
            parts.append(reason)
        if FAIL in statuses:
            status = FAIL
        elif MISSING in statuses:
            status = MISSING
        else:
            status = PASS
        return status, R.join(parts)

    def _pair(self, facts, years, metric, plan_metric):
        label = R.METRIC_LABEL[metric]
        year = next((y for y in years if facts.metrics.get(y, {}).get(metric) is not None), None)
        if year is None:
            return MISSING, Reason(R.METRIC_MISSING, metric=label, years=Years(years))
        value = facts.metrics[year][metric]
        plan = facts.metrics[year].get(plan_metric)
        previous = facts.metrics.get(year - 1, {}).get(metric)
        values = {"metric": label, "year": year, "value": Num(value)}
        if plan is not None and value > plan:
            return PASS, Reason(R.GROWTH_ABOVE_PLAN, plan=Num(plan), **values)
        if previous is not None and value > previous:
            return PASS, Reason(
                R.GROWTH_ABOVE_PREVIOUS, previous=Num(previous), prev_year=year - 1, **values
            )
        if plan is not None and previous is not None:
            return FAIL, Reason(
                R.GROWTH_FAIL, plan=Num(plan), previous=Num(previous), prev_year=year - 1, **values
            )
        return MISSING, Reason(R.GROWTH_NO_COMPARISON, **values)


@register
class ModelSize(Rule):
    """A household production model stable ≥ `stable_years` years, helping ≥
    `households_helped` farming households, creating ≥ `jobs_created` jobs (2, 2, 5)."""

    kind = RuleKind.MODEL_SIZE.value
    reads = ("model",)
    params = (
        Param("stable_years", gettext_lazy("Years stable, at least"), low=0, high=100),
        Param("households_helped", gettext_lazy("Households helped, at least"), low=0, high=10000),
        Param("jobs_created", gettext_lazy("Jobs created, at least"), low=0, high=100000),
    )

    def check(self, facts):
        statuses, parts = [], []
        for measure in ("stable_years", "households_helped", "jobs_created"):
            label = R.MEASURE_LABEL[measure]
            value = facts.model.get(measure)
            threshold = self.p[measure]
            if value is None:
                statuses.append(MISSING)
                parts.append(Reason(R.MEASURE_MISSING, measure=label))
            elif value >= threshold:
                statuses.append(PASS)
                parts.append(
                    Reason(
                        R.MEASURE_REACHED, measure=label, value=Num(value), threshold=Num(threshold)
                    )
                )
            else:
                statuses.append(FAIL)
                parts.append(
                    Reason(
                        R.MEASURE_BELOW, measure=label, value=Num(value), threshold=Num(threshold)
                    )
                )
        status = FAIL if FAIL in statuses else MISSING if MISSING in statuses else PASS
        return status, R.join(parts)
