"""One test per number of the two documents: it reads the data file, so changing a number there
(instead of amending it in the product, with a date) fails here."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "dienhinh" / "programs" / "data"


def _load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lc():
    data = _load("lai-chau-2533.json")
    criteria = {c["code"]: c for c in data["general_standards"]}
    for field in data["fields"]:
        criteria.update({c["code"]: c for c in field["criteria"]})
    return data, criteria


@pytest.fixture(scope="module")
def qb():
    return _load("quang-binh-2690.json")


def _params(lc, code):
    return lc[1][code]["rule"]["params"]


def test_number_85_par_index(lc):
    assert _params(lc, "k.2") == {"metric": "par_index", "min": 85, "years_back": 1}
    assert "85%" in lc[1]["k.2"]["text"]


def test_number_95_satisfaction_index(lc):
    assert _params(lc, "k.3") == {"metric": "satisfaction_index", "min": 95, "years_back": 1}
    assert "95%" in lc[1]["k.3"]["text"]


def test_number_5_years_of_ratings_1_year_excellent(lc):
    assert _params(lc, "G4") == {
        "years": 5,
        "min_level": "htt",
        "top_level": "htxs",
        "min_top_years": 1,
    }
    assert "05 năm" in lc[1]["G4"]["text"] and "01 năm" in lc[1]["G4"]["text"]


def test_number_5_years_cultural_family(lc):
    assert _params(lc, "G6") == {"years": 5, "violation_kinds": ["law", "traffic", "social_evil"]}


def test_number_1_year_proposal_year_or_the_year_before(lc):
    assert _params(lc, "k.2")["years_back"] == 1
    assert _params(lc, "k.3")["years_back"] == 1
    # Late dossiers and discipline: the proposal year only.
    assert _params(lc, "k.4") == {"metric": "late_dossiers", "max": 0, "years_back": 0}
    assert _params(lc, "k.5") == {"level": "canh_cao", "years_back": 0}


def test_number_2_years_2_households_5_jobs(lc):
    assert _params(lc, "n.6") == {"stable_years": 2, "households_helped": 2, "jobs_created": 5}
    text = lc[1]["n.6"]["text"]
    assert "02 năm" in text and "2-3 hộ" in text and "05 người" in text


def test_number_no_tax_arrears(lc):
    assert _params(lc, "n.3") == {"metric": "tax_arrears", "max": 0, "years_back": 0}


def test_quota_1_per_division_per_year_quang_binh(qb):
    (quota,) = qb["quotas"]
    assert quota["per"] == "year"
    assert quota["any_of"] == {"subject_types": ["collective", "individual"], "count": 1}


def test_quota_1_plus_1_per_agency_lai_chau(lc):
    quota = next(q for q in lc[0]["quotas"] if q["code"] == "Q1")
    assert quota["minimums"] == {"collective": 1, "individual": 1}


def test_quota_2_plus_2_plus_3_per_district_lai_chau(lc):
    quota = next(q for q in lc[0]["quotas"] if q["code"] == "Q2")
    assert quota["org_kinds"] == ["district"]
    assert quota["minimums"] == {"model": 2, "collective": 2, "individual": 3}


def test_dates_and_quarters_of_the_documents(lc, qb):
    assert lc[0]["issued_on"] == "2024-07-02"
    assert qb["issued_on"] == "2022-10-25"
    quarters = {m["code"]: m["quarter"] for m in qb["milestones"]}
    assert quarters["so-ket"] == "2023-Q2"
    assert quarters["tong-ket"] == "2025-Q1"
