"""Domain events: a domain function says what happened; subscribers act once it is committed.

The domain apps emit (`emit("registration.moved", registration=…, action=…)`) without knowing
who listens; the notifications app and the API's webhooks subscribe in their `ready()`.
Payloads carry ids, never objects. A subscriber's failure is logged and never undoes nor hides
the committed change.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[..., None]
_subscribers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def emit(event: str, **payload: Any) -> None:
    """Call the event's subscribers with `payload` after the current transaction commits (at
    once outside a transaction); nothing is called when it rolls back."""
    transaction.on_commit(lambda: dispatch(event, payload))


def dispatch(event: str, payload: dict[str, Any]) -> None:
    for handler in list(_subscribers.get(event, ())):
        try:
            handler(**payload)
        except Exception:
            logger.exception("subscriber %s of %s failed", handler.__qualname__, event)
