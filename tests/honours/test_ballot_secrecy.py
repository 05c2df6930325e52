"""The secret ballot against whoever reads the whole database, during the vote and after it.

A council of 5 votes, with real commits, on two candidates. The test then reads what a database
administrator can read: on PostgreSQL every version of every row of the voting tables (live and
dead tuples through pageinspect, with xmin/xmax/ctid) and the write-ahead log's records (which
transaction touched which table, through pg_walinspect); on SQLite every row in storage order.
It tries the attacks that worked before sealed ballots: the transaction id a participation shares
with a count, the order of rows, equal ballots, plaintext choices. None may link a member to a
choice.
"""

import io
import re
import warnings

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection

from dienhinh.core.models import AuditEntry
from dienhinh.honours.domain import ballots, counting, voting
from dienhinh.honours.enums import VoteChoice
from dienhinh.honours.models import (
    BallotTally,
    ConflictDeclaration,
    PaperCount,
    Participation,
    SealedBallot,
    SessionCandidate,
    SessionMember,
    VoteSession,
)
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db(transaction=True)

MODELS = [
    VoteSession,
    SessionCandidate,
    SessionMember,
    ConflictDeclaration,
    Participation,
    SealedBallot,
    BallotTally,
    PaperCount,
    AuditEntry,
]
CHOICE_BYTES = {c: c.encode() for c in VoteChoice.values}
A, D, X = VoteChoice.AGREE, VoteChoice.DISAGREE, VoteChoice.ABSTAIN


def _extension(name: str) -> bool:
    """Whether the extension is (or could be made) available: it needs a superuser."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
    except DatabaseError:
        warnings.warn(f"{name} is not available: that part of the check is not made", stacklevel=2)
        return False
    return True


def _live_tuples_postgresql() -> list[dict]:
    """Without pageinspect: the live row versions, with their xmin and ctid."""
    out = []
    with connection.cursor() as cursor:
        for model in MODELS:
            table = model._meta.db_table
            cursor.execute(
                f'SELECT xmin::text::bigint, ctid::text, t::text FROM "{table}" t'  # noqa: S608
            )
            for xmin, ctid, text in cursor.fetchall():
                out.append({"table": table, "xmin": xmin, "ctid": ctid, "raw": text.encode()})
    return out


def _tuples_postgresql() -> list[dict]:
    """Every tuple version (live and dead) of the voting tables, straight from their pages."""
    if not _extension("pageinspect"):
        return _live_tuples_postgresql()
    out = []
    with connection.cursor() as cursor:
        for model in MODELS:
            table = model._meta.db_table
            cursor.execute(
                "SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table]
            )
            (pages,) = cursor.fetchone()
            for page in range(pages):
                cursor.execute(
                    "SELECT t_xmin::text::bigint, t_xmax::text::bigint, t_ctid::text, t_data "
                    "FROM heap_page_items(get_raw_page(%s, %s)) WHERE t_data IS NOT NULL",
                    [table, page],
                )
                for xmin, xmax, ctid, data in cursor.fetchall():
                    out.append(
                        {
                            "table": table,
                            "xmin": xmin,
                            "xmax": xmax,
                            "ctid": ctid,
                            "raw": bytes(data),
                        }
                    )
    return out


def _tuples_sqlite() -> list[dict]:
    """Every row of the voting tables in storage (rowid) order, as the bytes of its values."""
    out = []
    with connection.cursor() as cursor:
        for model in MODELS:
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY rowid')  # noqa: S608
            for row in cursor.fetchall():
                raw = b"\x00".join(
                    v if isinstance(v, bytes | memoryview) else str(v).encode() for v in row
                )
                out.append({"table": table, "xmin": None, "raw": bytes(raw)})
    return out


def _tuples() -> list[dict]:
    return _tuples_postgresql() if connection.vendor == "postgresql" else _tuples_sqlite()


def _since(before: set[tuple[str, bytes]]) -> list[dict]:
    """The tuples written since `before` was read: this vote's, not the demo's own closed votes
    (whose totals, like any closed session's counts, are public)."""
    return [t for t in _tuples() if (t["table"], t["raw"]) not in before]


def _revealed(raw: bytes) -> set[str]:
    return {c for c, b in CHOICE_BYTES.items() if re.search(rb"(?<!dis)" + b, raw)}


def _members_in(raw: bytes, members) -> set[int]:
    """Members whose primary key a participation tuple carries (as an 8-byte or text integer)."""
    found = set()
    for m in members:
        if m.pk.to_bytes(8, "little") in raw or f"\x00{m.pk}\x00".encode() in raw:
            found.add(m.pk)
    return found


def _assert_no_link(tuples, members, *, closed: bool, top=None):
    """`top` maps subtransaction ids (savepoints) to their transaction, from the log's commit
    records: a savepoint's writes carry an xid of their own but commit with their parent."""
    top = top or {}
    for t in tuples:
        if t.get("xmin") is not None:
            t["xmin"] = top.get(t["xmin"], t["xmin"])
    participation = Participation._meta.db_table
    tally = BallotTally._meta.db_table
    sealed = SealedBallot._meta.db_table
    # 1. No tuple but a count (after closing) holds a choice in plain text.
    for t in tuples:
        revealed = _revealed(t["raw"])
        if t["table"] == tally and closed:
            continue
        assert not revealed, (t["table"], t.get("ctid"), revealed)
    # 2. While open no count exists at all, not even as a dead tuple.
    tallies = [t for t in tuples if t["table"] == tally]
    if not closed:
        assert tallies == []
    else:
        assert tallies
    # 3. Sealed ballots: one size, never two alike, so neither size nor equality groups choices.
    boxes = [t["raw"] for t in tuples if t["table"] == sealed]
    assert len(boxes) == 10
    if connection.vendor == "postgresql":
        assert len({len(b) for b in boxes}) == 1
    assert len(set(boxes)) == len(boxes)
    # 4. Transaction ids: no transaction that wrote a participation wrote anything that reveals
    #    a choice (PostgreSQL keeps xmin on every tuple version, dead ones included).
    if connection.vendor == "postgresql":
        voters_by_xid: dict[int, set] = {}
        for t in tuples:
            if t["table"] == participation:
                voters_by_xid.setdefault(t["xmin"], set()).update(_members_in(t["raw"], members))
        assert voters_by_xid, "participations were not found in the pages"
        for t in tuples:
            if _revealed(t["raw"]):
                assert t["xmin"] not in voters_by_xid, t["table"]
        if closed:
            assert len({t["xmin"] for t in tallies}) == 1  # all counts in one transaction


def _wal_lsn():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def _subtransactions(start: str) -> dict[int, int]:
    """subtransaction id -> its top transaction id, from the commit records in the log."""
    top = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xid::text::bigint, description FROM pg_get_wal_records_info(%s, %s) "
            "WHERE resource_manager = 'Transaction'",
            [start, _wal_lsn()],
        )
        for xid, description in cursor.fetchall():
            found = re.search(r"subxacts:((?: \d+)+)", description or "")
            for sub in found.group(1).split() if found else ():
                top[int(sub)] = xid
    return top


