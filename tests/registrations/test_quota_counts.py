"""The quota dashboard's maintained counts (QuotaCount, QuotaTypeCount) equal a full recount from the entries after
any sequence of moves: entries chosen, registrations moved through the workflow (accepted in whole
or in part, returned, withdrawn, made again), candidates changing type or field or unit, units
merged; and the dashboard's sums by unit, kept up to date from the log of changes, equal sums of
all rows. So do the candidate list's counts by status (CandidateStatusCount), and the list's
totals made from them."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dienhinh.core.cache import VersionedCache
from dienhinh.core.errors import DomainError, NotPermitted
from dienhinh.orgs import domain as orgs
from dienhinh.orgs import queries as orgs_queries
from dienhinh.orgs.models import Organisation
from dienhinh.programs.enums import QuotaPeriod
from dienhinh.registrations import permissions
from dienhinh.registrations.domain import candidate_counts, quota_counts, quotas, unit_counts
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain import registrations as reg_domain
from dienhinh.registrations.domain.candidates import is_locked, update_candidate
from dienhinh.registrations.domain.workflow import WORKFLOW, transition
from dienhinh.registrations.enums import COUNTED_STATUSES, EntryStatus, RegistrationStatus
from dienhinh.registrations.models import (
    Candidate,
    CandidateStatusCount,
    Entry,
    Exemplar,
    QuotaCount,
    QuotaCountChange,
    QuotaTypeCount,
    Registration,
)
from tests.registrations import factories as f

YEAR = 2027
# (unit, name, subject type, field code): LC-SYT's registration may take all of them, its
# centre's only the last three.
PEOPLE = [
    ("LC-SYT", "Nguyễn Văn An", "individual", "a"),
    ("LC-SYT", "Khoa Dược", "collective", "b"),
    ("LC-SYT", "Trần Thị Bình", "individual", "a"),
    ("LC-SYT-CDC", "Lò Văn Sáu", "individual", "c"),
    ("LC-SYT-CDC", "Phòng Xét nghiệm", "collective", "a"),
    ("LC-SYT-CDC", "Hoàng Thị Mai", "individual", None),
]
# (unit, year) of the registrations the moves work on.
# (Sở Y tế registered in the demo for 2025 and 2026: its earlier year here is 2024.)
REGISTRATIONS = [("LC-SYT", YEAR), ("LC-SYT-CDC", YEAR), ("LC-SYT", YEAR - 3)]
ACTIONS = ["request_approval", "send_back", "approve", "accept", "return", "withdraw"]


def maintained() -> dict[tuple, tuple[int, int]]:
    rows: dict[tuple, tuple[int, int]] = {}
    for reg, org, year, st_, fld, registered, progress in QuotaCount.objects.values_list(
        "registration_id",
        "organisation_id",
        "year",
        "subject_type",
        "field_id",
        "registered",
        "in_progress",
    ):
        key = (reg, org, year, st_, fld)
        assert key not in rows, f"two rows for {key}"
        rows[key] = (registered, progress)
    # The rows without the field (the dashboard's table reads them) are the same counts summed.
    by_type: dict[tuple, tuple[int, int]] = {}
    for (reg, org, year, st_, _fld), (registered, progress) in rows.items():
        was = by_type.get((reg, org, year, st_), (0, 0))
        by_type[reg, org, year, st_] = (was[0] + registered, was[1] + progress)
    kept_by_type: dict[tuple, tuple[int, int]] = {}
    for reg, org, year, st_, registered, progress in QuotaTypeCount.objects.values_list(
        "registration_id", "organisation_id", "year", "subject_type", "registered", "in_progress"
    ):
        assert (reg, org, year, st_) not in kept_by_type, f"two rows for {reg, org, year, st_}"
        kept_by_type[reg, org, year, st_] = (registered, progress)
    assert kept_by_type == by_type
    return rows


def recounted() -> dict[tuple, tuple[int, int]]:
    """The counts as the dashboard computed them before they were kept: every entry read."""
    rows: dict[tuple, list[int]] = {}
    entries = Entry.objects.exclude(registration__status=RegistrationStatus.WITHDRAWN).values_list(
        "registration_id",
        "registration__organisation_id",
        "registration__year",
        "candidate__subject_type",
        "candidate__field_id",
        "registration__status",
        "status",
    )
    for reg, org, year, st_, fld, reg_status, status in entries:
        counts = rows.setdefault((reg, org, year, st_, fld), [0, 0])
        counted = reg_status in COUNTED_STATUSES or status == EntryStatus.ACCEPTED
        counts[0 if counted else 1] += 1
    return {key: (r, p) for key, (r, p) in rows.items()}


def statuses_kept() -> dict[tuple, int]:
    """The list's counts by status as kept, summed by key (a merge may leave a unit two rows)."""
    rows: dict[tuple, int] = {}
    for program, org, st_, status, n in CandidateStatusCount.objects.values_list(
        "program_id", "organisation_id", "subject_type", "status", "candidates"
    ):
        rows[program, org, st_, status] = rows.get((program, org, st_, status), 0) + n
    return {key: n for key, n in rows.items() if n}


