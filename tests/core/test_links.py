"""path_builder gives what reverse() gives, for int and str arguments."""

import pytest
from django.urls import reverse

from dienhinh.core.links import path_builder


@pytest.mark.parametrize("pk", [1, 42, 918273645, 10**12])
def test_same_as_reverse_for_ids(pk):
    build = path_builder("registrations:candidate_detail")
    assert build(pk) == reverse("registrations:candidate_detail", args=[pk])


@pytest.mark.parametrize("code", ["LC-SYT", "QB-SXD-QLXD", "A B", "ĐB-1", "a+b=c", "x:y@z"])
def test_same_as_reverse_for_codes(code):
    build = path_builder("registrations:dashboard_organisation", "lai-chau-2533")
    assert build(code) == reverse(
        "registrations:dashboard_organisation", args=["lai-chau-2533", code]
    )