def _wal_transactions(start: str, end: str) -> dict[int, set[str]]:
    """xid -> tables that the write-ahead log shows the transaction writing (savepoints
    counted with their transaction)."""
    top = _subtransactions(start)
    names = {}
    with connection.cursor() as cursor:
        for model in MODELS:
            cursor.execute("SELECT pg_relation_filenode(%s)", [model._meta.db_table])
            names[str(cursor.fetchone()[0])] = model._meta.db_table
        cursor.execute(
            "SELECT xid::text::bigint, block_ref FROM pg_get_wal_records_info(%s, %s) "
            "WHERE block_ref IS NOT NULL AND xid::text::bigint <> 0",
            [start, end],
        )
        written: dict[int, set[str]] = {}
        for xid, refs in cursor.fetchall():
            for node in re.findall(r"rel \d+/\d+/(\d+)", refs):
                if node in names:
                    written.setdefault(top.get(xid, xid), set()).add(names[node])
    return written


def test_a_database_reader_cannot_link_a_member_to_a_choice(tmp_path, settings):
    if connection.vendor == "postgresql":
        # Earlier tests' rolled-back rows stay in the pages as dead tuples: start from empty
        # files, so that every tuple read below belongs to this vote.
        tables = ", ".join(f'"{m._meta.db_table}"' for m in MODELS)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} CASCADE")
    call_command("load_demo", stdout=io.StringIO())
    before = {(t["table"], t["raw"]) for t in _tuples()}
    settings.DIENHINH = {**settings.DIENHINH, "BALLOT_KEY_DIR": str(tmp_path / "keys")}
    from tests.conftest import user

    standing = user("standing")
    members = factories.council_of(5)
    first = factories.exemplar(state=S.RECOGNISED, name="Ứng viên một")
    second = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED, name="Ứng viên hai")
    session = factories.session(standing, [first, second], threshold=50)
    postgres = connection.vendor == "postgresql"
    walinspect = postgres and _extension("pg_walinspect")
    start = _wal_lsn() if postgres else None

    plan = {first: [A, D, A, X, D], second: [D, A, A, A, X]}
    for i, member in enumerate(members):
        for exemplar, choices in plan.items():
            voting.cast_vote(session, exemplar, member=member, choice=choices[i])

    # During the vote: the key is on the server, never in the database.
    assert ballots.has_key(session.key_id)
    top = _subtransactions(start) if walinspect else None
    _assert_no_link(_since(before), members, closed=False, top=top)

    rows = {r.exemplar.pk: r for r in counting.close_session(session, actor=standing)}
    assert (rows[first.pk].agree, rows[first.pk].disagree, rows[first.pk].abstain) == (2, 2, 1)
    assert (rows[second.pk].agree, rows[second.pk].disagree, rows[second.pk].abstain) == (3, 1, 1)
    assert not ballots.has_key(session.key_id)  # destroyed once the counts were committed

    # After the vote.
    top = _subtransactions(start) if walinspect else None
    _assert_no_link(_since(before), members, closed=True, top=top)

    if walinspect:
        # The log of writes: the transactions that wrote participations wrote no ballot and no
        # count; those that wrote ballots wrote no participation; the counts came in one.
        tally = BallotTally._meta.db_table
        participation = Participation._meta.db_table
        sealed = SealedBallot._meta.db_table
        written = _wal_transactions(start, _wal_lsn())
        with_participation = [x for x, tables in written.items() if participation in tables]
        assert len(with_participation) == 10
        for xid in with_participation:
            assert not {tally, sealed} & written[xid], written[xid]
        with_ballot = [x for x, tables in written.items() if sealed in tables]
        assert len(with_ballot) == 10
        assert len([x for x, tables in written.items() if tally in tables]) == 1
