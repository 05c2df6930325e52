"""Webhooks: an organisation's subscriptions, the events its moves emit, signed deliveries.

Events come from the domain events (`core.events`), which the domain functions emit and which
reach their subscribers (`api.events`) only once the change is committed, whatever the path
(web, API, command): registration.moved (approved = "registration.submitted"; accepted, partly
accepted or returned = one event per entry), exemplar.moved (selected, commended),
honour.revoked and story.published. Nothing rolled back is sent. Each delivery is a row, sent by
the task workers, with retries and a growing pause between them.
"""

import datetime
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.api import permissions
from dienhinh.api.domain import ApiError
from dienhinh.api.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from dienhinh.core import audit
from dienhinh.core.errors import require
from dienhinh.orgs.models import Organisation

MAX_ATTEMPTS = 6
# Pause before attempt n+1: 30 s, 2 min, 8 min, 32 min, about 2 h.
BACKOFF_SECONDS = 30
SIGNATURE_HEADER = "X-Dienhinh-Signature"
TIMESTAMP_HEADER = "X-Dienhinh-Timestamp"
EVENT_HEADER = "X-Dienhinh-Event"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")):
        raise ApiError(_("The address must start with https:// (or http://)."))
    return url


def _check_events(events: list[str]) -> list[str]:
    chosen = [e for e in WebhookEvent.values if e in set(events or [])]
    if not chosen:
        raise ApiError(_("Choose at least one event."))
    return chosen