def statuses_recounted() -> dict[tuple, int]:
    """The same, from every candidate and the registrations of its entries; and under
    `candidate_counts.ALL`, every candidate once."""
    seen: dict[tuple, set[int]] = {}
    for cid, program, org, st_, status in Entry.objects.values_list(
        "candidate_id",
        "candidate__program_id",
        "candidate__organisation_id",
        "candidate__subject_type",
        "registration__status",
    ):
        seen.setdefault((program, org, st_, status), set()).add(cid)
    for cid, program, org, st_ in Candidate.objects.values_list(
        "pk", "program_id", "organisation_id", "subject_type"
    ):
        seen.setdefault((program, org, st_, candidate_counts.ALL), set()).add(cid)
    for xid, program, org in Exemplar.objects.values_list("pk", "program_id", "organisation_id"):
        seen.setdefault((program, org, "", candidate_counts.EXEMPLARS), set()).add(xid)
    return {key: len(ids) for key, ids in seen.items()}


def _setup():
    candidates = [
        f.candidate(org, name, st_, field_code=fld) if fld else f.candidate(org, name, st_)
        for org, name, st_, fld in PEOPLE
    ]
    registrations = [f.registration(org, year=year) for org, year in REGISTRATIONS]
    return candidates, registrations


def _apply(move, candidates, registrations, personas) -> None:
    kind, index, choice = move
    fields = list(f.program().fields.order_by("position")[:3]) + [None]
    if kind == "entries":
        reg = registrations[index % len(registrations)]
        pool = [c for c in candidates if c.organisation.path.startswith(reg.organisation.path)]
        chosen = [c for i, c in enumerate(pool) if choice >> i & 1]
        reg_domain.set_entries(reg, actor=f.TEST_ACTOR, candidates=chosen, notes="", version=None)
    elif kind == "transition":
        reg = registrations[index % len(registrations)]
        # Mostly a move the state allows (any move now and then: the refusal changes nothing).
        allowed = [a for a in ACTIONS if reg.status in WORKFLOW[a].sources] or ACTIONS
        action = (ACTIONS if choice & 4 and choice & 2 else allowed)[choice % len(allowed)]
        pending = reg.entries.exclude(status=EntryStatus.ACCEPTED).order_by("id")
        reasons = {e.pk: "Thiếu minh chứng" for i, e in enumerate(pending) if choice >> (i + 3) & 1}
        actor = {
            "request_approval": "officer_a",
            "send_back": "head_a",
            "approve": "head_a",
            "accept": "standing",
            "return": "standing",
            "withdraw": "officer_a",
        }[action]
        transition(
            reg,
            action,
            actor=personas[actor],
            reason="Lý do" if action in ("send_back", "withdraw") or not reasons else "",
            entry_reasons=reasons if action in ("accept", "return") else None,
        )
    elif kind == "again":
        reg = registrations[index % len(registrations)]
        reg.refresh_from_db()
        if reg.status == RegistrationStatus.WITHDRAWN:
            registrations[index % len(registrations)] = f.registration(
                reg.organisation.code, year=reg.year
            )
    elif kind == "candidate":
        c = candidates[index % len(candidates)]
        c.refresh_from_db()
        # An accepted candidate is corrected by the standing agency, any other by its unit.
        locked = is_locked(c)
        update_candidate(
            c,
            actor=personas["standing" if locked else "officer_a"],
            version=None,
            reason="Sửa theo hồ sơ" if locked else "",
            subject_type=("individual", "collective")[choice & 1],
            field=fields[(choice >> 1) % len(fields)],
        )
    elif kind == "move":
        c = candidates[index % len(candidates)]
        c.refresh_from_db()
        units = ["LC-SYT", "LC-SYT-CDC", "LC-SYT-BVDK"]
        unit = Organisation.objects.get(code=units[choice % len(units)])
        update_candidate(c, actor=personas["officer_a"], version=None, organisation=unit)
    elif kind == "new":
        # A candidate made on the form, or a few imported at once (plain rows), or one deleted.
        unit = Organisation.objects.get(code=("LC-SYT", "LC-SYT-CDC")[index % 2])
        subject_type = ("individual", "collective")[choice & 1]
        if unit.status != "active":
            return
        if choice & 2:
            made = cand_domain.create_candidates(
                actor=personas["officer_a"],
                program=f.program(),
                organisation=unit,
                rows=[
                    {"subject_type": subject_type, "name": f"Mới {choice} {i}", "workplace": "X"}
                    for i in range(1 + choice % 3)
                ],
            )
        else:
            made = [f.candidate(unit.code, f"Mới {choice}", subject_type)]
        candidates.extend(made)
    elif kind == "delete":
        c = candidates[index % len(candidates)]
        if not c.entries.exists() and len(candidates) > 1:
            candidates.remove(c)
            # As the admin site and a cascade delete it: read afresh (a move above saved
            # another copy of it; the counts follow the unit it is in, not a stale one).
            c.refresh_from_db()
            c.delete()
    elif kind == "merge":
        source = Organisation.objects.get(code="LC-SYT-CDC")
        if source.status == "active":
            orgs.merge(
                source,
                actor=personas["admin"],
                target=Organisation.objects.get(code="LC-SYT-BVDK"),
                effective_on=datetime.date(YEAR, 6, 1),
            )


