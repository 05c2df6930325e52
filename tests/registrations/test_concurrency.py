"""On PostgreSQL, simultaneous openings of one unit's registration leave one live registration.

Each thread has its own database connection (Django's connections are per thread), so the five
transactions really race; the partial unique constraint decides, and the losers get the domain's
refusal (the web form) or add their rows to the winner's registration (the import).
"""

import io
import threading

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
YEAR = 2033
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
