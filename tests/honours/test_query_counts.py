"""Pinned query counts of the honours pages, with one and with three items on the page."""

import pytest
from django.urls import reverse

from dienhinh.honours.domain import voting
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db

UNITS = ("LC-SYT", "LC-TAMDUONG", "LC-SGDDT")


def _session(personas, items):
    exemplars = [factories.exemplar(code, state=S.RECOGNISED) for code in UNITS[:items]]
    return factories.session(personas["standing"], exemplars), exemplars


@pytest.mark.parametrize("items", [1, 3])
def test_vote_session_as_member(personas, client_for, django_assert_num_queries, items):
    # A member with a unit of their own and a declared conflict: both exclusions are read in bulk.
    member = factories.council_member(own_org_code="LC-SYT")
    session, exemplars = _session(personas, items)
    voting.declare_conflict(session, exemplars[-1], member=member)
    client = client_for("anonymous")
    client.force_login(member)
    url = reverse("honours:vote_session", kwargs={"pk": session.pk})
    # session, user, memberships, vote session, is member, own votes, candidates, own units,
    # declared conflicts
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_vote_session_as_secretary(personas, client_for, django_assert_num_queries, items):
    session, _exemplars = _session(personas, items)
    for _ in range(items):
        factories.council_member()
    client = client_for("standing")
    url = reverse("honours:vote_session", kwargs={"pk": session.pk})
    # session, user, memberships, vote session, is member, own votes, candidates, members
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