def _table(program, year: int, field_id: int | None) -> dict:
    """The dashboard's table of units, brought up to date unit by unit from the one it kept."""
    return quotas._unit_table(program, year, field_id, quotas.requirements_by_kind(program, year))


def _follow() -> dict[tuple, "unit_counts.UnitCounts"]:
    """The sums by unit the dashboard keeps (every year, field and period it may ask for), as
    a reader finds them now: patched from the log since it last read them."""
    program = f.program()
    tree = quotas.units_cache.version()
    field = program.fields.order_by("position").first()
    for year in (YEAR, YEAR - 3):
        # The board first: its chart by field brings the sums by field up to date with the
        # table's (no second reading of the log); then from the log. Filtered boards too: their
        # rows are brought up to date row by row as well.
        for filters in BOARD_FILTERS:
            quotas.build(program, year, None, today=datetime.date(YEAR, 1, 1), **filters)
        unit_counts.field_counts(program.pk, year, tree)
        for fld in (None, field.pk):
            _table(program, year, fld)
    return {
        (program.pk, year, fld, whole): unit_counts.unit_counts(program.pk, year, fld, whole, tree)
        for year in (YEAR, YEAR - 3)
        for fld in (None, field.pk)
        for whole in (False, True)
    }


# The boards followed after each move: whole, and filtered (a colour, a subject type).
BOARD_FILTERS = [{}, {"colour": quotas.AMBER}, {"subject_type": "individual"}]


def _board(board) -> dict:
    """What a board shows, as plain values."""
    return {
        "rows": [
            (r.unit, r.district and r.district.pk, r.colour, r.counts, r.shortfall, r.types)
            for r in board.rows
        ],
        "totals": board.totals,
        "colours": board.colour_counts,
        "by_field": board.by_field,
        "by_type": board.by_type,
        "by_district": board.by_district,
        "districts": [d.pk for d in board.districts],
    }