@transaction.atomic
def create_subscription(
    *, actor: Any, organisation: Organisation, url: str, events: list[str], secret: str = ""
) -> WebhookSubscription:
    """A subscription of the organisation (its administrators). Audit "webhook.create"."""
    require(
        permissions.may_administer(actor, organisation),
        visible=False,
        message=_("You may not manage this organisation's webhooks."),
    )
    subscription = WebhookSubscription.objects.create(
        organisation=organisation,
        url=_check_url(url),
        events=_check_events(events),
        secret=(secret or "").strip() or new_secret(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        "webhook.create",
        subscription,
        actor=actor,
        after={"url": subscription.url, "events": subscription.events},
    )
    return subscription


@transaction.atomic
def delete_subscription(subscription: WebhookSubscription, *, actor: Any) -> None:
    """Stop sending (the deliveries' log goes with it). Audit "webhook.delete"."""
    require(
        permissions.may_administer(actor, subscription.organisation),
        visible=False,
        message=_("You may not manage this organisation's webhooks."),
    )
    audit.record(
        "webhook.delete",
        subscription,
        actor=actor,
        before={"url": subscription.url, "events": subscription.events},
    )
    subscription.delete()


@transaction.atomic
def redeliver(delivery: WebhookDelivery, *, actor: Any) -> WebhookDelivery:
    """Send a delivery again (the log's "send again"). Audit "webhook.redeliver"."""
    require(
        permissions.may_administer(actor, delivery.subscription.organisation),
        visible=False,
        message=_("You may not manage this organisation's webhooks."),
    )
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    audit.record(
        "webhook.redeliver",
        delivery.subscription,
        actor=actor,
        after={"delivery": delivery.pk, "event": delivery.event},
    )
    _enqueue_after_commit(delivery.pk)
    return delivery


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex: the receiver recomputes and compares."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _base(obj: Any) -> dict[str, Any]:
    return {"at": timezone.now(), "object_id": str(obj.pk), "object": str(obj)}


def on_registration_moved(*, registration: int, action: str, reason: str = "", **_: Any) -> None:
    """registration.moved: approved by the unit's head is "registration.submitted"; accepted,
    partly accepted or returned is one "entry.accepted" or "entry.returned" per entry."""
    if action not in ("approve", "accept", "accept_part", "return") or not _subscribed():
        return
    from dienhinh.registrations.models import Entry, Registration

    reg = Registration.objects.select_related("program", "organisation").get(pk=registration)
    base = {
        **_base(reg),
        "registration": reg.pk,
        "program": reg.program.code,
        "organisation": reg.organisation.code,
    }
    if action == "approve":
        _deliver(reg.organisation.path, [(WebhookEvent.REGISTRATION_SUBMITTED, base)])
        return
    events: list[tuple[str, dict[str, Any]]] = []
    for e in Entry.objects.filter(registration=reg).select_related("candidate").order_by("pk"):
        if e.status == "accepted" and action != "return":
            name = WebhookEvent.ENTRY_ACCEPTED
        elif e.status == "returned":
            name = WebhookEvent.ENTRY_RETURNED
        else:
            continue
        candidate = {"id": e.candidate_id, "name": e.candidate.name}
        events.append(
            (name, {**base, "entry": e.pk, "candidate": candidate, "reason": e.return_reason})
        )
    _deliver(reg.organisation.path, events)


def on_exemplar_moved(*, exemplar: int, action: str, reason: str = "", **_: Any) -> None:
    """exemplar.moved: "select" (the council's vote) and "commend" (a decision)."""
    names = {"select": WebhookEvent.EXEMPLAR_SELECTED, "commend": WebhookEvent.EXEMPLAR_COMMENDED}
    if action not in names or not _subscribed():
        return
    from dienhinh.registrations.models import Exemplar

    found = Exemplar.objects.select_related("candidate", "organisation").get(pk=exemplar)
    _deliver(found.organisation.path, [(names[action], _exemplar_payload(found, reason))])


def on_honour_revoked(*, honour: int, reason: str = "", **_: Any) -> None:
    if not _subscribed():
        return
    from dienhinh.honours.models import Honour

    found = Honour.objects.select_related(
        "decision", "exemplar__candidate", "exemplar__organisation"
    ).get(pk=honour)
    payload = {
        **_exemplar_payload(found.exemplar, reason),
        "honour": found.pk,
        "decision": found.decision.number,
    }
    _deliver(found.exemplar.organisation.path, [(WebhookEvent.HONOUR_REVOKED, payload)])


def on_story_published(*, story: int, **_: Any) -> None:
    if not _subscribed():
        return
    from django.apps import apps

    found = (
        apps.get_model("portal", "Story")
        ._default_manager.select_related("exemplar__candidate", "exemplar__organisation")
        .get(pk=story)
    )
    payload = {**_exemplar_payload(found.exemplar, ""), **_base(found), "story": found.pk}
    _deliver(found.exemplar.organisation.path, [(WebhookEvent.STORY_PUBLISHED, payload)])


def _exemplar_payload(exemplar: Any, reason: str) -> dict[str, Any]:
    return {
        **_base(exemplar),
        "exemplar": exemplar.pk,
        "candidate": {"id": exemplar.candidate_id, "name": exemplar.candidate.name},
        "organisation": exemplar.organisation.code,
        "reason": reason,
    }


def _subscribed() -> bool:
    return WebhookSubscription.objects.filter(active=True).exists()


@transaction.atomic
def _deliver(scope_path: str, events: list[tuple[str, dict[str, Any]]]) -> list[WebhookDelivery]:
    """Write the deliveries of the events to the subscriptions covering `scope_path` (an
    organisation's or one above it); they are sent by the task workers once written."""
    if not events:
        return []
    subscriptions = list(
        WebhookSubscription.objects.filter(
            active=True, organisation__path__in=_prefixes(scope_path)
        )
    )
    deliveries = []
    for name, payload in events:
        body = json.loads(json.dumps({"event": str(name), **payload}, cls=DjangoJSONEncoder))
        for subscription in subscriptions:
            if str(name) in subscription.events:
                deliveries.append(
                    WebhookDelivery.objects.create(
                        subscription=subscription, event=name, payload=body
                    )
                )
    for delivery in deliveries:
        _enqueue_after_commit(delivery.pk)
    return deliveries


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _enqueue_after_commit(delivery_id: int) -> None:
    from dienhinh.api.tasks import deliver_webhook

    transaction.on_commit(lambda: deliver_webhook.enqueue(delivery_id))


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=BACKOFF_SECONDS * 4 ** max(attempts - 1, 0))


def attempt(delivery_id: int, post: Any) -> WebhookDelivery:
    """Send one delivery with `post(url, body, headers) -> status code` and record the answer;
    2xx is delivered, anything else is tried again later until MAX_ATTEMPTS."""
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if delivery.status == DeliveryStatus.SENT:
        return delivery
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        EVENT_HEADER: delivery.event,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(delivery.subscription.secret, timestamp, body),
        "User-Agent": "dienhinh-webhooks",
    }
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    try:
        code = int(post(delivery.subscription.url, body, headers))
        delivery.response_code, delivery.error = code, ""
        ok = 200 <= code < 300
    except Exception as exc:  # noqa: BLE001 - any failure of the receiver is logged, retried
        delivery.response_code, delivery.error = None, f"{type(exc).__name__}: {exc}"[:500]
        ok = False
    if ok:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.SENT, None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
    delivery.save()
    return delivery
