"""Background jobs: the daily application of restructurings whose date has come, and the
sending of invitations.

`manage.py apply_restructuring` enqueues the first (the daily timer runs that command) or runs
it at once with --now; `make run` starts the worker that runs them."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from dienhinh.core.mailretry import max_attempts, retry_delay
from dienhinh.orgs import invitations, scheduling
from dienhinh.orgs.models import Invitation

logger = logging.getLogger(__name__)


@task()
def apply_scheduled_restructuring(today: str | None = None) -> dict[str, int]:
    """Apply the scheduled changes due by `today` (ISO date; now when None), as the operator's
    tool "apply_restructuring"."""
    day = datetime.date.fromisoformat(today) if today else None
    applied, refused = scheduling.apply_due(day)
    return {"applied": applied, "refused": refused}


def compose_invitation(invitation: Invitation) -> tuple[str, str]:
    """Subject and body of the invitation's e-mail, in the invitee's language."""
    link = reverse("invitation_accept", kwargs={"token": invitations.token(invitation)})
    with translation.override(invitation.language or settings.LANGUAGE_CODE):
        subject = _("Invitation to dienhinh: %(organisation)s") % {
            "organisation": invitation.organisation.name
        }
        body = render_to_string(
            "orgs/email/invitation.txt",
            {
                "inviter": invitation.invited_by.get_full_name() or invitation.invited_by,
                "role": invitation.get_role_display(),
                "organisation": invitation.organisation.name,
                "link": f"{settings.DIENHINH['SITE_URL']}{link}",
                "expires": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M"),
            },
        )
    return subject[:300], body


def queue_invitation(invitation_id: int, run_after: datetime.datetime | None = None) -> None:
    """Hand the e-mail to the task workers once the current transaction commits; a later try
    waits for `retry_due_invitations` when the backend cannot defer a task."""

    def enqueue() -> None:
        if run_after is None:
            send_invitation.enqueue(invitation_id)
        elif send_invitation.get_backend().supports_defer:
            send_invitation.using(run_after=run_after).enqueue(invitation_id)

    transaction.on_commit(enqueue)


@task()
def send_invitation(invitation_id: int) -> str:
    """Send the invitation's e-mail while it waits. A failure is tried again after a growing
    pause (core.mailretry); after the last try it stays on the invitation, which its
    administrator sees among the pending invitations and may send again."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.state(timezone.now()) != "pending" or invitation.sent_at:
        return "skipped"
    subject, body = compose_invitation(invitation)
    attempts = invitation.send_attempts + 1
    try:
        EmailMessage(subject, body, None, [invitation.email]).send()
    except Exception as exc:  # any failure of the mail server or the connection
        logger.warning("invitation %s to %s failed: %s", invitation.pk, invitation.email, exc)
        retry_at = None
        if attempts < max_attempts():
            retry_at = timezone.now() + retry_delay(attempts)
            queue_invitation(invitation.pk, run_after=retry_at)
        Invitation.objects.filter(pk=invitation.pk).update(
            send_error=f"{type(exc).__name__}: {exc}"[:500],
            send_attempts=attempts,
            next_attempt_at=retry_at,
        )
        return "failed" if retry_at is None else "retry"
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now(), send_error="", send_attempts=attempts, next_attempt_at=None
    )
    return "sent"


def retry_due_invitations(now: datetime.datetime | None = None) -> int:
    """Queue the invitations whose next try is due (for backends that cannot defer a task)."""
    now = now or timezone.now()
    ids = list(
        Invitation.objects.filter(
            sent_at__isnull=True,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
            next_attempt_at__lte=now,
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        queue_invitation(pk)
    return len(ids)
