"""Pinned query counts of the documents pages, with one and three items on the page."""

import pytest
from django.urls import reverse

from tests.registrations import factories as f

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.mark.parametrize("items", [1, 3])
def test_summary_page(client_for, assert_page_queries, items):
    # Items: units that registered (rows of the quota status).
    for code in ("LC-SYT-BVDK", "LC-SYT-CDC", "LC-SGDDT")[:items]:
        c = f.candidate(code, f"Cán bộ {code}", field_code="e")
        f.registration(code, [c], year=YEAR, status="submitted")
    url = reverse("documents:summary", kwargs={"program": f.LC})
    # 22 (one for the last entry of the log of count changes, read with the sums by unit the
    # first time they are made in a process): the quota status reads the kept counts (registrations.QuotaTypeCount, QuotaCount for
    # the fields, then the fields' names); the units of the year (kept until the tree changes:
    # those owing a quota, the others) ask which kinds of unit with a quota ended before it.
    assert_page_queries(client_for("standing"), url, 22, {"year": YEAR})
