"""The daily round: quota deadlines (today's reminders, kept), votes sitting soon, follow-ups due.

The quota reminders are those of 01/05/2025, in the demo as it stood then (`before_reform`):
Huyện Tam Đường and Sở Y tế behind the guide's quotas."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from dienhinh.honours.models import FollowUp, Participation
from dienhinh.notifications import daily
from dienhinh.notifications.enums import Kind
from dienhinh.notifications.models import Notification
from dienhinh.programs.models import Milestone
from dienhinh.registrations.domain import quotas
from dienhinh.registrations.enums import ExemplarState
from tests.honours import factories as hf
from tests.registrations import factories as f

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def _deadline_in(days: int, today: datetime.date):
    prog = f.program()
    Milestone.objects.filter(program=prog, kind="registration_deadline").update(
        date=today + datetime.timedelta(days=days)
    )
    return prog


def _readers(kind):
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_units_behind_are_reminded_n_days_before(
    before_reform, settings, django_capture_on_commit_callbacks
):
    settings.DIENHINH = {**settings.DIENHINH, "REMINDER_DAYS": 10}
    today = datetime.date(2025, 5, 1)
    prog = _deadline_in(10, today)
    assert quotas.deadline(prog, 2025) == datetime.date(2025, 5, 11)
    with django_capture_on_commit_callbacks(execute=True):
        daily.run_daily.enqueue(today.isoformat())
    readers = _readers(Kind.DEADLINE)
    assert {"lc.canbo", "lc.tamduong"} <= readers  # LC-SYT and LC-TAMDUONG are behind
    assert not readers & {"lc.thutruong", "lc.snv", "lc.hoidong", "qb.canbo"}
    syt = next(m for m in mail.outbox if m.to == ["hang.nt@example.vn"])
    assert "11/05/2025" in syt.subject
    assert "Còn thiếu" in syt.body


def test_no_reminder_on_other_days(db):
    today = datetime.date(2025, 5, 1)
    _deadline_in(13, today)
    assert daily.deadline_reminders(today) == 0


def test_units_that_met_their_quota_are_not_reminded(before_reform, personas):
    today = datetime.date(2025, 5, 1)
    _deadline_in(14, today)
    cs = [f.candidate("LC-SYT", "Khoa Dược", "collective"), f.candidate("LC-SYT", "Vũ Văn An")]
    f.registration("LC-SYT", cs, year=2025, status="accepted")
    assert daily.deadline_reminders(today) > 0
    assert "lc.canbo" not in _readers(Kind.DEADLINE)


def test_the_round_run_twice_reminds_once(before_reform):
    today = datetime.date(2025, 5, 1)
    _deadline_in(14, today)
    first = daily.deadline_reminders(today)
    assert first > 0
    assert daily.deadline_reminders(today) == 0


def test_command_runs_the_round(before_reform, django_capture_on_commit_callbacks):
    today = datetime.date(2025, 5, 1)
    _deadline_in(14, today)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--now", "--date", today.isoformat(), stdout=out)
    assert "deadline:" in out.getvalue()
    assert mail.outbox


def test_members_who_have_not_voted_are_reminded_the_day_before(personas):
    ex = hf.exemplar(state=ExemplarState.RECOGNISED)
    members = hf.council_of(3)
    session = hf.session(personas["standing"], [ex])  # sits on 01/03/2025
    # Participation is what a vote leaves (the ballot itself names no voter).
    Participation.objects.create(session=session, member=members[0], exemplar=ex)
    assert daily.vote_reminders(datetime.date(2025, 2, 27)) == 0  # two days before
    assert daily.vote_reminders(datetime.date(2025, 2, 28)) == 2
    assert _readers(Kind.VOTE_REMINDER) == {m.username for m in members[1:]}


def test_a_follow_up_due_reminds_the_units_officer(personas):
    ex = hf.exemplar()
    FollowUp.objects.create(exemplar=ex, kind="progress", date=datetime.date(2025, 1, 10), text="x")
    assert daily.follow_ups_due(datetime.date(2025, 6, 1)) == 0
    assert daily.follow_ups_due(datetime.date(2025, 7, 15)) == 1
    assert _readers(Kind.FOLLOW_UP_DUE) == {"lc.canbo"}
    # A follow-up recorded since: nothing due until six months after it.
    FollowUp.objects.create(exemplar=ex, kind="progress", date=datetime.date(2025, 7, 20), text="y")
    assert daily.follow_ups_due(datetime.date(2025, 8, 1)) == 0


def test_the_round_gathers_the_planners_statistics_on_sqlite(db):
    """SQLite keeps no planner statistics until ANALYZE runs: the daily round gathers them, so
    that a database filled by daily work plans a unit's list by its unit. PostgreSQL analyses
    changed tables itself (autovacuum): the round leaves them to it."""
    from django.db import connection

    f.candidate("LC-SYT", "Nguyễn Văn An")
    result = daily.run_daily.call(datetime.date(2026, 1, 1).isoformat())
    if connection.vendor != "sqlite":
        assert result["statistics"] == 0
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analysed = {row[0] for row in cursor.fetchall()}
    assert "registrations_candidate" in analysed
    assert result["statistics"] == len(analysed)
