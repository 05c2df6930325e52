"""Signing keys: a PKCS#12 file per signing organisation under SIGNING["KEYS_DIR"] (named by the
organisation's code), or one PKCS#11 token (the VGCA USB tokens) when SIGNING["PKCS11_MODULE"] is
set; and the trust roots that verification accepts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from dienhinh.core.errors import DomainError

DEMO_CA_NAME = "demo-ca.pem"


class SigningError(DomainError):
    """No key for the organisation, a wrong passphrase, an unreachable token."""


def config() -> dict[str, Any]:
    return settings.DIENHINH["SIGNING"]


def keys_dir() -> Path:
    return Path(config()["KEYS_DIR"])


@dataclass(frozen=True)
class KeySource:
    """Where one organisation's signing key lives: a PKCS#12 file, or the configured token."""

    label: str
    p12: Path | None = None

    def signer(self):
        """A pyHanko signer for this key."""
        from pyhanko.sign import signers

        if self.p12 is None:
            return _pkcs11_signer()
        passphrase = config()["P12_PASSPHRASE"].encode() or None
        signer = signers.SimpleSigner.load_pkcs12(str(self.p12), passphrase=passphrase)
        if signer is None:
            raise SigningError(
                _("The signing key %(file)s cannot be opened (wrong passphrase?).")
                % {"file": self.p12.name}
            )
        return signer


def _pkcs11_signer():
    from pyhanko.sign import pkcs11

    cfg = config()
    try:
        session = pkcs11.open_pkcs11_session(
            cfg["PKCS11_MODULE"],
            token_label=cfg["PKCS11_TOKEN"] or None,
            user_pin=cfg["PKCS11_PIN"] or None,
        )
    except Exception as exc:  # the token is absent, locked or the module cannot load
        raise SigningError(
            _("The signing token cannot be opened: %(reason)s") % {"reason": exc}
        ) from exc
    return pkcs11.PKCS11Signer(
        session,
        cert_label=cfg["PKCS11_CERT_LABEL"] or None,
        key_label=cfg["PKCS11_KEY_LABEL"] or None,
    )


def key_for(org, *, inherit: bool = True) -> KeySource:
    """The key of the organisation, else (with `inherit`) of the nearest ancestor that has one;
    SigningError when none has. With a token configured, the token signs for every organisation."""
    if config()["PKCS11_MODULE"]:
        return KeySource(label="pkcs11")
    codes = [org.code]
    parent = org.parent if inherit else None
    while parent is not None:
        codes.append(parent.code)
        parent = parent.parent
    for code in codes:
        path = keys_dir() / f"{code}.p12"
        if path.is_file():
            return KeySource(label=code, p12=path)
    raise SigningError(
        _("No signing key is configured for %(org)s (expected %(file)s).")
        % {"org": org.name, "file": keys_dir() / f"{org.code}.p12"}
    )


def trust_roots() -> list:
    """The trust roots verification accepts: SIGNING["TRUST_ROOTS"] (PEM or DER files), else the
    demo CA under KEYS_DIR when it exists (development, demo and tests)."""
    from asn1crypto import pem, x509

    paths = [Path(p) for p in config()["TRUST_ROOTS"]]
    if not paths and (keys_dir() / DEMO_CA_NAME).is_file():
        paths = [keys_dir() / DEMO_CA_NAME]
    roots = []
    for path in paths:
        data = path.read_bytes()
        if pem.detect(data):
            for _type, _headers, der in pem.unarmor(data, multiple=True):
                roots.append(x509.Certificate.load(der))
        else:
            roots.append(x509.Certificate.load(data))
    return roots
