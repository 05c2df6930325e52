"""Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), as authenticator apps make them.

Small enough to read whole: HMAC of the 30-second step number, dynamic truncation, N digits.
Tested against the RFC's own vectors (tests/core/test_totp.py).
"""

import base64
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
# Steps either side of now that still count: an authenticator's clock may be a little off.
DRIFT_STEPS = 1


def new_secret() -> str:
    """A fresh 160-bit secret in base32 (what authenticator apps take)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def _key(secret_b32: str) -> bytes:
    padded = secret_b32.upper() + "=" * (-len(secret_b32) % 8)
    return base64.b32decode(padded)


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: the code for `counter`."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def step_at(unix_time: float) -> int:
    return int(unix_time // STEP_SECONDS)


def totp(key: bytes, unix_time: float, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 6238: the code at `unix_time` (T0 = 0, 30-second steps)."""
    return hotp(key, step_at(unix_time), digits, digest)


def matching_step(secret_b32: str, code: str, unix_time: float, after_step: int = 0) -> int | None:
    """The step whose code is `code` near `unix_time`, or None.

    Only steps later than `after_step` (the last one used) count, so a code seen over a
    shoulder cannot be used again.
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = _key(secret_b32)
    now = step_at(unix_time)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def provisioning_uri(secret_b32: str, account: str, issuer: str) -> str:
    """The otpauth:// address a QR code carries to an authenticator app."""
    label = quote(f"{issuer}:{account}")
    query = urlencode({"secret": secret_b32, "issuer": issuer, "digits": DIGITS})
    return f"otpauth://totp/{label}?{query}"
