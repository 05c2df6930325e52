"""Pinned query counts of the registration pages, with one and with three items on the page."""

import pytest
from django.urls import reverse

from dienhinh.core.actors import system
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db

YEAR = f.YEAR[f.LC]  # no demo registration of these units that year
UNITS = ("LC-SYT-BVDK", "LC-SYT-CDC", "LC-SGDDT")


def _candidates(items, org_code="LC-SYT-CDC"):
    return [f.candidate(org_code, f"Cán bộ {i}", field_code="e") for i in range(items)]


@pytest.mark.parametrize("items", [1, 3])
def test_candidate_list(client_for, assert_page_queries, items):
    _candidates(items)
    url = reverse("registrations:candidate_list")
    # 10: right after a change the cached total is recounted (the cache's version is read, not
    # written again by the reader; the shared cache is read, and not written when the count
    # took less than `SHARE_COUNT_AFTER`: 15 when it was).
    assert_page_queries(client_for("standing"), url, 10, {"organisation": "LC-SYT-CDC"})


@pytest.mark.parametrize("items", [1, 3])
def test_candidate_detail(client_for, assert_page_queries, items):
    # Items: years of ratings.
    (c,) = _candidates(1, "LC-SYT")
    ratings = {2024 - i: "htt" for i in range(items)}
    f.cand_domain.save_facts(c, actor=system("test"), version=None, ratings=ratings)
    url = reverse("registrations:candidate_detail", kwargs={"pk": c.pk})
    # 14: the attestations of the qualitative criteria are facts too; the program's fields and
    # criteria in one query.
    assert_page_queries(client_for("officer_a"), url, 14)


@pytest.mark.parametrize("full", [False, True])
def test_candidate_detail_without_facts_or_with_years_of_them(
    client_for, assert_page_queries, full
):
    (c,) = _candidates(1, "LC-SYT-BVDK")
    if full:
        f.five_good_years(c, 2024, excellent=2023)
        f.registration("LC-SYT-BVDK", [c], year=2024)
        f.registration("LC-SYT-BVDK", [c], year=2025)
    url = reverse("registrations:candidate_detail", kwargs={"pk": c.pk})
    assert_page_queries(client_for("standing"), url, 14)


@pytest.mark.parametrize("items", [1, 3])
def test_registration_list(client_for, assert_page_queries, items):
    for i, code in enumerate(UNITS[:items]):
        f.registration(code, _candidates(1, code), year=2024 + i)
    url = reverse("registrations:registration_list")
    assert_page_queries(client_for("standing"), url, 8)


@pytest.mark.parametrize("items", [1, 3])
def test_registration_detail(client_for, assert_page_queries, items):
    reg = f.registration("LC-SYT", _candidates(items, "LC-SYT"), year=YEAR)
    url = reverse("registrations:registration_detail", kwargs={"pk": reg.pk})
    # 11: the entries' verdicts (every fact of the few candidates in one query, the program's
    # fields and criteria in another) and the signed form; a registration never submitted has
    # no frozen dossier to compare with ("changed since submission": one query more).
    assert_page_queries(client_for("officer_a"), url, 11)


def _submitted(items):
    for code in UNITS[:items]:
        f.registration(code, _candidates(1, code), year=YEAR, status="submitted")


@pytest.mark.parametrize("items", [1, 3])
def test_quota_dashboard(client_for, assert_page_queries, items):
    _submitted(items)
    url = reverse("registrations:dashboard")
    # 24 the first time in a process: the counts summed from QuotaTypeCount (units by type),
    # with the last entry of the log of count changes they include, and QuotaCount (fields, then
    # their names); the units of the year read and kept (7 of the 24, with those owing no quota
    # and the kinds of unit that ended before the year: they change only with the tree). Of the
    # 7, the districts and then, none being left in YEAR since the reform of 01/07/2025, the
    # communes that group the rows instead.
    assert_page_queries(client_for("standing"), url, 24, {"program": f.LC, "year": YEAR})


@pytest.mark.parametrize("items", [1, 3])
def test_quota_dashboard_right_after_a_change(client_for, django_assert_num_queries, items):
    """In a process that showed the board before: the sums by unit are brought up to date from
    the log of count changes (the units it names summed again), not summed again whole."""
    _submitted(items)
    client = client_for("standing")
    url = reverse("registrations:dashboard")
    params = {"program": f.LC, "year": YEAR}
    assert client.get(url, params).status_code == 200
    f.registration("LC-SYT", _candidates(1, "LC-SYT"), year=YEAR, status="submitted")
    # 13: the sums by unit brought up to date (the log from the last entry they include, then the
    # sums of the one unit it names); the fields' counts and names; the session, the user, the
    # programs, the quotas, the milestones, the two cache versions.
    with django_assert_num_queries(13):
        assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_quota_drill_down(client_for, assert_page_queries, items):
    for code in ("LC-SYT", "LC-SYT-BVDK", "LC-SYT-CDC")[:items]:
        f.registration(code, _candidates(1, code), year=YEAR, status="submitted")
    url = reverse(
        "registrations:dashboard_organisation", kwargs={"program": f.LC, "code": "LC-SYT"}
    )
    # 29: the verdicts read the attestations of qualitative criteria (one query for every fact
    # of the page's candidates, one for the program's fields and criteria); the units of the year (kept until the tree
    # changes: the districts, then the communes that group the rows since the reform of
    # 01/07/2025 left no district in YEAR, those owing a quota, the others, and which kinds of
    # unit with a quota ended before it); the sums by unit with the log's last entry; the
    # fields' counts, then their names.
    assert_page_queries(client_for("standing"), url, 29, {"year": YEAR})


@pytest.mark.parametrize("erased", [False, True])
def test_personal_data_page(personas, client_for, assert_page_queries, erased):
    from dienhinh.registrations.domain import privacy

    (c,) = _candidates(1, "LC-SYT")
    if erased:
        privacy.erase_candidate(c, actor=personas["standing"], reason="Đơn đề nghị")
    url = reverse("registrations:personal_data", kwargs={"pk": c.pk})
    assert_page_queries(client_for("standing"), url, 7)


@pytest.mark.parametrize("items", [1, 3])
def test_quota_amendment_page(client_for, assert_page_queries, items):
    # Items: the quotas in force that the amendment may replace.
    program = f.program()
    for i in range(items - 1):
        program.quotas.create(code=f"QX{i}", text="Chỉ tiêu", org_kinds=["commune"], per="year")
    url = reverse("registrations:quota_amend", kwargs={"program": f.LC})
    # 5: the session and user, the program, the user's roles, the quotas in force.
    assert_page_queries(client_for("standing"), url, 5)


@pytest.mark.parametrize("items", [1, 3])
def test_candidate_list_by_status_right_after_a_change(
    client_for, django_assert_num_queries, items
):
    """Filtered by status: the total is summed from the counts kept by unit and status
    (`candidate_counts`), not counted again over the candidates and their entries."""
    f.registration("LC-SYT-CDC", _candidates(items), year=YEAR, status="submitted")
    client = client_for("standing")
    url = reverse("registrations:candidate_list")
    params = {"program": f.LC, "status": "submitted", "subject_type": "individual"}
    assert client.get(url, params).status_code == 200
    f.registration("LC-SYT", _candidates(1, "LC-SYT"), year=YEAR, status="submitted")
    # 8: the session, the user, the roles, the programs, the fields, the cache's version, the
    # total summed from the kept counts, the page (a full count would add the cache's read and
    # write of the total).
    with django_assert_num_queries(8):
        assert client.get(url, params).status_code == 200
