"""Background jobs: the daily quota reminder and the notice of a returned registration.

Tasks take ids, not objects. `make run` starts `manage.py db_worker`, which runs them; the
`send_reminders` command enqueues the daily job (or runs it at once with --now).
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from dienhinh.orgs.models import Membership, Organisation
from dienhinh.orgs.roles import OFFICERS
from dienhinh.programs.enums import ProgramStatus, SubjectType
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import quotas
from dienhinh.registrations.enums import EntryStatus, RegistrationStatus
from dienhinh.registrations.models import Registration


def reminder_days() -> int:
    return int(settings.DIENHINH.get("REMINDER_DAYS", 14))


def officer_emails(organisation: Organisation, roles=OFFICERS) -> list[str]:
    """E-mail addresses of the people holding `roles` on the organisation itself."""
    return sorted(
        {
            m.user.email
            for m in Membership.objects.current()
            .filter(organisation=organisation, role__in=roles, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
        }
    )


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        return send_mail(subject, body, None, recipients)


def due_reminders(today: datetime.date) -> list[tuple[Program, int, datetime.date]]:
    """(program, year, deadline) whose registration deadline is exactly REMINDER_DAYS away."""
    days = reminder_days()
    out = []
    for program in Program.objects.filter(status=ProgramStatus.ACTIVE).prefetch_related(
        "milestones"
    ):
        year = today.year
        due = quotas.deadline(program, year)
        if due and (due - today).days == days:
            out.append((program, year, due))
    return out


def _lines(row) -> list[tuple[str, int, int]]:
    labels = dict(SubjectType.choices)
    lines = [(str(labels[t]), row.counts.get(t, 0), n) for t, n in row.requirement.minimums.items()]
    for group, n in row.requirement.any_of:
        label = " / ".join(str(labels[t]) for t in group)
        lines.append((label, sum(row.counts.get(t, 0) for t in group), n))
    return lines


@task()
def send_daily_reminders(today: str | None = None) -> int:
    """E-mail the officers of every unit behind its quota, REMINDER_DAYS before the deadline."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    for program, year, due in due_reminders(day):
        for row in quotas.units_behind(program, year, today=day):
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Reminder: %(unit)s is %(n)s short of its quota for %(program)s") % {
                    "unit": row.organisation.name,
                    "n": row.shortfall,
                    "program": program.number,
                }
            sent += _send(
                subject,
                "registrations/email/quota_reminder.txt",
                {
                    "row": row,
                    "program": program,
                    "year": year,
                    "deadline": due,
                    "days": (due - day).days,
                    "lines": _lines(row),
                },
                officer_emails(row.organisation),
            )
    return sent


@task()
def notify_returned(registration_id: int) -> int:
    """Tell the unit's officers that the standing agency returned their registration, and why."""
    registration = (
        Registration.objects.select_related("organisation", "program")
        .prefetch_related("entries__candidate")
        .get(pk=registration_id)
    )
    entries = [e for e in registration.entries.all() if e.return_reason]
    accepted = [e for e in registration.entries.all() if e.status == EntryStatus.ACCEPTED]
    with translation.override(settings.LANGUAGE_CODE):
        if registration.status == RegistrationStatus.PARTLY_ACCEPTED:
            subject = _("Registration partly accepted: %(registration)s") % {
                "registration": registration
            }
        else:
            subject = _("Registration returned: %(registration)s") % {"registration": registration}
    recipients = officer_emails(registration.organisation)
    if registration.created_by and registration.created_by.email:
        recipients = sorted(set(recipients) | {registration.created_by.email})
    return _send(
        subject,
        "registrations/email/returned.txt",
        {"registration": registration, "entries": entries, "accepted": accepted},
        recipients,
    )
