"""The daily round: reminders of what is coming (deadlines, votes, follow-ups), the digests of
those who chose them, the e-mails whose retry is due; the quota counts' log of changes
pruned (`quota_counts.prune_log`); and, on SQLite, the planner's statistics gathered again
(`core.planner.refresh_statistics`).

`manage.py send_reminders` enqueues `run_daily` once a day (or runs it at once with --now).
Each reminder is written once per occasion (its notification key), so running the round twice
on a day sends nothing twice.
"""

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from dienhinh.core.planner import refresh_statistics
from dienhinh.honours import permissions as honour_permissions
from dienhinh.honours.domain.lifecycle import ENDED
from dienhinh.honours.enums import SessionStatus
from dienhinh.honours.models import VoteSession
from dienhinh.notifications import mail
from dienhinh.notifications.domain import notify
from dienhinh.notifications.enums import Channel, Kind
from dienhinh.notifications.models import Delivery, Notification
from dienhinh.notifications.recipients import allowed, holders
from dienhinh.orgs.roles import OFFICERS
from dienhinh.orgs.tasks import retry_due_invitations
from dienhinh.programs.enums import ProgramStatus
from dienhinh.programs.models import Program
from dienhinh.registrations import permissions as registration_permissions
from dienhinh.registrations.domain import quota_counts, quotas
from dienhinh.registrations.models import Exemplar


def _setting(name: str, default: int) -> int:
    return int(settings.DIENHINH.get(name, default))


def due_deadlines(today: datetime.date) -> list[tuple[Program, int, datetime.date]]:
    """(program, year, deadline) whose registration deadline is exactly REMINDER_DAYS away."""
    days = _setting("REMINDER_DAYS", 14)
    out = []
    for program in Program.objects.filter(status=ProgramStatus.ACTIVE).prefetch_related(
        "milestones"
    ):
        due = quotas.deadline(program, today.year)
        if due and (due - today).days == days:
            out.append((program, today.year, due))
    return out


def _lines(row: Any) -> list[list[Any]]:
    lines = [[[t], row.counts.get(t, 0), n] for t, n in row.requirement.minimums.items()]
    for group, n in row.requirement.any_of:
        lines.append([list(group), sum(row.counts.get(t, 0) for t in group), n])
    return lines


def deadline_reminders(today: datetime.date) -> int:
    """The officers of every unit behind its quota, REMINDER_DAYS before the deadline."""
    written = 0
    for program, year, due in due_deadlines(today):
        for row in quotas.units_behind(program, year, today=today):
            unit = row.organisation
            officers = allowed(
                holders(unit, OFFICERS), registration_permissions.may_edit_unit, unit
            )
            written += len(
                notify(
                    Kind.DEADLINE,
                    officers,
                    params={
                        "unit": unit.name,
                        "program": program.number,
                        "year": year,
                        "deadline": due.isoformat(),
                        "days": (due - today).days,
                        "shortfall": row.shortfall,
                        "lines": _lines(row),
                    },
                    url=f"{reverse('registrations:dashboard')}?program={program.code}",
                    key=f"deadline:{program.pk}:{unit.pk}:{year}:{due.isoformat()}",
                )
            )
    return written


def vote_reminders(today: datetime.date) -> int:
    """Members who have not voted yet in an open session sitting within VOTE_REMINDER_DAYS."""
    ahead = today + datetime.timedelta(days=_setting("VOTE_REMINDER_DAYS", 1))
    written = 0
    sessions = VoteSession.objects.filter(
        status=SessionStatus.OPEN, date__gte=today, date__lte=ahead
    ).select_related("council")
    for session in sessions:
        voted = set(
            session.participations.values("member_id")
            .annotate(n=Count("id"))
            .filter(n__gte=session.candidates.count())
            .values_list("member_id", flat=True)
        )
        members = allowed(
            [m.member for m in session.roster.select_related("member") if m.member_id not in voted],
            honour_permissions.may_vote,
            session,
        )
        written += len(
            notify(
                Kind.VOTE_REMINDER,
                members,
                params={"session": session.title, "date": session.date.isoformat()},
                url=reverse("honours:vote_session", args=[session.pk]),
                key=f"vote:{session.pk}:reminder",
            )
        )
    return written


def follow_ups_due(today: datetime.date) -> int:
    """The officers of each living exemplar with no follow-up for FOLLOW_UP_DAYS (about six
    months, as the list of exemplars without follow-up), once per follow-up missed."""
    cutoff = today - datetime.timedelta(days=_setting("FOLLOW_UP_DAYS", 183))
    exemplars = (
        Exemplar.objects.exclude(state__in=ENDED)
        .annotate(last=Max("followups__date"))
        .filter(Q(last__lte=cutoff) | Q(last__isnull=True, created_at__date__lte=cutoff))
        .select_related("organisation", "candidate")
        .order_by("pk")
    )
    written = 0
    for exemplar in exemplars:
        last = exemplar.last or timezone.localdate(exemplar.created_at)
        officers = allowed(
            holders(exemplar.organisation, OFFICERS), honour_permissions.may_follow_up, exemplar
        )
        written += len(
            notify(
                Kind.FOLLOW_UP_DUE,
                officers,
                params={
                    "exemplar": exemplar.candidate.name,
                    "unit": exemplar.organisation.name,
                    "last": last.isoformat(),
                },
                url=reverse("honours:exemplar_detail", args=[exemplar.pk]),
                key=f"follow-up:{exemplar.pk}:{last.isoformat()}",
            )
        )
    return written


def send_digests() -> int:
    """One e-mail per reader gathering their notifications chosen for the digest."""
    waiting: dict[Any, list[int]] = defaultdict(list)
    for note in (
        Notification.objects.filter(channel=Channel.DIGEST, delivery=None, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    ):
        waiting[note.user].append(note.pk)
    for user, ids in waiting.items():
        delivery = Delivery.objects.create(user=user, address=user.email, digest=True)
        Notification.objects.filter(pk__in=ids).update(delivery=delivery)
        mail.queue(delivery.pk)
    return len(waiting)


@task()
def run_daily(today: str | None = None) -> dict[str, int]:
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return {
        "deadline": deadline_reminders(day),
        "vote": vote_reminders(day),
        "follow-up": follow_ups_due(day),
        "digests": send_digests(),
        "retries": mail.retry_due(),
        "invitations": retry_due_invitations(),
        "quota-log": quota_counts.prune_log(),
        "statistics": refresh_statistics(),
    }
