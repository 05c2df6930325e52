"""Query counts of the API's lists and details, pinned: the same with 1 and 3 rows, so an N+1
cannot slip in (the rate limit's counter is part of each count)."""

import pytest

from tests.honours import factories as hf
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db

# Session, user, memberships, the rate limit's cache reads and writes, COUNT and the page (none
# when the count is 0: follow-ups and replications of unit A are empty here; its honours hold
# the demo's own, the exemplar that load_demo_stories commends).
LISTS = {
    "/api/v1/candidates/": 11,
    "/api/v1/registrations/": 11,
    "/api/v1/exemplars/": 11,
    "/api/v1/organisations/": 11,
    "/api/v1/programs/": 11,
    "/api/v1/honours/": 11,
    "/api/v1/follow-ups/": 10,
    "/api/v1/replications/": 10,
}


def _make(n):
    cands = [f.candidate("LC-SYT", f"Người thứ {i} (đếm)") for i in range(n)]
    f.registration("LC-SYT", cands, year={1: 2024, 3: f.YEAR[f.LC]}[n])
    for _ in range(n):
        hf.exemplar("LC-SYT")


@pytest.mark.parametrize("url", sorted(LISTS))
@pytest.mark.parametrize("n", [1, 3])
def test_list_queries(client_for, assert_page_queries, url, n):
    _make(n)
    assert_page_queries(client_for("officer_a"), url, LISTS[url], {"organisation": "LC-SYT"})


@pytest.mark.parametrize("url", ["/api/v1/candidates/", "/api/v1/exemplars/"])
@pytest.mark.parametrize("n", [1, 3])
def test_list_of_a_program_queries(client_for, assert_page_queries, url, n):
    """A program given by its code is looked up first (one query), then filtered by its id."""
    _make(n)
    params = {"organisation": "LC-SYT", "program": "lai-chau-2533"}
    response = assert_page_queries(client_for("officer_a"), url, LISTS[url] + 1, params)
    assert response.json()["count"] >= n


def test_candidate_detail_queries(client_for, assert_page_queries):
    c = f.candidate("LC-SYT", "Người đếm chi tiết")
    assert_page_queries(client_for("officer_a"), f"/api/v1/candidates/{c.pk}/", 16)


def test_registration_detail_queries(client_for, assert_page_queries):
    for n in (1, 3):
        cands = [f.candidate("LC-SYT", f"Người {n}.{i}") for i in range(n)]
        reg = f.registration("LC-SYT", cands, year={1: 2024, 3: f.YEAR[f.LC]}[n])
        assert_page_queries(client_for("officer_a"), f"/api/v1/registrations/{reg.pk}/", 11)
