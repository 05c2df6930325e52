"""The engine: which criteria apply, the verdict, bulk evaluation without per-subject queries."""

import pytest
from django.utils import translation

from dienhinh.programs.eligibility.engine import UnknownField, evaluate, evaluate_many
from tests.programs.helpers import QB, facts, good_ratings, program

pytestmark = pytest.mark.django_db


def _codes(evaluation):
    return [r.code for r in evaluation.results]


def test_evaluate_individual_in_subfield_gets_general_standards_and_parent_field():
    result = evaluate(program(), facts("individual", "c.1", ratings=good_ratings()))
    assert _codes(result) == ["G1", "G2", "G3", "G4", "c.1.1"]
    assert result.verdict == "pass"


def test_evaluate_subfield_criteria_do_not_apply_to_the_parent_field():
    result = evaluate(program(), facts("individual", "d", ratings=good_ratings()))
    # "d" itself has no criterion: a line says so, and the verdict waits for a sub-field.
    assert _codes(result) == ["G1", "G2", "G3", "G4", "d"]
    assert (result.results[-1].status, result.verdict) == ("missing", "incomplete")


def test_evaluate_collective_field_k_all_rules():
    f = facts(
        "collective",
        "k",
        ratings=good_ratings(),
        metrics={2024: {"par_index": 86.5, "satisfaction_index": 96.1}, 2025: {"late_dossiers": 0}},
        disciplines=[(2025, "khien_trach")],
    )
    result = evaluate(program(), f)
    assert _codes(result) == ["G1", "G2", "G3", "G4", "k.1", "k.2", "k.3", "k.4", "k.5"]
    assert result.verdict == "pass"
    assert {r.code: r.rule_kind for r in result.results}["k.5"] == "no_discipline_at_or_above"
    assert {r.code: r.field_code for r in result.results}["k.2"] == "k"


def test_evaluate_warning_fails_field_k():
    f = facts(
        "collective",
        "k",
        ratings=good_ratings(),
        metrics={2024: {"par_index": 90, "satisfaction_index": 99}, 2025: {"late_dossiers": 0}},
        disciplines=[(2025, "canh_cao")],
    )
    result = evaluate(program(), f)
    assert result.verdict == "fail"
    assert [r.code for r in result.failed] == ["k.5"]


def test_evaluate_individual_does_not_get_collective_only_criteria():
    result = evaluate(program(), facts("individual", "k", ratings=good_ratings()))
    assert _codes(result) == ["G1", "G2", "G3", "G4", "k.1"]


def test_evaluate_unrated_subject_gets_recognition_not_ratings():
    f = facts("individual", "a", rated=False, recognitions=[(2024, "Bằng khen")])
    result = evaluate(program(), f)
    assert "G4" not in _codes(result) and "G5" in _codes(result)
    assert result.verdict == "pass"


def test_evaluate_rated_unknown_makes_both_missing():
    f = facts("collective", "a", rated=None, ratings=good_ratings())
    result = evaluate(program(), f)
    statuses = {r.code: r.status for r in result.results}
    assert statuses["G4"] == statuses["G5"] == "missing"
    assert result.verdict == "incomplete"
    with translation.override("en"):
        assert result.to_dict()["criteria"][3] == {
            "code": "G4",
            "status": "missing",
            "reason": "Not recorded whether the subject is rated every year",
        }


def test_evaluate_household_and_model():
    f = facts(
        "household",
        "n",
        rated=None,
        cultural_family_years=range(2020, 2025),
        model={"stable_years": 2, "households_helped": 2, "jobs_created": 5},
    )
    result = evaluate(program(), f)
    assert _codes(result) == ["G1", "G2", "G3", "G6", "n.5", "n.6"]
    assert result.verdict == "pass"
    model = evaluate(program(), facts("model", "n", model={"stable_years": 1}))
    assert _codes(model) == ["n.5", "n.6"]
    assert model.verdict == "fail"


def test_evaluate_fail_beats_missing_and_attest_never_changes_the_verdict():
    f = facts("individual", None, ratings={2020: "kht"})
    result = evaluate(program(), f)
    assert result.verdict == "fail"
    only_attest = evaluate(program(QB), facts("individual", "b"))
    assert {r.status for r in only_attest.results} == {"attest"}
    assert only_attest.verdict == "pass"


def test_evaluate_unknown_field_raises():
    with pytest.raises(UnknownField):
        evaluate(program(), facts("individual", "z"))


def test_to_dict_shape():
    with translation.override("en"):
        data = evaluate(program(), facts("individual", "a", ratings=good_ratings())).to_dict()
    assert set(data) == {"verdict", "criteria"}
    assert all(set(c) == {"code", "status", "reason"} for c in data["criteria"])


def test_result_reason_in_both_languages():
    result = evaluate(program(), facts("individual", "a", ratings={**good_ratings(), 2022: "ht"}))
    g4 = next(r for r in result.results if r.code == "G4")
    assert g4.reason_in("en") == "In 2022 rated completed tasks, below completed tasks well"
    assert "2022" in g4.reason_in("vi")


def test_evaluate_many_loads_the_criteria_once(django_assert_num_queries):
    p = program()
    subjects = [facts("individual", "k", ratings=good_ratings()) for _ in range(200)]
    subjects += [facts("collective", "c.2", ratings={2020: "ht"}) for _ in range(200)]
    with django_assert_num_queries(1):  # the fields and criteria, side by side
        results = evaluate_many(p, subjects)
    assert [r.verdict for r in results] == ["pass"] * 200 + ["fail"] * 200


def test_evaluate_many_evaluates_a_shared_facts_object_once():
    p = program()
    histories = [good_ratings(), {**good_ratings(), 2021: "ht"}, {2020: "htt", 2022: "htxs"}, {}]
    plain = [facts("individual", "a", ratings=h) for h in histories * 3]
    shared = plain[:4] * 3  # the same Facts object listed more than once
    expected = [e.verdict for e in evaluate_many(p, plain)]
    assert expected == ["pass", "fail", "incomplete", "incomplete"] * 3
    evaluations = evaluate_many(p, shared)
    assert [e.verdict for e in evaluations] == expected
    assert evaluations[1] is evaluations[5]
