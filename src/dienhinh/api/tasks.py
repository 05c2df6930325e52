"""Webhook deliveries, sent by the task workers (ids, not objects); a failure is tried again
after a growing pause (`domain.webhooks.backoff`)."""

import logging
import urllib.error
import urllib.request

from django_tasks import task

from dienhinh.api.domain import webhooks
from dienhinh.api.models import DeliveryStatus

TIMEOUT_SECONDS = 10
logger = logging.getLogger(__name__)


def post(url: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@task()
def deliver_webhook(delivery_id: int) -> str:
    delivery = webhooks.attempt(delivery_id, post)
    if delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at is not None:
        try:
            deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)
        except Exception:  # a backend that cannot defer: the log's "send again" remains
            logger.warning("webhook delivery %s: retry not queued", delivery_id, exc_info=True)
    return delivery.status
