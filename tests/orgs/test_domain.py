import datetime

import pytest

from dienhinh.core.models import AuditEntry
from dienhinh.orgs import domain
from dienhinh.orgs.enums import OrgKind, OrgStatus, Role
from dienhinh.orgs.models import Membership, Organisation

D = datetime.date


def test_create_builds_the_path_under_its_parent(personas, org):
    parent = org("LC-SYT")
    child = domain.create_organisation(
        actor=personas["admin"],
        code="lc-syt-bvpl",
        kind=OrgKind.UNIT,
        name="Bệnh viện Phổi tỉnh Lai Châu",
        parent=parent,
    )
    assert child.code == "LC-SYT-BVPL"
    assert child.path == f"{parent.path}{child.pk}/"
    assert child in parent.subtree()
    assert AuditEntry.objects.filter(action="org.create", object_id=str(child.pk)).exists()


def test_rename_keeps_the_old_name_in_history(personas, org):
    syt = org("LC-SYT")
    domain.rename(
        syt,
        actor=personas["standing"],
        new_name="Sở Y tế Lai Châu (mới)",
        effective_on=D(2025, 7, 1),
    )
    syt.refresh_from_db()
    assert syt.name == "Sở Y tế Lai Châu (mới)"
    assert syt.name_on(D(2025, 6, 30)) == "Sở Y tế tỉnh Lai Châu"
    assert syt.name_on(D(2025, 7, 1)) == "Sở Y tế Lai Châu (mới)"
    entry = AuditEntry.objects.get(action="org.rename", object_id=str(syt.pk))
    assert entry.changes == {"name": ["Sở Y tế tỉnh Lai Châu", "Sở Y tế Lai Châu (mới)"]}


def test_rename_to_the_same_name_is_refused(personas, org):
    with pytest.raises(domain.OrgError):
        domain.rename(
            org("LC-SYT"),
            actor=personas["standing"],
            new_name="Sở Y tế tỉnh Lai Châu",
            effective_on=D(2025, 7, 1),
        )


def test_merge_moves_children_and_memberships_to_the_survivor(before_reform, personas, org):
    # 2025: districts disappear; Tam Đường's communes and people go to the province.
    tamduong, lc = org("LC-TAMDUONG"), org("LC")
    communes = list(tamduong.children.values_list("code", flat=True))
    domain.merge(
        tamduong,
        actor=personas["admin"],
        target=lc,
        effective_on=D(2025, 7, 1),
        decision="NQ 1670/NQ-UBTVQH15",
    )
    tamduong.refresh_from_db()
    assert tamduong.status == OrgStatus.MERGED
    assert tamduong.merged_into == lc
    for code in communes:
        moved = org(code)
        assert moved.parent == lc
        assert moved.path.startswith(lc.path)
    officer = Membership.objects.get(
        user=personas["officer_b"], role=Role.UNIT_OFFICER, active=True
    )
    assert officer.organisation == lc
    assert tamduong.events.filter(kind="merge").get().target == lc


def test_merge_into_own_subtree_is_refused(personas, org):
    with pytest.raises(domain.OrgError):
        domain.merge(
            org("LC-SYT"),
            actor=personas["admin"],
            target=org("LC-SYT-BVDK"),
            effective_on=D(2025, 7, 1),
        )


def test_close_refuses_an_organisation_with_active_children(personas, org):
    with pytest.raises(domain.OrgError):
        domain.close(org("LC-SYT"), actor=personas["admin"], effective_on=D(2025, 7, 1))


def test_close_ends_memberships_and_keeps_the_row(personas, org):
    school = org("LC-SYT-CDC")
    domain.close(
        school, actor=personas["admin"], effective_on=D(2025, 7, 1), note="Sáp nhập trường"
    )
    school.refresh_from_db()
    assert school.status == OrgStatus.CLOSED and school.ended_on == D(2025, 7, 1)
    assert not Membership.objects.filter(organisation=school, active=True).exists()


def test_move_repaths_the_whole_subtree(personas, org):
    syt, sgddt = org("LC-SYT"), org("LC-SGDDT")
    domain.move(syt, actor=personas["admin"], new_parent=sgddt, effective_on=D(2025, 1, 1))
    moved = Organisation.objects.get(code="LC-SYT").subtree()
    assert moved.count() > 1
    for o in moved:
        assert o.path.startswith(sgddt.path)


def test_move_under_itself_is_refused(personas, org):
    with pytest.raises(domain.OrgError):
        domain.move(
            org("LC-SYT"),
            actor=personas["admin"],
            new_parent=org("LC-SYT-BVDK"),
            effective_on=D(2025, 1, 1),
        )
