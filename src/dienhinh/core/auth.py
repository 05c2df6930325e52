"""Sign-in throttling that protects users instead of locking them out.

Attempts are counted per (user name, address) pair and, with a higher limit, per address:
one person's typos or an attacker elsewhere cannot lock an account out from its usual address.
Each attempt takes its place in the counters (an atomic UPDATE) before the password is checked,
so parallel guesses get no more checks than the limit. A lock lasts exactly
`LOGIN_LOCK_SECONDS` from the failure that set it, and the message says how long is left; a
success clears the pair's and the address's counters.
"""

import dataclasses
import datetime
import hashlib
import logging
import math
import time
from typing import Any

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core.metrics import SIGNIN_FAILURES
from dienhinh.core.models import LoginCounter

logger = logging.getLogger("dienhinh.security")


def client_address(request: HttpRequest | None) -> str:
    """The client's address; behind a trusted reverse proxy, the one it forwarded."""
    if request is None:
        return ""
    address = str(request.META.get("REMOTE_ADDR", ""))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if forwarded and address in settings.TRUSTED_PROXIES:
        return forwarded.split(",")[-1].strip()
    return address


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _limits(username: str, address: str) -> list[tuple[str, int]]:
    name = username.strip().casefold()
    return [
        (_digest("pair", name, address), settings.LOGIN_FAILURE_LIMIT),
        (_digest("address", address), settings.LOGIN_ADDRESS_FAILURE_LIMIT),
    ]


@dataclasses.dataclass(frozen=True)
class Verdict:
    allowed: bool
    locked_until: datetime.datetime | None = None

    def minutes_left(self, now: datetime.datetime) -> int:
        if self.locked_until is None:
            return 0
        return max(1, math.ceil((self.locked_until - now).total_seconds() / 60))


def _row(key: str) -> LoginCounter:
    try:
        with transaction.atomic():
            row, _created = LoginCounter.objects.get_or_create(key=key)
    except IntegrityError:  # created meanwhile by a parallel attempt
        row = LoginCounter.objects.get(key=key)
    return row


def _take(key: str, limit: int, now: datetime.datetime) -> Verdict:
    """Count one attempt on `key`; refuse when locked or when the limit is used up."""
    row = _row(key)
    if row.locked_until is not None and row.locked_until > now:
        return Verdict(False, row.locked_until)
    window = datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    # A new window after the old one ran out or a lock ended; the condition no longer holds
    # once one attempt has reset it, so parallel attempts reset it once.
    LoginCounter.objects.filter(key=key).filter(
        Q(window_started__lte=now - window) | Q(locked_until__lte=now)
    ).update(count=0, window_started=now, locked_until=None)
    count = _count_one(key)
    # A parallel sign-in that succeeded from the same address may have deleted the counter
    # since (`succeeded`): this attempt then starts a new window, counted as the first.
    if count is None:
        _row(key)
        count = _count_one(key)
    if (count or 1) > limit:
        return Verdict(False, _lock(key, now))
    return Verdict(True)


def _count_one(key: str) -> int | None:
    """Count one attempt on `key` and read the new count in the same statement (None when the
    counter is gone). Read apart, parallel attempts could each read the count after all of them
    had counted, and every one be refused, the first included."""
    quote = connection.ops.quote_name
    table, count, column = quote(LoginCounter._meta.db_table), quote("count"), quote("key")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {count} = {count} + 1 WHERE {column} = %s RETURNING {count}",  # noqa: S608 - quoted names
            [key],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _lock(key: str, now: datetime.datetime) -> datetime.datetime:
    until = now + datetime.timedelta(seconds=settings.LOGIN_LOCK_SECONDS)
    # Never extended by later attempts: the lock ends when the message said it would.
    LoginCounter.objects.filter(key=key).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    ).update(locked_until=until)
    stored = LoginCounter.objects.values_list("locked_until", flat=True).filter(key=key).first()
    return stored or until


