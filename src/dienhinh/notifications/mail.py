"""E-mails of the notifications, sent by the task workers, in the reader's language.

A send that fails is tried again later (after 1, 4, 16… times MAIL_RETRY_SECONDS), up to
MAIL_MAX_ATTEMPTS; then the e-mail is marked failed and listed for the administrator, who may
send it again. Backends that cannot defer a task leave the retry to `retry_due()`, which the
daily command runs.
"""

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
from dienhinh.notifications import kinds
from dienhinh.notifications.enums import DeliveryStatus
from dienhinh.notifications.models import Delivery

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.DIENHINH['SITE_URL']}{path}"


def queue(delivery_id: int, run_after: datetime.datetime | None = None) -> None:
    """Hand the e-mail to the task workers once the current transaction commits."""

    def enqueue() -> None:
        if run_after is None:
            send_delivery.enqueue(delivery_id)
        elif send_delivery.get_backend().supports_defer:
            send_delivery.using(run_after=run_after).enqueue(delivery_id)

    transaction.on_commit(enqueue)


def compose(delivery: Delivery) -> tuple[str, str]:
    """Subject and body of the e-mail, in its reader's language."""
    notes = list(delivery.notifications.order_by("created_at", "id"))
    user = delivery.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        texts = [kinds.render(n.kind, n.params) for n in notes]
        items = [
            {"text": text, "link": absolute(n.url) if n.url else ""}
            for n, text in zip(notes, texts, strict=True)
        ]
        if delivery.digest:
            subject = _("Your daily digest: %(count)s notifications") % {"count": len(items)}
        else:
            subject = texts[0].title if texts else _("Notification")
        body = render_to_string(
            "notifications/email/message.txt",
            {
                "name": user.get_full_name() or user.get_username(),
                "items": items,
                "digest": delivery.digest,
                "centre": absolute(reverse("notifications:list")),
                "preferences": absolute(reverse("notifications:preferences")),
            },
        )
    return subject[:300], body


@task()
def send_delivery(delivery_id: int) -> str:
    """Send one e-mail; on failure count the attempt and schedule the next one, or give up."""
    delivery = Delivery.objects.select_related("user").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return "skipped"
    subject, body = compose(delivery)
    delivery.subject = subject
    try:
        EmailMessage(subject, body, None, [delivery.address]).send()
    except Exception as exc:  # any failure of the mail server or the connection
        logger.warning("e-mail %s to %s failed: %s", delivery.pk, delivery.address, exc)
        delivery.attempts += 1
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if delivery.attempts >= max_attempts():
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
            queue(delivery.pk, run_after=delivery.next_attempt_at)
        delivery.save()
        return delivery.status
    delivery.attempts += 1
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.save()
    return delivery.status


def retry_due(now: datetime.datetime | None = None) -> int:
    """Queue the e-mails whose next attempt is due (for backends that cannot defer a task)."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        queue(pk)
    return len(ids)
