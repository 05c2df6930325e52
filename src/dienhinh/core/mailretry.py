"""How e-mails that fail are tried again: the same policy for every e-mail the product sends
(notifications, invitations). After the n-th failure the next try waits 1, 4, 16… times
MAIL_RETRY_SECONDS, up to MAIL_MAX_ATTEMPTS tries in all."""

import datetime

from django.conf import settings


def max_attempts() -> int:
    return int(settings.DIENHINH.get("MAIL_MAX_ATTEMPTS", 5))


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failure: 1, 4, 16… times the base delay."""
    base = int(settings.DIENHINH.get("MAIL_RETRY_SECONDS", 60))
    return datetime.timedelta(seconds=base * 4 ** (attempts - 1))
