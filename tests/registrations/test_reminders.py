import datetime
import io

from django.core import mail
from django.core.management import call_command

from dienhinh.programs.models import Milestone
from dienhinh.registrations.domain import quotas
from dienhinh.registrations.tasks import send_daily_reminders
from tests.registrations import factories as f


def _deadline_in(days: int, today: datetime.date):
    prog = f.program()
    Milestone.objects.filter(program=prog, kind="registration_deadline").update(
        date=today + datetime.timedelta(days=days)
    )
    return prog


def test_units_behind_are_reminded_n_days_before(db, settings, immediate_tasks):
    settings.DIENHINH = {**settings.DIENHINH, "REMINDER_DAYS": 10}
    today = datetime.date(2025, 5, 1)
    prog = _deadline_in(10, today)
    assert quotas.deadline(prog, 2025) == datetime.date(2025, 5, 11)
    send_daily_reminders.enqueue(today.isoformat())
    recipients = {addr for m in mail.outbox for addr in m.to}
    assert "hang.nt@example.vn" in recipients  # LC-SYT is behind
    assert "phong.lv@example.vn" in recipients  # LC-TAMDUONG too
    syt = next(m for m in mail.outbox if m.to == ["hang.nt@example.vn"])
    assert "11/05/2025" in syt.body


def test_no_reminder_on_other_days(db, immediate_tasks):
    today = datetime.date(2025, 5, 1)
    _deadline_in(13, today)
    send_daily_reminders.enqueue(today.isoformat())
    assert mail.outbox == []


def test_units_that_met_their_quota_are_not_reminded(db, personas, immediate_tasks):
    today = datetime.date(2025, 5, 1)
    _deadline_in(14, today)
    cs = [f.candidate("LC-SYT", "Khoa Dược", "collective"), f.candidate("LC-SYT", "Vũ Văn An")]
    f.registration("LC-SYT", cs, year=2025, status="accepted")
    send_daily_reminders.enqueue(today.isoformat())
    assert mail.outbox
    assert all(m.to != ["hang.nt@example.vn"] for m in mail.outbox)


def test_command_runs_the_job(db, immediate_tasks):
    today = datetime.date(2025, 5, 1)
    _deadline_in(14, today)
    call_command("send_reminders", "--date", today.isoformat(), stdout=io.StringIO())
    assert mail.outbox
