"""The demo country as it is now (`load_demo` without --as-of): the reform of 01/07/2025 applied
to Lai Châu and Quảng Bình – Quảng Trị, with histories that cross it."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dienhinh.orgs.enums import OrgKind, OrgStatus, Role
from dienhinh.orgs.models import Membership, Organisation, OrganisationEvent
from dienhinh.registrations.enums import RegistrationStatus
from dienhinh.registrations.models import AnnualRating, Registration


@pytest.fixture
def now(db):
    call_command("load_demo", stdout=io.StringIO())


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_lai_chau_has_its_38_communes_and_no_district(now, org):
    lc = org("LC")
    communes = lc.children.filter(kind=OrgKind.COMMUNE, status=OrgStatus.ACTIVE)
    assert communes.count() == 38
    assert not lc.children.filter(kind=OrgKind.DISTRICT, status=OrgStatus.ACTIVE).exists()
    binh_lu = org("LC-BINHLU")
    assert binh_lu.official_code == "03390"
    assert {link.predecessor.code for link in binh_lu.predecessor_links.all()} == {
        "LC-TAMDUONG-TT",
        "LC-TAMDUONG-BINHLU",
        "LC-TAMDUONG-SONBINH",
        "LC-TAMDUONG",  # part of the closed district, through its communes
    }


def test_a_2024_registration_of_the_closed_district_reads_as_it_did(now, client_for):
    reg = Registration.objects.get(organisation__code="LC-TAMDUONG", year=2024)
    assert reg.status == RegistrationStatus.ACCEPTED
    page = client_for("standing").get(reverse("registrations:registration_detail", args=[reg.pk]))
    assert page.status_code == 200
    assert "Huyện Tam Đường" in page.content.decode()


def test_the_district_officer_carries_on_in_the_new_commune(now, org):
    user = get_user_model().objects.get(username="lc.tamduong")
    active = Membership.objects.current().filter(user=user)
    assert [(m.organisation.code, m.role) for m in active] == [("LC-BINHLU", Role.UNIT_OFFICER)]
    reg = Registration.objects.get(organisation=org("LC-BINHLU"), year=2026)
    assert reg.status == RegistrationStatus.SUBMITTED
    station = reg.entries.get().candidate
    # The town's station followed its new commune with its five years of ratings.
    assert station.organisation == org("LC-BINHLU")
    years = AnnualRating.objects.filter(candidate=station).values_list("year", flat=True)
    assert sorted(years) == [2021, 2022, 2023, 2024, 2025]
    page = _client("lc.tamduong").get(reverse("registrations:registration_detail", args=[reg.pk]))
    assert page.status_code == 200


def test_the_quang_binh_plans_department_sits_under_tinh_quang_tri(now, org, client_for):
    quang_tri, sxd = org("QT"), org("QB-SXD")
    assert quang_tri.official_code == "44" and quang_tri.is_active
    assert sxd.parent == quang_tri and sxd.name == "Sở Xây dựng tỉnh Quảng Trị"
    assert sxd.name_on(datetime.date(2022, 10, 25)) == "Sở Xây dựng tỉnh Quảng Bình"
    assert sxd.parent_on(datetime.date(2022, 10, 25)) == org("QB")
    assert org("QB").merged_into == quang_tri
    assert org("QB-SNV").standing_for == quang_tri
    kinds = set(OrganisationEvent.objects.filter(organisation=sxd).values_list("kind", flat=True))
    assert {"move", "rename"} <= kinds
    page = _client("qb.quantri").get(reverse("orgs:detail", args=["QB-SXD"]))
    text = page.content.decode()
    assert "Sở Xây dựng tỉnh Quảng Bình" in text and "Tỉnh Quảng Trị" in text


def test_loading_the_demo_again_adds_nothing(now):
    counts = (Organisation.objects.count(), Registration.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (Organisation.objects.count(), Registration.objects.count())


def test_lai_chau_reads_as_it_is_now_on_its_page(now, org, client_for):
    """The province's address names no ended unit; its kind is said once; its units are in
    Vietnamese alphabetical order (active first)."""
    from dienhinh.core.text import title_sort_key

    lc = org("LC")
    assert "Thành phố Lai Châu" not in lc.address and "Tân Phong" in lc.address
    assert "Đông Phong" not in org("LC-SNV").address
    page = client_for("standing").get(reverse("orgs:detail", args=["LC"]))
    text = page.content.decode()
    assert "Tỉnh (Tỉnh)" not in text
    children = page.context["children"]
    active = [c.name for c in children if c.is_active]
    assert active == sorted(active, key=title_sort_key)
    assert [c.is_active for c in children] == sorted((c.is_active for c in children), reverse=True)
