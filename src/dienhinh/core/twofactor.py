"""Two-factor sign-in: a user's own authenticator (enrol, confirm, check, disable) and
one-time recovery codes.

A user acts on their own second factor only; an administrator's reset of someone else's lives
with the organisations (`orgs.domain.reset_two_factor`), since who may do it depends on roles.
Every change is audited; codes and secrets never enter the trail.
"""

import hashlib
import secrets
import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import audit, totp
from dienhinh.core.errors import DomainError
from dienhinh.core.models import RecoveryCode, TwoFactor

RECOVERY_CODES = 10
ISSUER = "dienhinh"


def clock() -> float:
    """The time codes are checked against (a function, so that tests can set it)."""
    return time.time()


class TwoFactorError(DomainError):
    """The code or password was not right; the message is for the user."""


def is_enabled(user: Any) -> bool:
    return TwoFactor.objects.filter(user=user, enabled_at__isnull=False).exists()


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def start(user: Any) -> TwoFactor:
    """A pending authenticator with a fresh secret (replacing an unconfirmed one)."""
    device, created = TwoFactor.objects.get_or_create(
        user=user, defaults={"secret": totp.new_secret()}
    )
    if device.enabled:
        raise TwoFactorError(_("Two-factor sign-in is already on."))
    return device


def provisioning_uri(device: TwoFactor) -> str:
    return totp.provisioning_uri(device.secret, device.user.get_username(), ISSUER)


def _new_recovery_codes(user: Any) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _i in range(RECOVERY_CODES):
        raw = secrets.token_hex(5)  # 40 bits: ten hex digits, read as two groups of five
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


@transaction.atomic
def confirm(user: Any, code: str, now: float | None = None) -> list[str]:
    """Turn the pending authenticator on once it gave a right code; returns the recovery codes
    (shown once; only their hashes are kept)."""
    device = TwoFactor.objects.select_for_update().filter(user=user).first()
    if device is None or device.enabled:
        raise TwoFactorError(_("Start the set-up again: there is no authenticator waiting."))
    step = totp.matching_step(device.secret, code, clock() if now is None else now)
    if step is None:
        raise TwoFactorError(
            _("The code is not right. Check the authenticator's clock and type the current code.")
        )
    device.enabled_at = timezone.now()
    device.last_step = step
    device.save(update_fields=["enabled_at", "last_step"])
    codes = _new_recovery_codes(user)
    audit.record("two_factor.enable", user, actor=user, after={"two_factor": True})
    return codes


@transaction.atomic
def new_recovery_codes(user: Any, password: str) -> list[str]:
    """Replace the recovery codes (the old ones stop working), with the password."""
    if not is_enabled(user):
        raise TwoFactorError(_("Two-factor sign-in is off."))
    if not user.check_password(password):
        raise TwoFactorError(_("The password is not right."))
    codes = _new_recovery_codes(user)
    audit.record("two_factor.recovery_codes", user, actor=user)
    return codes


def check(user: Any, code: str, now: float | None = None) -> bool:
    """At sign-in: is `code` the authenticator's current code (not used before) or an unused
    recovery code? A recovery code is used up; either way the use is atomic, so two parallel
    requests cannot both use one code."""
    device = TwoFactor.objects.filter(user=user, enabled_at__isnull=False).first()
    if device is None:
        return False
    step = totp.matching_step(device.secret, code, clock() if now is None else now)
    if step is not None:
        # Accepted only if no later or equal step was used meanwhile.
        return bool(
            TwoFactor.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step)
        )
    with transaction.atomic():
        used = RecoveryCode.objects.filter(
            user=user, code_hash=_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
        if used:
            left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
            audit.record("two_factor.recovery_used", user, actor=user, after={"left": left})
    return bool(used)


def recovery_codes_left(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def disable(user: Any, password: str) -> None:
    """Turn two-factor sign-in off, with the password."""
    if not user.check_password(password):
        raise TwoFactorError(_("The password is not right."))
    remove(user)
    audit.record("two_factor.disable", user, actor=user, before={"two_factor": True})


def remove(user: Any) -> bool:
    """Forget the authenticator and recovery codes (the caller audits)."""
    RecoveryCode.objects.filter(user=user).delete()
    deleted, _ = TwoFactor.objects.filter(user=user).delete()
    return bool(deleted)
