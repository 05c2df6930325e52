"""The audit trail's hash chain: `verify_audit` finds rows changed, deleted or inserted in SQL."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from dienhinh.core import audit
from dienhinh.core.models import AuditAnchor, AuditChainHead, AuditEntry


def _verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return exit.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def three(personas, org):
    return [
        audit.record("x.one", org("LC-SYT"), actor=personas["admin"], after={"n": 1.5}),
        audit.record("x.two", org("LC"), actor=personas["standing"], reason="Lý do"),
        audit.record("x.three", None, actor="import", after={"at": "2026-01-01"}),
    ]


def test_entries_are_chained_in_order(three):
    first, second, third = three
    assert second.seq == first.seq + 1 and third.seq == second.seq + 1
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (third.seq, third.hash)


def test_verify_audit_passes_on_an_intact_trail(three):
    code, output = _verify()
    assert code == 0
    assert "intact" in output and three[-1].hash in output


def test_a_row_changed_in_sql_is_named(three):
    _sql("UPDATE core_auditentry SET reason = %s WHERE id = %s", ["sửa lén", three[1].pk])
    code, output = _verify()
    assert code == 2
    assert f"id={three[1].pk} seq={three[1].seq}" in output
    assert "changed" in output


def test_a_changed_actor_is_found(three, personas):
    _sql(
        "UPDATE core_auditentry SET actor_id = %s, actor_name = %s WHERE id = %s",
        [personas["officer_a"].pk, "Người khác", three[0].pk],
    )
    code, output = _verify()
    assert code == 2 and f"id={three[0].pk}" in output


def test_a_row_deleted_in_sql_is_found(three):
    _sql("DELETE FROM core_auditentry WHERE id = %s", [three[1].pk])
    code, output = _verify()
    assert code == 2
    assert f"id={three[2].pk} seq={three[2].seq}" in output and "missing" in output


def test_the_last_row_deleted_in_sql_is_found(three):
    _sql("DELETE FROM core_auditentry WHERE id = %s", [three[2].pk])
    code, output = _verify()
    assert code == 2 and f"seq={three[2].seq}" in output


def test_a_row_inserted_in_sql_is_found(three):
    last = three[-1]
    _sql(
        "INSERT INTO core_auditentry (at, seq, actor_name, action, object_id, object_repr, "
        "scope_path, changes, reason, prev_hash, hash) "
        "VALUES (%s, %s, 'x', 'x.forged', '', '', '', '{}', '', %s, %s)",
        [last.at, last.seq + 1, last.hash, "f" * 64],
    )
    code, output = _verify()
    assert code == 2 and f"seq={last.seq + 1}" in output


def test_a_chain_rewritten_after_an_exported_anchor_is_found(three, tmp_path):
    out = io.StringIO()
    call_command("audit_anchor", stdout=out)
    call_command("audit_anchor", "--export", stdout=(exported := io.StringIO()))
    anchors = tmp_path / "anchors.jsonl"
    anchors.write_text(exported.getvalue())
    assert _verify("--anchors", str(anchors))[0] == 0
    # Someone rewrites the last entry with a correct hash, the head and the stored anchor too.
    last = three[-1]
    forged = {
        "seq": last.seq,
        "at": last.at,
        "actor_id": None,
        "actor_name": "import",
        "action": "x.forged",
        "object_type": "",
        "object_id": "",
        "object_repr": "",
        "scope_path": "",
        "changes": {},
        "reason": "",
    }
    digest = audit.entry_hash(forged, last.prev_hash)
    _sql(
        "UPDATE core_auditentry SET action = 'x.forged', changes = '{}', hash = %s WHERE id = %s",
        [digest, last.pk],
    )
    _sql("UPDATE core_auditchainhead SET hash = %s", [digest])
    _sql("UPDATE core_auditanchor SET hash = %s", [digest])
    assert _verify()[0] == 0  # consistent inside the database…
    code, output = _verify("--anchors", str(anchors))
    assert code == 2 and "exported anchor" in output  # …but not with the copy kept outside


def test_exported_anchors_are_signed(three, tmp_path):
    call_command("audit_anchor", stdout=io.StringIO())
    call_command("audit_anchor", "--export", stdout=(exported := io.StringIO()))
    anchor = json.loads(exported.getvalue().splitlines()[-1])
    assert anchor["seq"] == three[-1].seq and anchor["hash"] == three[-1].hash
    anchor["seq"] -= 1
    path = tmp_path / "anchors.jsonl"
    path.write_text(json.dumps(anchor))
    with pytest.raises(Exception, match="signature"):
        call_command("verify_audit", "--anchors", str(path), stdout=io.StringIO())


def test_the_anchor_is_written_once_a_day_and_logged(three, caplog):
    with caplog.at_level("INFO", logger="dienhinh.audit"):
        call_command("audit_anchor", stdout=io.StringIO())
        audit.record("x.four", None, actor="import")
        call_command("audit_anchor", stdout=io.StringIO())
    assert AuditAnchor.objects.count() == 1
    assert AuditAnchor.objects.get().hash == three[-1].hash
    assert f"hash={three[-1].hash}" in caplog.text


def test_a_stored_anchor_changed_in_sql_is_found(three):
    call_command("audit_anchor", stdout=io.StringIO())
    _sql("UPDATE core_auditanchor SET hash = %s", ["a" * 64])
    code, output = _verify()
    assert code == 2 and "anchor" in output


def test_a_user_who_acted_cannot_be_deleted(three, personas):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        personas["standing"].delete()
    assert AuditEntry.objects.get(pk=three[1].pk).actor_name == "Đặng Thị Thu Hà"


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the test database is in-memory SQLite, one connection; runs on PostgreSQL",
)
def test_parallel_transactions_do_not_fork_the_chain(db):
    import threading

    from django.db import transaction

    barrier = threading.Barrier(12)

    def write(i):
        try:
            barrier.wait()
            for n in range(3):
                with transaction.atomic():
                    audit.record("x.parallel", None, actor="worker", after={"i": i, "n": n})
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    code, output = _verify()
    assert code == 0, output
    assert AuditEntry.objects.filter(action="x.parallel").count() >= 36