MOVES = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "entries",
                "transition",
                "transition",
                "again",
                "candidate",
                "move",
                "merge",
                "new",
                "delete",
            ]
        ),
        st.integers(0, 5),
        st.integers(0, 255),
    ),
    max_size=14,
)


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=MOVES)
# Found once: a candidate moved, then deleted.
@example(moves=[("move", 3, 0), ("delete", 3, 0)])
def test_maintained_counts_equal_a_full_recount_after_any_moves(personas, moves):
    with transaction.atomic():
        candidates, registrations = _setup()
        for move in moves:
            try:
                with transaction.atomic():
                    _apply(move, candidates, registrations, personas)
            except (DomainError, NotPermitted):
                pass  # a move the state does not allow: nothing changed
            for reg in registrations:
                reg.refresh_from_db()
            _follow()  # the dashboard's sums by unit, brought up to date after each move
        assert maintained() == recounted()
        # The list's counts by status too, and the totals the list shows from them equal its
        # candidates counted one by one.
        assert statuses_kept() == statuses_recounted()
        program = f.program()
        for persona, unit in [("standing", None), ("officer_a", None), ("officer_a", "LC-SYT")]:
            for status in [*RegistrationStatus.values, ""]:
                for subject_type in ("", "individual"):
                    params = {
                        "program": program.code,
                        "subject_type": subject_type,
                        "status": status,
                        "organisation": unit and Organisation.objects.get(code=unit),
                    }
                    listed = Candidate.objects.filter(
                        permissions.read_q(personas[persona]), program=program
                    )
                    if status:
                        listed = listed.filter(entries__registration__status=status)
                    if subject_type:
                        listed = listed.filter(subject_type=subject_type)
                    if unit:
                        listed = listed.filter(
                            organisation__path__startswith=params["organisation"].path
                        )
                    assert (candidate_counts.answers if status else candidate_counts.answers_all)(
                        params
                    )
                    total = candidate_counts.total(personas[persona], params)
                    assert total == listed.distinct().count(), (persona, params)
        # The exemplars' total the API's list gives from them equals its exemplars counted.
        for persona in ("standing", "officer_a", "head_a"):
            user = personas[persona]
            listed = Exemplar.objects.filter(orgs_queries.scope_q(user))
            assert candidate_counts.exemplars(user) == listed.count(), persona
            assert candidate_counts.exemplars(user, program.code) == (
                listed.filter(program=program).count()
            ), persona
        # ... and those sums, patched unit by unit from the log of changes, equal sums made
        # from all the rows.
        for combo, kept in _follow().items():
            counts, progress = unit_counts._sums(*combo)
            assert (kept.counts, kept.progress) == (counts, progress), combo
        # So do the sums by unit and field (the chart by field), and their totals.
        program = f.program()
        tree = quotas.units_cache.version()
        for year in (YEAR, YEAR - 3):
            fields = unit_counts.field_counts(program.pk, year, tree)
            assert fields.units == unit_counts._field_sums(program.pk, year), year
            totals: dict = {}
            for sums in fields.units.values():
                for k, n in sums.items():
                    totals[k] = totals.get(k, 0) + n
            assert fields.totals == totals, year
        # The tables of units made from them, unit by unit, equal tables made whole.
        program = f.program()
        field = program.fields.order_by("position").first()
        combos = [(year, fld) for year in (YEAR, YEAR - 3) for fld in (None, field.pk)]
        patched = {combo: _table(program, *combo) for combo in combos}
        day = datetime.date(YEAR, 1, 1)
        boards = {
            (y, i): _board(quotas.build(program, y, None, today=day, **filters))
            for y in (YEAR, YEAR - 3)
            for i, filters in enumerate(BOARD_FILTERS)
        }
        VersionedCache.forget_all_local()
        cache.clear()
        for combo in combos:
            fresh = _table(program, *combo)
            assert patched[combo]["units"] == fresh["units"], combo
            assert patched[combo]["counted"] == fresh["counted"], combo
        # So do the boards brought up to date row by row, filtered or not.
        for (y, i), board in boards.items():
            fresh_board = quotas.build(program, y, None, today=day, **BOARD_FILTERS[i])
            assert board == _board(fresh_board), (y, BOARD_FILTERS[i])
        # The dashboard reads them: LC-SYT's row sums its registrations of the year (of every
        # year: the guide's quotas run over its whole period).
        program = f.program()
        board = quotas.build(program, YEAR, None, today=datetime.date(YEAR, 1, 1))
        syt = Organisation.objects.get(code="LC-SYT")
        row = next(r for r in board.rows if r.unit.id == syt.pk)
        whole_period = row.requirement.per == QuotaPeriod.PERIOD
        expected: dict[str, int] = {}
        for (_reg, org, year, st_, _fld), (registered, _p) in recounted().items():
            if org == syt.pk and (whole_period or year == YEAR) and registered:
                expected[st_] = expected.get(st_, 0) + registered
        assert row.counts == expected
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_rebuild_command_recounts_what_was_written_without_signals(personas):
    c = f.candidate("LC-SYT", "Nguyễn Văn An")
    reg = f.registration("LC-SYT", [c], year=YEAR)
    # Written behind the application's back: the counts lag until the rebuild.
    Registration.objects.filter(pk=reg.pk).update(status=RegistrationStatus.SUBMITTED)
    assert maintained() != recounted()
    out = io.StringIO()
    call_command("rebuild_quota_counts", stdout=out)
    assert maintained() == recounted()
    assert f"{QuotaCount.objects.count()} rows" in out.getvalue()


