"""Small builders for the programs tests."""

import datetime

from django.utils import translation

from dienhinh.programs.eligibility.facts import Discipline, Facts, Recognition, Violation
from dienhinh.programs.eligibility.rules import compile_rule
from dienhinh.programs.models import Criterion, Program

LC = "lai-chau-2533"
QB = "quang-binh-2690"
DAY = datetime.date(2025, 3, 31)


def facts(subject="individual", field=None, day=DAY, **kw) -> Facts:
    kw.setdefault("rated", True)
    kw["recognitions"] = [Recognition(*r) for r in kw.get("recognitions", [])]
    kw["violations"] = [Violation(*v) for v in kw.get("violations", [])]
    kw["disciplines"] = [Discipline(*d) for d in kw.get("disciplines", [])]
    kw["cultural_family_years"] = set(kw.get("cultural_family_years", ()))
    return Facts(subject_type=subject, field_code=field, recognition_date=day, **kw)


def program(code=LC) -> Program:
    return Program.objects.get(code=code)


def criterion(code, program_code=LC) -> Criterion:
    return Criterion.objects.get(program__code=program_code, code=code, effective_to__isnull=True)


def check(code, f, program_code=LC, language="en"):
    """(status, reason in `language`) of criterion `code`'s rule on facts `f`."""
    c = criterion(code, program_code)
    status, reason = compile_rule(c.rule_kind, c.params).check(f)
    with translation.override(language):
        return status, str(reason)


def good_ratings(start=2020, top=2022):
    return {y: ("htxs" if y == top else "htt") for y in range(start, start + 5)}