def _code_limits(user_id: int, address: str) -> list[tuple[str, int]]:
    # Codes after a right password: the pair and address limits of passwords, and one per
    # account whatever the address, so that guesses spread over many addresses stop too.
    return [
        (_digest("code", str(user_id), address), settings.LOGIN_FAILURE_LIMIT),
        (_digest("address", address), settings.LOGIN_ADDRESS_FAILURE_LIMIT),
        (_digest("code-user", str(user_id)), settings.LOGIN_CODE_ACCOUNT_LIMIT),
    ]


def _begin(limits: list[tuple[str, int]], now: datetime.datetime) -> Verdict:
    for key, _limit in limits:  # refuse while locked, without counting
        locked = LoginCounter.objects.filter(key=key, locked_until__gt=now).first()
        if locked is not None:
            return Verdict(False, locked.locked_until)
    for key, limit in limits:
        verdict = _take(key, limit, now)
        if not verdict.allowed:
            return verdict
    return Verdict(True)


def _failed(limits: list[tuple[str, int]], now: datetime.datetime, address: str) -> None:
    for key, limit in limits:
        if LoginCounter.objects.filter(key=key, count__gte=limit).exists():
            _lock(key, now)
    logger.warning("sign-in failed", extra={"address": address})


def begin_attempt(username: str, address: str, now: datetime.datetime) -> Verdict:
    """Before checking a password: is this attempt allowed? (It is counted either way.)"""
    return _begin(_limits(username, address), now)


def failed(username: str, address: str, now: datetime.datetime) -> None:
    """After a wrong password: lock each counter whose limit is now used up."""
    _failed(_limits(username, address), now, address)


def succeeded(username: str, address: str) -> None:
    LoginCounter.objects.filter(key__in=[key for key, _ in _limits(username, address)]).delete()


def begin_code_attempt(user_id: int, address: str, now: datetime.datetime) -> Verdict:
    """Before checking a second-factor code: as `begin_attempt`, per account too."""
    return _begin(_code_limits(user_id, address), now)


def code_failed(user_id: int, address: str, now: datetime.datetime) -> None:
    _failed(_code_limits(user_id, address), now, address)


def code_succeeded(user_id: int, address: str) -> None:
    keys = [key for key, _ in _code_limits(user_id, address)]
    LoginCounter.objects.filter(key__in=keys).delete()


def prune(now: datetime.datetime | None = None) -> int:
    """Forget counters whose window and lock are over (run by the daily maintenance)."""
    now = now or timezone.now()
    window = datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    stale = LoginCounter.objects.filter(window_started__lte=now - window).exclude(
        locked_until__gt=now
    )
    deleted, _ = stale.delete()
    return deleted


class ThrottleMixin:
    """For an AuthenticationForm: count, refuse while locked, reset on success."""

    request: HttpRequest | None
    cleaned_data: dict[str, Any]
    throttled_message = _(
        "Too many failed attempts. Please wait %(minutes)d minutes before trying again."
    )

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        now = timezone.now()
        verdict = begin_attempt(username, address, now)
        if not verdict.allowed:
            SIGNIN_FAILURES.inc()
            raise ValidationError(
                self.throttled_message,
                code="throttled",
                params={"minutes": verdict.minutes_left(now)},
            )
        try:
            data: dict[str, Any] = super().clean()  # type: ignore[misc]
        except ValidationError:
            SIGNIN_FAILURES.inc()
            failed(username, address, now)
            raise
        succeeded(username, address)
        return data


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    pass


#: The session key of a right password waiting for its second-factor code.
PENDING_SESSION_KEY = "dienhinh_two_factor_pending"


class LoginView(auth_views.LoginView):
    """The password; an account with two-factor sign-in on is asked for its code next
    (`core.twofactor_views.login_code`) and is not signed in until then."""

    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        from dienhinh.core import twofactor

        user = form.get_user()
        if not twofactor.is_enabled(user):
            return super().form_valid(form)
        self.request.session[PENDING_SESSION_KEY] = {
            "user": user.pk,
            "backend": getattr(user, "backend", ""),
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("login_code")
