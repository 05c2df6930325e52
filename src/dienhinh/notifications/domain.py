"""Writing notifications, reading them, and each user's choices.

`notify()` is called by the subscribers of the domain events (`handlers`) and by the daily
reminders (`daily`), never by a view: who receives what is decided there, by the apps' own
permission predicates. It writes one notification per reader (once per `key`), keeps the
reader's unread count, and queues the e-mail of those who want it at once.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dienhinh.core import audit
from dienhinh.core.errors import NotVisible
from dienhinh.core.models import User
from dienhinh.notifications import mail
from dienhinh.notifications.enums import Channel, DeliveryStatus, Kind
from dienhinh.notifications.models import Delivery, Notification, Preference


def channels_of(user: User) -> dict[str, str]:
    """The user's choice for every kind (at once, unless they chose otherwise)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, Channel.NOW) for kind in Kind.values}


@transaction.atomic
def notify(
    kind: Kind, users: Iterable[User], *, params: dict[str, Any], url: str, key: str
) -> list[Notification]:
    """Write the notification for each active user not yet notified under `key`; e-mail it
    (after commit, by the task workers) to those who chose "at once". Returns those written."""
    readers = {u.pk: u for u in users if u.is_active}
    if not readers:
        return []
    already = set(
        Notification.objects.filter(user_id__in=readers, key=key).values_list("user_id", flat=True)
    )
    chosen = dict(
        Preference.objects.filter(user_id__in=readers, kind=kind).values_list("user_id", "channel")
    )
    written = []
    for pk, user in sorted(readers.items()):
        if pk in already:
            continue
        channel = chosen.get(pk, Channel.NOW)
        delivery = None
        if channel == Channel.NOW and user.email:
            delivery = Delivery.objects.create(user=user, address=user.email)
            mail.queue(delivery.pk)
        written.append(
            Notification.objects.create(
                user=user,
                kind=kind,
                params=params,
                url=url,
                key=key[:120],
                channel=channel,
                delivery=delivery,
            )
        )
    get_user_model().objects.filter(pk__in=[n.user_id for n in written]).update(
        unread_notifications=F("unread_notifications") + 1
    )
    return written


def _recount(user: User) -> None:
    unread = Notification.objects.filter(user=user, read_at=None).count()
    get_user_model().objects.filter(pk=user.pk).update(unread_notifications=unread)
    user.unread_notifications = unread


@transaction.atomic
def mark_read(notification_id: int, *, actor: User) -> Notification:
    """Mark one of the actor's own notifications read (another's is not visible)."""
    notification = Notification.objects.filter(pk=notification_id, user_id=actor.pk).first()
    if notification is None:
        raise NotVisible("")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _recount(actor)
    return notification


@transaction.atomic
def mark_all_read(*, actor: User) -> int:
    marked = Notification.objects.filter(user_id=actor.pk, read_at=None).update(
        read_at=timezone.now()
    )
    _recount(actor)
    return marked


@transaction.atomic
def set_preferences(*, actor: User, channels: dict[str, str], language: str) -> None:
    """Save the actor's e-mail choice per kind and the language of their e-mails."""
    for kind, channel in channels.items():
        Preference.objects.update_or_create(
            user=actor, kind=Kind(kind), defaults={"channel": Channel(channel)}
        )
    if language != actor.language:
        actor.language = language
        actor.save(update_fields=["language"])


@transaction.atomic
def resend(delivery: Delivery, *, actor: User) -> None:
    """Send a failed e-mail again, its attempts starting over (the view finds it in the
    administrator's scope: `permissions.deliveries_for`)."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None
    )
    audit.record(
        "notification.resend",
        delivery,
        actor=actor,
        before={"status": delivery.status, "attempts": delivery.attempts},
        after={"status": DeliveryStatus.PENDING, "attempts": 0},
    )
    mail.queue(delivery.pk)
