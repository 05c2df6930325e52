"""A bulk import leaves the same trail, search texts and quota counts as creating its rows one by
one (`create_candidate` per row, then `set_entries`)."""

import pytest
from django.db import transaction

from dienhinh.core import audit
from dienhinh.core.actors import system
from dienhinh.core.integrity import verify_chain
from dienhinh.core.models import AuditEntry
from dienhinh.documents.importing.save import save_rows
from dienhinh.registrations.domain.candidates import create_candidate, create_candidates
from dienhinh.registrations.domain.registrations import create_registration, set_entries
from dienhinh.registrations.models import Candidate, Entry, QuotaCount
from tests.documents.conftest import ROWS

pytestmark = pytest.mark.django_db
ACTOR = system("test")
YEAR = 2024


def _per_row(lc, unit, rows):
    fields = {f.code: f for f in lc.fields.all()}
    with transaction.atomic():
        registration = create_registration(actor=ACTOR, program=lc, organisation=unit, year=YEAR)
        created = [
            create_candidate(
                actor=ACTOR,
                program=lc,
                organisation=unit,
                subject_type=r.subject_type,
                name=r.name,
                address=r.address,
                head_name=r.head_name,
                position=r.position,
                workplace=r.workplace,
                field=fields.get(r.field_code),
                solutions=r.solutions,
                notes=r.notes,
            )
            for r in rows
        ]
        set_entries(registration, actor=ACTOR, candidates=created, notes="", version=None)


def _bulk(lc, unit, rows):
    save_rows(program=lc, organisation=unit, year=YEAR, rows=rows, actor=ACTOR)


def _effects(lc, unit, save, rows):
    """What saving the rows left, as plain values (ids replaced by names), then rolled back."""
    since = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    with transaction.atomic():
        save(lc, unit, rows)
        names = dict(Candidate.objects.filter(organisation=unit).values_list("pk", "name"))

        def plain(value):
            if isinstance(value, list):
                return sorted(names.get(v, v) if isinstance(v, int) else v for v in value)
            return value

        trail = [
            (
                e.action,
                e.object_type.model if e.object_type else "",
                e.object_repr,
                e.actor_name,
                e.scope_path,
                {k: [plain(v) for v in pair] for k, pair in e.changes.items()},
            )
            for e in AuditEntry.objects.filter(seq__gt=since).order_by("seq")
        ]
        chain = verify_chain()
        candidates = sorted(
            Candidate.objects.filter(organisation=unit, entries__registration__year=YEAR)
            .values_list("name", "name_key", "search_text", "subject_type", "field__code")
            .distinct()
        )
        entries = sorted(
            Entry.objects.filter(
                registration__organisation=unit, registration__year=YEAR
            ).values_list("candidate__name", "position", "status")
        )
        counts = sorted(
            QuotaCount.objects.filter(organisation=unit, year=YEAR).values_list(
                "subject_type", "field__code", "registered", "in_progress"
            )
        )
        transaction.set_rollback(True)
    return trail, chain, candidates, entries, counts


def test_bulk_import_leaves_the_effects_of_the_per_row_path(lc, org):
    unit = org("LC-SGDDT")
    rows = [*ROWS]
    one_by_one = _effects(lc, unit, _per_row, rows)
    bulk = _effects(lc, unit, _bulk, rows)
    assert bulk[0] == one_by_one[0]  # the same audit entries, in the same order
    assert [e[0] for e in bulk[0]].count("candidate.create") == len(rows)
    assert bulk[1].broken is None and one_by_one[1].broken is None  # the chain holds
    assert bulk[2:] == one_by_one[2:]  # search texts, entries, quota counts
    assert bulk[2] and bulk[4]


def test_entries_written_together_chain_as_one_by_one(lc, org):
    registration = create_registration(
        actor=ACTOR, program=lc, organisation=org("LC-SGDDT"), year=YEAR
    )
    alone = audit.record("registration.update", registration, actor=ACTOR, after={"notes": "a"})
    together = audit.record_many(
        [audit.Change("registration.update", registration, after={"notes": n}) for n in "bc"],
        actor=ACTOR,
    )
    assert [e.seq for e in together] == [alone.seq + 1, alone.seq + 2]
    assert together[0].prev_hash == alone.hash and together[1].prev_hash == together[0].hash
    assert [e.changes for e in together] == [{"notes": [None, "b"]}, {"notes": [None, "c"]}]
    assert verify_chain().broken is None
    assert audit.record_many([], actor=ACTOR) == []


def test_bulk_creation_is_refused_to_an_outsider(lc, org, personas):
    from dienhinh.core.errors import NotPermitted, NotVisible

    with pytest.raises((NotVisible, NotPermitted)):
        create_candidates(
            actor=personas["officer_b"],
            program=lc,
            organisation=org("LC-SGDDT"),
            rows=[{"subject_type": "individual", "name": "Lò Văn Dũng"}],
        )
    assert not Candidate.objects.filter(name="Lò Văn Dũng").exists()


def test_entries_written_together_hash_their_changes_as_one_by_one():
    """`record_many` hashes the changes' canonical text written once: the same hash as the
    whole entry written anew, whatever the changes' strings hold."""
    import datetime

    content = {
        "seq": 7,
        "at": datetime.datetime(2026, 12, 6, 20, 0, tzinfo=datetime.UTC),
        "actor_id": None,
        "actor_name": 'x,"object_id":"y',
        "action": "candidate.create",
        "object_type": "registrations.candidate",
        "object_id": "12",
        "object_repr": 'Hộ "A",\\"object_id":',
        "scope_path": "/1/2/",
        "changes": {"name": [None, ',"object_id":"Đ\\"'], "n": [1, {"id": 2, "repr": "é"}]},
        "reason": "",
    }
    text = audit._canonical(content["changes"])
    assert audit.entry_hash(content, "a" * 64, text) == audit.entry_hash(content, "a" * 64)


def test_rows_written_together_are_found_by_the_candidate_search(lc, org):
    """The rows go in as plain rows (COPY on PostgreSQL): the search's word index hears of them
    as of any insert."""
    from dienhinh.registrations.domain.queries import search

    unit = org("LC-SGDDT")
    save_rows(program=lc, organisation=unit, year=YEAR, rows=[*ROWS], actor=ACTOR)
    found = search(Candidate.objects.filter(organisation=unit), "benh vien da khoa")
    assert "Bệnh viện Đa khoa tỉnh" in {c.name for c in found}
    assert set(search(Candidate.objects.filter(organisation=unit), "lo thi binh")) == set(
        Candidate.objects.filter(organisation=unit, name="Lò Thị Bình")
    )
