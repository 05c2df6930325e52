"""A unit formed by the reform of 01/07/2025 reads, without changing them, the registrations and
candidates of the units it was formed from (`registrations.permissions.may_read_unit`)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dienhinh.core.actors import system
from dienhinh.orgs import domain as org_domain
from dienhinh.orgs import succession
from dienhinh.orgs.enums import OrgKind, Role
from dienhinh.orgs.models import Organisation, Succession
from dienhinh.registrations import permissions
from dienhinh.registrations.enums import RegistrationStatus
from dienhinh.registrations.models import Candidate, Registration


@pytest.fixture
def now(db):
    call_command("load_demo", stdout=io.StringIO())


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _officer_of(code, org, username="xa.canbo"):
    user = get_user_model().objects.create_user(username)
    org_domain.grant_role(
        actor=system("test"), user=user, organisation=org(code), role=Role.UNIT_OFFICER
    )
    return user


def _district_registration():
    return Registration.objects.get(organisation__code="LC-TAMDUONG", year=2024)


def test_the_new_communes_officer_reads_the_closed_districts_registrations(now, org):
    officer = get_user_model().objects.get(username="lc.tamduong")  # now of Xã Bình Lư
    reg = _district_registration()
    assert permissions.may_read_unit(officer, org("LC-TAMDUONG"))
    assert not permissions.may_edit_unit(officer, org("LC-TAMDUONG"))
    client = _client(officer)
    listing = client.get(reverse("registrations:registration_list"), {"program": "lai-chau-2533"})
    assert reg.pk in [r.pk for r in listing.context["page"].object_list]
    page = client.get(reverse("registrations:registration_detail", args=[reg.pk]))
    assert page.status_code == 200
    assert "Huyện Tam Đường" in page.content.decode()
    # Read only: no entries form, no move, no download of another unit's form.
    assert page.context["entries_form"] is None
    assert page.context["actions"] == []
    assert page.context["links"] is None


def test_the_new_communes_officer_reads_but_does_not_change_the_districts_candidates(now, org):
    officer = get_user_model().objects.get(username="lc.tamduong")
    candidate = Candidate.objects.filter(organisation=org("LC-TAMDUONG")).first()
    assert candidate is not None
    client = _client(officer)
    page = client.get(reverse("registrations:candidate_detail", args=[candidate.pk]))
    assert page.status_code == 200
    assert page.context["can_edit"] is False
    listing = client.get(reverse("registrations:candidate_list"))
    assert candidate.name in listing.content.decode()
    assert (
        client.get(reverse("registrations:candidate_edit", args=[candidate.pk])).status_code == 404
    )
    before = candidate.name
    response = client.post(
        reverse("registrations:candidate_edit", args=[candidate.pk]), {"name": "Đổi tên"}
    )
    assert response.status_code == 404
    candidate.refresh_from_db()
    assert candidate.name == before


def test_a_read_only_successor_cannot_move_the_predecessors_registration(now):
    officer = get_user_model().objects.get(username="lc.tamduong")
    reg = Registration.objects.get(organisation__code="LC-TAMDUONG", year=2025)
    assert reg.status == RegistrationStatus.SUBMITTED
    _client(officer).post(
        reverse("registrations:registration_transition", args=[reg.pk]),
        {"action": "withdraw", "reason": "x", "version": reg.version},
    )
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.SUBMITTED


def _commune_formed_elsewhere(org):
    """A commune of Lai Châu that took nothing of Huyện Tam Đường."""
    return (
        Organisation.objects.filter(parent=org("LC"), kind=OrgKind.COMMUNE, status="active")
        .exclude(predecessor_links__predecessor=org("LC-TAMDUONG"))
        .order_by("code")
        .first()
    )


def test_a_commune_formed_elsewhere_does_not_read_them(now, org):
    officer = _officer_of(_commune_formed_elsewhere(org).code, org)
    reg = _district_registration()
    assert not permissions.may_read_unit(officer, org("LC-TAMDUONG"))
    page = _client(officer).get(reverse("registrations:registration_detail", args=[reg.pk]))
    assert page.status_code == 404


def test_a_corrected_link_changes_who_reads(now, org):
    """An administrator removes a wrong link: the new unit no longer reads the old one's records."""
    commune = _commune_formed_elsewhere(org)
    officer = _officer_of(commune.code, org)
    link = Succession.objects.create(
        predecessor=org("LC-TAMDUONG"),
        successor=commune,
        effective_on=org("LC-TAMDUONG").ended_on,
        share="partial",
    )
    succession.refresh_predecessor_paths()
    officer = get_user_model().objects.get(pk=officer.pk)  # memberships read afresh
    assert permissions.may_read_unit(officer, org("LC-TAMDUONG"))
    succession.remove_link(link, actor=system("test"), reason="Nghị quyết 1670/NQ-UBTVQH15")
    officer = get_user_model().objects.get(pk=officer.pk)
    assert not permissions.may_read_unit(officer, org("LC-TAMDUONG"))
