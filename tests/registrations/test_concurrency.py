"""On PostgreSQL, simultaneous openings of one unit's registration leave one live registration.

Each thread has its own database connection (Django's connections are per thread), so the five
transactions really race; the partial unique constraint decides, and the losers get the domain's
refusal (the web form) or add their rows to the winner's registration (the import).
"""

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections

from dienhinh.documents.importing.save import save_rows
from dienhinh.documents.sources import CandidateRow
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.domain import DomainError
from dienhinh.registrations.domain.registrations import create_registration
from dienhinh.registrations.enums import RegistrationStatus
from dienhinh.registrations.models import Registration
from tests.conftest import user
from tests.registrations import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a race needs PostgreSQL"),
]
YEAR = 2027  # next year: the furthest a unit may register for
THREADS = 5


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


def _race(work) -> list[object]:
    """Run `work()` in THREADS threads released together; each result or exception."""
    barrier = threading.Barrier(THREADS)
    results: list[object] = [None] * THREADS

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work()
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _live():
    return Registration.objects.filter(
        program=f.program(), organisation__code="LC-SYT", year=YEAR
    ).exclude(status=RegistrationStatus.WITHDRAWN)


def test_five_simultaneous_creates_leave_one_live_registration(demo):
    program, unit, officer = f.program(), Organisation.objects.get(code="LC-SYT"), user("officer_a")
    results = _race(
        lambda: create_registration(actor=officer, program=program, organisation=unit, year=YEAR)
    )
    assert _live().count() == 1
    assert sum(isinstance(r, Registration) for r in results) == 1
    refusals = [r for r in results if not isinstance(r, Registration)]
    assert all(isinstance(r, DomainError) for r in refusals), refusals
    assert all("đã có biểu đăng ký" in str(r) for r in refusals)


def test_five_simultaneous_imports_leave_one_live_registration(demo):
    program, unit, officer = f.program(), Organisation.objects.get(code="LC-SYT"), user("officer_a")
    rows = [
        CandidateRow(subject_type="individual", name="Nguyễn Thị Mai", workplace="Khoa Nội"),
        CandidateRow(subject_type="individual", name="Lò Văn Sơn", workplace="Khoa Ngoại"),
    ]
    results = _race(
        lambda: save_rows(program=program, organisation=unit, year=YEAR, rows=rows, actor=officer)
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    live = _live()
    assert live.count() == 1
    assert sorted(live.get().entries.values_list("candidate__name", flat=True)) == sorted(
        r.name for r in rows
    )


def _together(works) -> list[object]:
    """Run each of `works` in its own thread, released together; each result or exception."""
    barrier = threading.Barrier(len(works))
    results: list[object] = [None] * len(works)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = works[i]()
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_simultaneous_moves_keep_the_quota_counts_exact(demo):
    """Candidates of one registration edited at once (each recounts the registration without
    holding its row otherwise) while it moves through the workflow and another unit's entries
    change: the kept counts equal a full recount, one row per registration, type and field; so
    do the candidate list's counts by status, a candidate moving between units meanwhile."""
    from django.db import transaction

    from dienhinh.registrations.domain.candidates import update_candidate
    from dienhinh.registrations.domain.registrations import set_entries
    from dienhinh.registrations.domain.workflow import transition
    from tests.registrations.test_quota_counts import (
        maintained,
        recounted,
        statuses_kept,
        statuses_recounted,
    )

    officer, head = user("officer_a"), user("head_a")
    # Of three units (an edit locks its candidate's unit): their recounts of the department's
    # registration really run at once.
    units = ["LC-SYT", "LC-SYT-CDC", "LC-SYT-BVDK", "LC-SYT-BVDK"]
    people = [f.candidate(u, f"Cán bộ {i}", field_code="a") for i, u in enumerate(units)]
    schools = [f.candidate("LC-SGDDT", f"Giáo viên {i}") for i in range(3)]
    reg = f.registration("LC-SYT", people, year=YEAR)
    other = f.registration("LC-SGDDT", schools[:1], year=YEAR)
    fields = list(f.program().fields.order_by("position")[:2])

    # A candidate of the city's registration moves between two of its wards at the same time
    # (both wards' counts by status change; a save signals it like the domain's edit).
    mover = f.candidate("LC-TP-TANPHONG", "Cán bộ phường")
    f.registration("LC-TP", [mover], year=YEAR)
    communes = [Organisation.objects.get(code=c) for c in ("LC-TP-DONGPHONG", "LC-TP-TANPHONG")]

    def edit(c, round_):
        return lambda: update_candidate(
            c,
            actor=officer,
            version=None,
            subject_type=("collective", "individual")[round_ % 2],
            field=fields[round_ % 2],
        )

    def move(round_):
        def work():
            with transaction.atomic():  # as a unit's edit saves it, outside the domain's locks
                mover.organisation = communes[round_ % 2]
                mover.save()

        return work

    moves = [
        ("request_approval", officer),
        ("approve", head),
        ("return", user("standing")),
        ("request_approval", officer),
    ]
    for round_, (action, actor) in enumerate(moves):
        results = _together(
            [
                *(edit(c, round_) for c in people),
                move(round_),
                lambda action=action, actor=actor: transition(
                    reg, action, actor=actor, reason="Thiếu minh chứng"
                ),
                lambda round_=round_: set_entries(
                    other,
                    actor=f.TEST_ACTOR,
                    candidates=schools[: 1 + round_ % 3],
                    notes="",
                    version=None,
                ),
            ]
        )
        assert not [r for r in results if isinstance(r, Exception)], results
        assert maintained() == recounted()
        assert statuses_kept() == statuses_recounted()
    assert Registration.objects.get(pk=reg.pk).status == RegistrationStatus.AWAITING_APPROVAL


def test_simultaneous_recounts_of_one_registration_are_serialised(demo):
    """Entries of one registration saved at once outside any domain function (no audit entry):
    each save recounts the registration, and the counts stay one row per type and field, equal to
    a full recount. (The recounts take the audit chain's lock; the cache's version row, written
    by each save, orders them too.)"""
    from django.db import transaction

    from dienhinh.registrations.enums import EntryStatus
    from tests.registrations.test_quota_counts import maintained, recounted

    units = ["LC-SYT", "LC-SYT-CDC", "LC-SYT-BVDK", "LC-SYT-CDC", "LC-SYT-BVDK"]
    people = [f.candidate(u, f"Cán bộ {i}", field_code="a") for i, u in enumerate(units)]
    reg = f.registration("LC-SYT", people, year=YEAR)
    entries = list(reg.entries.order_by("id"))

    def accept(entry):
        def work():
            with transaction.atomic():
                entry.status = EntryStatus.ACCEPTED
                entry.save(update_fields=["status"])
                time.sleep(0.3)  # a longer transaction: the others' recounts come meanwhile

        return work

    results = _together([accept(e) for e in entries])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert maintained() == recounted()
    mine = [v for k, v in maintained().items() if k[0] == reg.pk]
    assert mine == [(len(entries), 0)]
