"""The organisation tree: nested, scoped, searched; restructuring actions for those who may."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _as(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _balanced(html):
    assert html.count("<details") == html.count("</details>")
    assert html.count("<ul") == html.count("</ul>")


def test_the_administrator_sees_the_province_as_a_tree_with_actions(org):
    html = _as("lc.quantri").get(reverse("orgs:tree")).content.decode()
    _balanced(html)
    assert org("LC").name in html and org("LC-SYT").name in html
    assert org("QB-SXD").name not in html
    move = reverse("orgs:restructure", args=["LC-SYT"]) + "?action=move"
    assert move in html
    page = _as("lc.quantri").get(move).content.decode()
    assert re.search(r'<option value="move" selected', page)


def test_a_unit_officer_sees_its_unit_without_actions(org):
    html = _as("lc.canbo").get(reverse("orgs:tree")).content.decode()
    _balanced(html)
    assert org("LC-SYT").name in html
    assert "?action=" not in html


def test_search_opens_the_branches_to_what_it_finds(org):
    html = _as("lc.quantri").get(reverse("orgs:tree"), {"q": "so y te"}).content.decode()
    _balanced(html)
    assert f"<mark>{org('LC-SYT').name}</mark>" in html
    assert org("LC").name in html  # the branch leading to it
    assert org("LC-TAMDUONG").name not in html


def test_units_under_a_unit_in_vietnamese_alphabetical_order(org):
    from dienhinh.core.text import title_sort_key

    html = _as("lc.quantri").get(reverse("orgs:tree")).content.decode()
    province = org("LC")
    children = [c for c in province.children.all() if c.status == "active" and c.name in html]
    assert len(children) > 3
    shown = sorted(children, key=lambda c: html.index(f">{c.name}<"))
    assert [c.name for c in shown] == [
        c.name for c in sorted(children, key=lambda c: title_sort_key(c.name))
    ]
    assert shown != sorted(children, key=lambda c: c.pk)  # creation order would differ


def test_restructuring_offers_only_targets_the_standing_agency_covers(org, personas):
    """A Lai Châu standing officer who is also a member of a Quảng Bình unit is not offered that
    unit to move or merge into: the domain would refuse it (`may_restructure_into`)."""
    from dienhinh.orgs import permissions
    from dienhinh.orgs.models import Membership
    from dienhinh.orgs.roles import Role

    standing = personas["standing"]
    foreign = org("QB-SXD-QLXD")
    Membership.objects.create(user=standing, organisation=foreign, role=Role.UNIT_OFFICER)
    targets = list(permissions.restructure_targets(standing))
    assert targets and foreign not in targets
    assert all(permissions.may_restructure_into(standing, t) for t in targets)
    page = _as(standing.username).get(reverse("orgs:restructure", args=["LC-SYT"]) + "?action=move")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{foreign.pk}"' not in html and f'value="{org("LC-SGDDT").pk}"' in html
