"""The official administrative units and the reform of 1 July 2025 (`load_admin_units`), loaded
into the demo as it stood before it (`before_reform`)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from dienhinh.core.models import AuditEntry
from dienhinh.orgs.enums import EventKind, OrgKind, OrgStatus, Share
from dienhinh.orgs.models import Organisation, OrganisationEvent, Succession
from tests.registrations import factories as f

REFORM = datetime.date(2025, 7, 1)


def _load(*args) -> str:
    out = io.StringIO()
    call_command("load_admin_units", *args, stdout=out)
    return out.getvalue()


def _active_communes(province):
    return province.children.filter(kind=OrgKind.COMMUNE, status=OrgStatus.ACTIVE)


def test_lai_chau_before_the_reform_has_its_districts_and_106_communes(before_reform, org):
    _load("--provinces", "12", "--as-of", "2025-03-01")
    lc = org("LC")
    assert lc.official_code == "12"
    districts = lc.children.filter(kind=OrgKind.DISTRICT)
    assert districts.count() == 8
    assert all(d.is_active for d in districts)
    # The demo's district is the official one, given its code rather than created twice.
    assert org("LC-TAMDUONG").official_code == "106"
    communes = Organisation.objects.filter(kind=OrgKind.COMMUNE, parent__in=districts)
    assert communes.count() == 106
    assert org("LC-TAMDUONG-TT").official_type == "Thị trấn"
    assert not Succession.objects.exists()


def test_lai_chau_after_the_reform_has_38_communes_with_their_predecessors(before_reform, org):
    _load("--provinces", "12,44", "--as-of", "2025-07-01")
    lc = org("LC")
    new = _active_communes(lc)
    assert new.count() == 38
    assert new.filter(official_type="Phường").count() == 2
    binh_lu = new.get(name="Xã Bình Lư")
    predecessors = {link.predecessor.name: link.share for link in binh_lu.predecessor_links.all()}
    assert predecessors == {
        "Thị trấn Tam Đường": Share.FULL,
        "Xã Bình Lư": Share.FULL,
        "Xã Sơn Bình": Share.FULL,
        # The district's territory went to the communes formed from its communes.
        "Huyện Tam Đường": Share.PARTIAL,
    }
    town = org("LC-TAMDUONG-TT")
    assert town.status == OrgStatus.MERGED and town.merged_into == binh_lu
    assert town.ended_on == REFORM and town.parent == org("LC-TAMDUONG")
    district = org("LC-TAMDUONG")
    assert district.status == OrgStatus.CLOSED and district.ended_on == REFORM
    assert district.events.filter(kind=EventKind.CLOSE, effective_on=REFORM).exists()
    # Its name stays what it was: a closed district is not renamed.
    assert district.name == "Huyện Tam Đường"
    assert not lc.children.filter(kind=OrgKind.DISTRICT, status=OrgStatus.ACTIVE).exists()


def test_quang_binh_merges_into_the_new_tinh_quang_tri_with_its_department(before_reform, org):
    _load("--provinces", "44", "--as-of", "2025-07-01")
    qb = org("QB")
    quang_tri = qb.merged_into
    assert quang_tri.name == "Tỉnh Quảng Trị"
    assert quang_tri.official_code == "44" and quang_tri.listed_on == REFORM
    assert qb.status == OrgStatus.MERGED and qb.ended_on == REFORM
    old_quang_tri = Organisation.objects.get(official_code="45", kind=OrgKind.PROVINCE)
    assert old_quang_tri.merged_into == quang_tri
    communes = _active_communes(quang_tri)
    assert communes.count() == 78
    assert {"Phường Đồng Hới", "Phường Ba Đồn"} <= set(communes.values_list("name", flat=True))
    sxd = org("QB-SXD")
    assert sxd.parent == quang_tri and sxd.path.startswith(quang_tri.path)
    assert org("QB-SXD-QLXD").path.startswith(quang_tri.path)
    move = sxd.events.get(kind=EventKind.MOVE)
    assert move.old_parent == qb and move.effective_on == REFORM
    assert sxd.parent_on(datetime.date(2024, 1, 1)) == qb


def test_loading_again_adds_nothing(before_reform):
    _load("--provinces", "12,44", "--as-of", "2025-07-01")
    counts = (
        Organisation.objects.count(),
        OrganisationEvent.objects.count(),
        Succession.objects.count(),
    )
    out = _load("--provinces", "12,44", "--as-of", "2025-07-01")
    assert "0 new" in out
    assert counts == (
        Organisation.objects.count(),
        OrganisationEvent.objects.count(),
        Succession.objects.count(),
    )


def test_the_records_of_a_merged_commune_follow_its_successor(before_reform, org):
    candidate = f.candidate("LC-TAMDUONG-BINHLU", "Lò Thị Dung")
    _load("--provinces", "12", "--as-of", "2025-07-01")
    candidate.refresh_from_db()
    assert candidate.organisation.name == "Xã Bình Lư"
    assert candidate.organisation.is_active
    assert candidate.organisation == org("LC-TAMDUONG-BINHLU").merged_into


def test_the_load_is_in_the_audit_trail(before_reform):
    _load("--provinces", "12", "--as-of", "2025-07-01")
    entry = AuditEntry.objects.get(action="org.load_admin_units")
    assert entry.actor_name == "load_admin_units"
    assert entry.changes["merged"][1] == 106


@pytest.mark.parametrize("args", [["--provinces", "99"], ["--provinces", "Lai Châu"]])
def test_an_unknown_province_is_refused_by_name(before_reform, args):
    with pytest.raises(CommandError):
        _load(*args, "--as-of", "2025-07-01")
    assert not Succession.objects.exists()
