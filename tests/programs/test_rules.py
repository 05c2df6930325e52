"""A table per rule: pass, fail, missing and the boundary values, with the Lai Châu parameters."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dienhinh.programs.eligibility.rules import (
    FAIL,
    MISSING,
    PASS,
    ParamError,
    RatingsWindow,
    compile_rule,
)
from tests.programs.helpers import check, facts, good_ratings

pytestmark = pytest.mark.django_db

G4_PARAMS = {"years": 5, "min_level": "htt", "top_level": "htxs", "min_top_years": 1}


@pytest.mark.parametrize(
    ("ratings", "status", "reason"),
    [
        (
            good_ratings(),
            PASS,
            "2020–2024 rated completed tasks well or above; completed tasks excellently in 2022",
        ),
        (
            {**good_ratings(), 2022: "ht"},
            FAIL,
            "In 2022 rated completed tasks, below completed tasks well",
        ),
        (
            {**good_ratings(top=2021), 2023: "kht"},
            FAIL,
            "In 2023 rated did not complete tasks, below completed tasks well",
        ),
        (
            {y: "htt" for y in range(2020, 2025)},
            FAIL,
            "2020–2024 rated completed tasks well or above, but no year completed tasks excellently",
        ),
        ({2020: "htt", 2022: "htxs", 2024: "htt"}, MISSING, "No rating recorded for 2021, 2023"),
        ({}, MISSING, "No rating recorded for 2020–2024"),
        # A failing year decides even when other years are missing.
        ({2020: "ht"}, FAIL, "In 2020 rated completed tasks, below completed tasks well"),
        # Years outside the window do not count: 2019 and 2025 are ignored.
        (
            {**{y: "htt" for y in range(2020, 2025)}, 2019: "htxs", 2025: "htxs"},
            FAIL,
            "2020–2024 rated completed tasks well or above, but no year completed tasks excellently",
        ),
        (
            {**good_ratings(), 2019: "kht", 2025: "kht"},
            PASS,
            "2020–2024 rated completed tasks well or above; completed tasks excellently in 2022",
        ),
    ],
)
def test_ratings_window_table(ratings, status, reason):
    assert check("G4", facts(ratings=ratings)) == (status, reason)


def test_ratings_window_is_2020_to_2024_for_recognition_on_31_03_2025():
    f = facts(ratings=good_ratings(), day=datetime.date(2025, 3, 31))
    assert check("G4", f)[0] == PASS
    f = facts(ratings=good_ratings(), day=datetime.date(2025, 12, 31))
    assert check("G4", f)[0] == PASS
    f = facts(ratings=good_ratings(), day=datetime.date(2026, 1, 1))  # window 2021–2025
    assert check("G4", f) == (MISSING, "No rating recorded for 2025")


def test_ratings_window_reason_in_vietnamese_uses_the_years():
    status, reason = check("G4", facts(ratings={**good_ratings(), 2022: "ht"}), language="vi")
    assert status == FAIL
    assert "2022" in reason


_LEVELS = ["htxs", "htt", "ht", "kht"]
_ORDER = {"htxs": 4, "htt": 3, "ht": 2, "kht": 1}


@settings(max_examples=200, deadline=None)
@given(
    recognition=st.dates(
        min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)
    ),
    ratings=st.dictionaries(st.integers(1990, 2110), st.sampled_from(_LEVELS), max_size=12),
)
def test_ratings_window_property_only_the_five_years_before_count(recognition, ratings):
    rule = RatingsWindow(G4_PARAMS)
    f = facts(ratings=ratings, day=recognition)
    status, _reason = rule.check(f)
    window = range(recognition.year - 5, recognition.year)
    inside = [ratings.get(y) for y in window]
    if any(r is not None and _ORDER[r] < 3 for r in inside):
        assert status == FAIL
    elif any(r is None for r in inside):
        assert status == MISSING
    elif "htxs" in inside:
        assert status == PASS
    else:
        assert status == FAIL
    # Changing a rating outside the window never changes the status.
    outside = {y: "kht" for y in (recognition.year - 6, recognition.year, recognition.year + 1)}
    assert rule.check(facts(ratings={**ratings, **outside}, day=recognition))[0] == status


@settings(max_examples=100, deadline=None)
@given(
    recognition=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31))
)
def test_ratings_window_property_full_good_window_passes(recognition):
    ratings = {recognition.year - k: "htt" for k in range(1, 6)}
    ratings[recognition.year - 3] = "htxs"
    assert RatingsWindow(G4_PARAMS).check(facts(ratings=ratings, day=recognition))[0] == PASS


@pytest.mark.parametrize(
    ("kwargs", "status", "reason"),
    [
        (
            {"recognitions": [(2024, "Bằng khen số 12/QĐ-UBND")]},
            PASS,
            "Recognised by a competent authority in 2024: Bằng khen số 12/QĐ-UBND",
        ),
        ({}, MISSING, "No recognition of outstanding achievement recorded for 2020–2025"),
        (
            {"recognitions": [(2018, "Giấy khen")]},
            FAIL,
            "The recognitions recorded (2018) fall outside 2020–2025",
        ),
    ],
)
def test_outstanding_recognition_table(kwargs, status, reason):
    assert check("G5", facts(rated=False, **kwargs)) == (status, reason)


@pytest.mark.parametrize(
    ("kwargs", "status", "reason"),
    [
        (
            {"cultural_family_years": range(2020, 2025)},
            PASS,
            "Cultural family in 2020–2024, no violation recorded",
        ),
        ({}, MISSING, "No cultural family recognition recorded"),
        (
            {"cultural_family_years": [2020, 2021, 2023, 2024]},
            FAIL,
            "Not recognised as a cultural family in 2022",
        ),
        (
            {"cultural_family_years": range(2020, 2025), "violations": [(2023, "traffic")]},
            FAIL,
            "In 2023 a member of the household was recorded for breaking traffic safety rules",
        ),
        (
            {"cultural_family_years": range(2020, 2025), "violations": [(2021, "social_evil")]},
            FAIL,
            "In 2021 a member of the household was recorded for social evils",
        ),
        (
            {"cultural_family_years": range(2020, 2025), "violations": [(2019, "law")]},
            PASS,
            "Cultural family in 2020–2024, no violation recorded",
        ),
    ],
)
def test_household_culture_table(kwargs, status, reason):
    assert check("G6", facts("household", **kwargs)) == (status, reason)


@pytest.mark.parametrize(
    ("metrics", "status", "reason"),
    [
        (
            {2024: {"par_index": 86.5}},
            PASS,
            "PAR index in 2024 was 86.5%, reaching the threshold of 85%",
        ),
        (
            {2024: {"par_index": 85}},
            PASS,
            "PAR index in 2024 was 85%, reaching the threshold of 85%",
        ),
        (
            {2025: {"par_index": 85.0}},
            PASS,
            "PAR index in 2025 was 85%, reaching the threshold of 85%",
        ),
        (
            {2024: {"par_index": 84.99}, 2025: {"par_index": 80}},
            FAIL,
            "PAR index in 2025 was 80%, below the threshold of 85%; "
            "PAR index in 2024 was 84.99%, below the threshold of 85%",
        ),
        (
            {2024: {"par_index": 84}},
            MISSING,
            "PAR index in 2024 was 84%, below the threshold of 85%; PAR index not recorded for 2025",
        ),
        ({}, MISSING, "PAR index not recorded for 2024, 2025"),
        # Two years before the recognition year is outside "the proposal year or the year before".
        ({2023: {"par_index": 99}}, MISSING, "PAR index not recorded for 2024, 2025"),
    ],
)
def test_par_index_threshold_table(metrics, status, reason):
    assert check("k.2", facts("collective", "k", metrics=metrics)) == (status, reason)


@pytest.mark.parametrize(
    ("value", "status"), [(95, PASS), (95.0, PASS), (94.99, FAIL), (100, PASS), (0, FAIL)]
)
def test_satisfaction_index_boundary(value, status):
    metrics = {2024: {"satisfaction_index": value}, 2025: {"satisfaction_index": value}}
    assert check("k.3", facts("collective", "k", metrics=metrics))[0] == status


@pytest.mark.parametrize(
    ("metrics", "status", "reason"),
    [
        ({2025: {"late_dossiers": 0}}, PASS, "Dossiers returned late in 2025: none"),
        (
            {2025: {"late_dossiers": 2}},
            FAIL,
            "Dossiers returned late in 2025 was 2, where none is allowed",
        ),
        # Only the recognition year counts.
        ({2024: {"late_dossiers": 3}}, MISSING, "Dossiers returned late not recorded for 2025"),
    ],
)
def test_late_dossiers_table(metrics, status, reason):
    assert check("k.4", facts("collective", "k", metrics=metrics)) == (status, reason)


@pytest.mark.parametrize(
    ("disciplines", "status", "reason"),
    [
        ([], PASS, "No discipline at or above warning in 2025"),
        (
            [(2025, "khien_trach")],
            PASS,
            "No discipline at or above warning in 2025 (reprimand in 2025 is below it)",
        ),
        (
            [(2025, "canh_cao")],
            FAIL,
            "In 2025 a staff member was disciplined with warning, at or above warning",
        ),
        (
            [(2025, "buoc_thoi_viec")],
            FAIL,
            "In 2025 a staff member was disciplined with dismissal, at or above warning",
        ),
        ([(2024, "cach_chuc")], PASS, "No discipline at or above warning in 2025"),
    ],
)
def test_no_discipline_table(disciplines, status, reason):
    assert check("k.5", facts("collective", "k", disciplines=disciplines)) == (status, reason)


@pytest.mark.parametrize(
    ("metrics", "status", "reason"),
    [
        (
            {
                2024: {
                    "revenue": 110,
                    "revenue_plan": 100,
                    "budget_paid": 10,
                    "budget_plan": 9,
                    "profit": 5,
                    "profit_plan": 4,
                }
            },
            PASS,
            "Revenue in 2024 was 110, above the plan of 100; state budget paid in 2024 was 10, "
            "above the plan of 9; profit in 2024 was 5, above the plan of 4",
        ),
        (
            {
                2023: {"revenue": 90, "budget_paid": 8, "profit": 3},
                2024: {
                    "revenue": 95,
                    "revenue_plan": 100,
                    "budget_paid": 9,
                    "budget_plan": 10,
                    "profit": 4,
                    "profit_plan": 5,
                },
            },
            PASS,
            "Revenue in 2024 was 95, up from 90 in 2023; state budget paid in 2024 was 9, up from "
            "8 in 2023; profit in 2024 was 4, up from 3 in 2023",
        ),
        (
            {
                2023: {"revenue": 100, "budget_paid": 8, "profit": 3},
                2024: {
                    "revenue": 100,
                    "revenue_plan": 100,
                    "budget_paid": 9,
                    "budget_plan": 8,
                    "profit": 4,
                    "profit_plan": 3,
                },
            },
            FAIL,
            "Revenue in 2024 was 100, not above the plan of 100 nor the 100 of 2023; state budget "
            "paid in 2024 was 9, above the plan of 8; profit in 2024 was 4, above the plan of 3",
        ),
        (
            {
                2024: {
                    "revenue": 100,
                    "budget_paid": 9,
                    "budget_plan": 8,
                    "profit": 4,
                    "profit_plan": 3,
                }
            },
            MISSING,
            "Revenue in 2024 was 100; no plan or previous year to compare with; state budget paid "
            "in 2024 was 9, above the plan of 8; profit in 2024 was 4, above the plan of 3",
        ),
    ],
)
def test_business_growth_table(metrics, status, reason):
    assert check("n.2", facts("collective", "n", metrics=metrics)) == (status, reason)


@pytest.mark.parametrize(("arrears", "status"), [(0, PASS), (1, FAIL), (None, MISSING)])
def test_tax_arrears_table(arrears, status):
    metrics = {2025: {"tax_arrears": arrears}} if arrears is not None else {}
    assert check("n.3", facts("collective", "n", metrics=metrics))[0] == status


@pytest.mark.parametrize(
    ("model", "status"),
    [
        ({"stable_years": 2, "households_helped": 2, "jobs_created": 5}, PASS),
        ({"stable_years": 1.9, "households_helped": 2, "jobs_created": 5}, FAIL),
        ({"stable_years": 2, "households_helped": 1, "jobs_created": 5}, FAIL),
        ({"stable_years": 2, "households_helped": 2, "jobs_created": 4}, FAIL),
        ({"stable_years": 10, "households_helped": 3, "jobs_created": 50}, PASS),
        ({"stable_years": 2, "households_helped": 2}, MISSING),
        ({}, MISSING),
    ],
)
def test_model_size_table(model, status):
    assert check("n.6", facts("household", "n", model=model))[0] == status


def test_model_size_reason_names_values_and_thresholds():
    model = {"stable_years": 2, "households_helped": 1, "jobs_created": 5}
    assert check("n.6", facts("household", "n", model=model)) == (
        FAIL,
        "Years stable: 2, reaching 2; farming households helped: 1, below 2; "
        "jobs created: 5, reaching 5",
    )


def test_attest_rule_answers_attest():
    assert check("G1", facts()) == ("attest", "To be confirmed by a reviewer with evidence")


def test_metric_reason_uses_the_vietnamese_decimal_comma():
    f = facts("collective", "k", metrics={2024: {"par_index": 86.5}})
    assert "86,5%" in check("k.2", f, language="vi")[1]
    assert "86.5%" in check("k.2", f, language="en")[1]


@pytest.mark.parametrize(
    ("kind", "params", "name"),
    [
        ("ratings_window", {"years": 5, "min_level": "htt", "top_level": "htxs"}, "min_top_years"),
        ("ratings_window", {**G4_PARAMS, "min_level": "good"}, "min_level"),
        ("ratings_window", {**G4_PARAMS, "min_top_years": 6}, "min_top_years"),
        ("metric_threshold", {"metric": "par_index", "min": 101, "years_back": 1}, "min"),
        ("metric_threshold", {"metric": "par_index", "min": "85", "years_back": 1}, "min"),
        ("metric_threshold", {"metric": "par_index", "years_back": 1}, "min"),
        ("metric_threshold", {"metric": "gdp", "min": 1, "years_back": 1}, "metric"),
        ("metric_threshold", {"metric": "par_index", "min": 85, "years_back": 1, "x": 1}, "x"),
        (
            "model_size",
            {"stable_years": 2, "households_helped": -1, "jobs_created": 5},
            "households_helped",
        ),
        ("no_discipline_at_or_above", {"level": "canh_cao", "years_back": 0.5}, "years_back"),
        ("nonsense", {}, "kind"),
    ],
)
def test_rule_parameters_are_validated(kind, params, name):
    with pytest.raises(ParamError) as exc:
        compile_rule(kind, params)
    assert exc.value.name == name