@pytest.mark.django_db
def test_a_batch_recounts_on_its_way_out_and_not_after_an_error(personas):
    c = f.candidate("LC-SYT", "Nguyễn Văn An")
    reg = f.registration("LC-SYT", [c], year=YEAR)
    entry = reg.entries.get()

    def mine():
        return {k: v for k, v in maintained().items() if k[0] == reg.pk}

    before = mine()
    assert list(before.values()) == [(0, 1)]  # a draft: in progress
    with pytest.raises(RuntimeError), transaction.atomic(), quota_counts.batched():
        entry.status = EntryStatus.ACCEPTED
        entry.save()
        raise RuntimeError
    assert mine() == before and maintained() == recounted()
    with quota_counts.batched():
        entry.status = EntryStatus.ACCEPTED
        entry.save()
        assert mine() == before  # not yet
    assert list(mine().values()) == [(1, 0)] and maintained() == recounted()


@pytest.mark.django_db
def test_the_list_counts_follow_entries_removed(personas):
    """The only candidate of its unit leaves a registration, then the registration is deleted:
    that unit's counts by status are counted again though no registration of it changed."""
    here = f.candidate("LC-SYT", "Nguyễn Văn An")
    alone = f.candidate("LC-SYT-CDC", "Lò Văn Sáu")
    reg = f.registration("LC-SYT", [here, alone], year=YEAR)
    assert statuses_kept() == statuses_recounted()
    reg_domain.set_entries(reg, actor=f.TEST_ACTOR, candidates=[here], notes="", version=None)
    assert statuses_kept() == statuses_recounted()
    reg_domain.set_entries(reg, actor=f.TEST_ACTOR, candidates=[alone], notes="", version=None)
    assert statuses_kept() == statuses_recounted()
    reg.delete()
    assert statuses_kept() == statuses_recounted()


@pytest.mark.django_db
def test_the_daily_round_prunes_the_log_and_the_boards_stay_exact(personas):
    """The daily round keeps only each program's last entry of the log of changes: a board that
    read it goes on from it, one kept from before (a worker idle since) sums its units whole."""
    from dienhinh.notifications import daily

    candidates, registrations = _setup()
    reg = registrations[0]
    chosen = [c for c in candidates if c.organisation.code == "LC-SYT"]
    reg_domain.set_entries(reg, actor=f.TEST_ACTOR, candidates=chosen, notes="", version=None)
    behind = _follow()  # kept as of this entry, then left behind by the moves below
    transition(reg, "request_approval", actor=personas["officer_a"])
    transition(reg, "approve", actor=personas["head_a"])
    program = f.program()
    log = QuotaCountChange.objects.filter(program=program)
    before = log.count()
    last = log.order_by("-id").values_list("id", flat=True).first()
    assert before > 2
    result = daily.run_daily.call(datetime.date(YEAR, 1, 1).isoformat())
    assert result["quota-log"] >= before - 1
    assert list(log.values_list("id", flat=True)) == [last]
    assert all(kept.seq < last for kept in behind.values())
    # The boards behind the last entry sum their units whole; then a move is applied unit by unit
    # from the entry kept.
    for moved in (False, True):
        if moved:
            transition(reg, "return", actor=personas["standing"], reason="Thiếu minh chứng")
        for combo, kept in _follow().items():
            assert (kept.counts, kept.progress) == unit_counts._sums(*combo), combo
    assert maintained() == recounted()


@pytest.mark.django_db
def test_an_exemplar_is_counted_in_its_registering_unit(personas):
    """The department registers only its centre's candidate: the exemplar, accepted, belongs to
    the department, whose own candidates did not change; its count of exemplars follows."""
    syt = Organisation.objects.get(code="LC-SYT")
    before = candidate_counts.exemplars(personas["standing"])
    centre = f.candidate("LC-SYT-CDC", "Lò Văn Sáu")
    reg = f.registration("LC-SYT", [centre], year=YEAR)
    for action, actor in [
        ("request_approval", "officer_a"),
        ("approve", "head_a"),
        ("accept", "standing"),
    ]:
        transition(reg, action, actor=personas[actor])
        reg.refresh_from_db()
    exemplar = Exemplar.objects.get(entry__registration=reg)
    assert exemplar.organisation_id == syt.pk
    assert candidate_counts.exemplars(personas["standing"]) == before + 1
    assert statuses_kept() == statuses_recounted()
    exemplar.delete()
    assert candidate_counts.exemplars(personas["standing"]) == before
    assert statuses_kept() == statuses_recounted()
