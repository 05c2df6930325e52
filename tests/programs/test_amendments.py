"""Amending a criterion: the old row stays in force until the day before, past verdicts stay."""

import datetime

import pytest

from dienhinh.core.models import AuditEntry
from dienhinh.programs.domain import ProgramError
from dienhinh.programs.domain.editing import amend_criterion, correct_criterion
from dienhinh.programs.eligibility.engine import evaluate
from tests.programs.helpers import criterion, facts, good_ratings, program

pytestmark = pytest.mark.django_db

FROM = datetime.date(2026, 1, 1)


def _collective_k(day, par):
    return facts(
        "collective",
        "k",
        day=day,
        ratings=good_ratings(day.year - 5),
        metrics={
            day.year - 1: {"par_index": par, "satisfaction_index": 97},
            day.year: {"par_index": par, "late_dossiers": 0},
        },
    )


def _status(result, code):
    return next(r.status for r in result.results if r.code == code)


def test_amend_criterion_does_not_rewrite_past_verdicts(personas):
    old = criterion("k.2")
    past = _collective_k(datetime.date(2025, 3, 31), 86)
    assert _status(evaluate(program(), past), "k.2") == "pass"

    new = amend_criterion(
        old, actor=personas["standing"], effective_from=FROM, params={**old.params, "min": 90}
    )

    old.refresh_from_db()
    assert old.effective_to == datetime.date(2025, 12, 31)
    assert new.effective_from == FROM and new.amends == old and new.code == "k.2"
    assert _status(evaluate(program(), past), "k.2") == "pass"
    later = _collective_k(datetime.date(2026, 3, 31), 86)
    assert _status(evaluate(program(), later), "k.2") == "fail"
    assert list(program().criteria_on(datetime.date(2025, 12, 31)).filter(code="k.2")) == [old]
    assert list(program().criteria_on(FROM).filter(code="k.2")) == [new]
    entry = AuditEntry.objects.get(action="program.criterion.amend", object_id=str(new.pk))
    assert entry.changes["params"][1]["min"] == 90
    assert entry.actor == personas["standing"]


def test_amend_criterion_text_only(personas):
    new = amend_criterion(
        criterion("G1"), actor=personas["admin"], effective_from=FROM, text="Văn bản mới"
    )
    assert new.text == "Văn bản mới" and new.rule_kind == "attest"


def test_amend_criterion_rejects_bad_params_and_twice_the_same_row(personas):
    old = criterion("k.2")
    with pytest.raises(ProgramError):
        amend_criterion(
            old, actor=personas["admin"], effective_from=FROM, params={**old.params, "min": 150}
        )
    with pytest.raises(ProgramError):
        amend_criterion(old, actor=personas["admin"], effective_from=FROM, params=old.params)
    amend_criterion(
        old, actor=personas["admin"], effective_from=FROM, params={**old.params, "min": 90}
    )
    with pytest.raises(ProgramError):
        amend_criterion(old, actor=personas["admin"], effective_from=FROM, text="x")
    newest = criterion("k.2")
    with pytest.raises(ProgramError):
        amend_criterion(newest, actor=personas["admin"], effective_from=FROM, text="x")


def test_correct_criterion_changes_in_place_and_audits(personas):
    row = correct_criterion(
        criterion("k.3"),
        actor=personas["standing"],
        params={"metric": "satisfaction_index", "min": 96, "years_back": 1},
    )
    assert row.params["min"] == 96 and row.effective_from is None
    assert (
        AuditEntry.objects.filter(action="program.criterion.correct", object_id=str(row.pk)).count()
        == 1
    )


def test_one_evaluator_takes_each_day_its_rows_in_force(personas):
    """ProgramRules keeps a plan per span between the days a row comes into force or lapses:
    the days on either side of an amendment, in any order, each get the rows of their day."""
    from dienhinh.programs.eligibility.engine import ProgramRules

    old = criterion("k.2")
    new = amend_criterion(
        old, actor=personas["standing"], effective_from=FROM, params={**old.params, "min": 90}
    )
    rules = ProgramRules(program())
    days = [FROM, FROM - datetime.timedelta(days=1), datetime.date(2027, 6, 1)]
    days += [datetime.date(2025, 3, 31), FROM, FROM - datetime.timedelta(days=1)]
    for day in days:
        planned = [c.code for c in rules.plan("collective", "k", day) if c.code == "k.2"]
        rows = program().criteria_on(day).filter(code="k.2")
        assert planned == ["k.2"] and [r.pk for r in rows] == [old.pk if day < FROM else new.pk]
        chosen = next(c for c in rules.plan("collective", "k", day) if c.code == "k.2")
        assert chosen.effective_from == (None if day < FROM else FROM)
