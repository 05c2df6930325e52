"""Pinned query counts of the organisation pages, with one and three items on the page."""

import pytest
from django.urls import reverse

from dienhinh.orgs import domain
from dienhinh.orgs.enums import OrgKind
from dienhinh.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def _units(personas, items):
    parent = Organisation.objects.get(code="LC-SYT")
    return [
        domain.create_organisation(
            actor=personas["admin"],
            code=f"LC-SYT-THU{i}",
            kind=OrgKind.UNIT,
            name=f"Trạm Thử nghiệm {i}",
            parent=parent,
        )
        for i in range(items)
    ]


@pytest.mark.parametrize("items", [1, 3])
def test_organisation_list(personas, client_for, assert_page_queries, items):
    units = _units(personas, items)
    url = reverse("orgs:list")
    html = assert_page_queries(client_for("standing"), url, 5, {"q": "tram thu nghiem"})
    for unit in units:
        assert unit.name in html.content.decode()
    # One status only: the same queries; the active units are left out.
    Organisation.objects.filter(pk=units[0].pk).update(status="closed")
    params = {"status": "closed", "q": "tram thu nghiem"}
    html = assert_page_queries(client_for("standing"), url, 5, params).content.decode()
    assert units[0].name in html
    assert "badge--green" not in html  # no active organisation listed


@pytest.mark.parametrize("items", [1, 3])
def test_organisation_detail(personas, client_for, assert_page_queries, items):
    # Items: the organisation's children.
    units = _units(personas, items)
    url = reverse("orgs:detail", kwargs={"code": "LC-SYT"})
    html = assert_page_queries(client_for("standing"), url, 10)
    for unit in units:
        assert unit.name in html.content.decode()


@pytest.mark.parametrize("items", [1, 3])
def test_sign_in_page(personas, client_for, assert_page_queries, items):
    # Items: members of the unit, each with a second factor (read in one query for all).
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dienhinh.core.models import TwoFactor
    from dienhinh.orgs.enums import Role

    unit = Organisation.objects.get(code="LC-SYT")
    for i in range(items):
        user = get_user_model().objects.create(username=f"lc.thu{i}", last_name=f"Thử {i}")
        domain.grant_role(
            actor=personas["admin"], user=user, organisation=unit, role=Role.UNIT_OFFICER
        )
        TwoFactor.objects.create(user=user, secret="JBSWY3DPEHPK3PXP", enabled_at=timezone.now())
    url = reverse("orgs:sign_in", kwargs={"code": "LC-SYT"})
    html = assert_page_queries(client_for("admin"), url, 6)
    assert html.content.decode().count("Đặt lại đăng nhập hai lớp") == items


@pytest.mark.parametrize("items", [1, 3])
def test_user_list(personas, client_for, assert_page_queries, items):
    from dienhinh.orgs import users

    unit = Organisation.objects.get(code="LC-SYT")
    for i in range(items):
        users.create_user(
            actor=personas["admin"],
            organisation=unit,
            role="unit_officer",
            username=f"lc.thu{i}",
            first_name=f"Thử {i}",
            last_name="Nguyễn",
            password="Mat-khau-rat-dai-2026",
        )
    url = reverse("orgs:users", kwargs={"code": "LC-SYT"})
    html = assert_page_queries(client_for("admin"), url, 7)
    assert "lc.thu0" in html.content.decode()


def test_user_detail(personas, client_for, assert_page_queries):
    url = reverse("orgs:user", kwargs={"code": "LC", "user_id": personas["officer_a"].pk})
    assert_page_queries(client_for("admin"), url, 7)


@pytest.mark.parametrize("items", [1, 3])
def test_organisation_tree(personas, client_for, assert_page_queries, items):
    units = _units(personas, items)
    html = assert_page_queries(client_for("standing"), reverse("orgs:tree"), 4)
    for unit in units:
        assert unit.name in html.content.decode()


def _invite(personas, items):
    from dienhinh.orgs import invitations

    unit = Organisation.objects.get(code="LC-SYT")
    return [
        invitations.invite(
            actor=personas["admin"],
            organisation=unit,
            email=f"moi{i}@example.vn",
            role="unit_officer",
        )
        for i in range(items)
    ]


@pytest.mark.parametrize("items", [1, 3])
def test_invitation_list(personas, client_for, assert_page_queries, items):
    _invite(personas, items)
    url = reverse("orgs:invitations", kwargs={"code": "LC"})
    html = assert_page_queries(client_for("admin"), url, 5)
    assert html.content.decode().count("@example.vn") >= items


def test_invitation_accept_page(personas, client, assert_page_queries):
    from dienhinh.orgs import invitations

    (invitation,) = _invite(personas, 1)
    url = reverse("invitation_accept", kwargs={"token": invitations.token(invitation)})
    assert_page_queries(client, url, 1)
