import pytest

from dienhinh.core import audit
from dienhinh.core.models import AuditEntry


def test_record_keeps_only_changed_values(personas, org):
    lc = org("LC-SYT")
    entry = audit.record(
        "org.update",
        lc,
        actor=personas["standing"],
        before={"address": "A", "head_name": "X"},
        after={"address": "B", "head_name": "X"},
        reason="Đổi trụ sở",
    )
    assert entry.changes == {"address": ["A", "B"]}
    assert entry.actor_name == "Đặng Thị Thu Hà"
    assert entry.scope_path == lc.path
    assert entry.object_repr == "Sở Y tế tỉnh Lai Châu"


def test_audit_entries_cannot_be_changed_or_deleted(personas, org):
    entry = audit.record("x.test", org("LC"), actor=personas["admin"])
    with pytest.raises(PermissionError):
        entry.delete()
    entry.reason = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_audit_page_is_scoped_to_the_standing_agency(client_for, personas, org):
    audit.record("x.lai-chau", org("LC-SYT"), actor=personas["admin"], reason="lc-only")
    audit.record("x.quang-binh", org("QB-SXD-QLXD"), actor=personas["admin"], reason="qb-only")
    lc = client_for("standing").get("/audit/?action=x.").content.decode()
    qb = client_for("qb_standing").get("/audit/?action=x.").content.decode()
    assert "lc-only" in lc and "qb-only" not in lc
    assert "qb-only" in qb and "lc-only" not in qb
