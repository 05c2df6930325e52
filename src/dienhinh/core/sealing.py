"""Secrets the product must read back, sealed at rest: a TOTP authenticator's key, a webhook's
shared secret. A copy of the database (a backup, a replica, a dump handed over) does not hold
them in the clear; they are opened with keys that live outside it.

`SealedTextField` seals on write and opens on read (Fernet: AES-128-CBC with HMAC-SHA256,
a fresh IV per value). The keys are `FIELD_ENCRYPTION_KEYS` (Fernet keys, the first seals, every
one opens: add a new key in front to rotate, then `manage.py reseal_secrets`); unset, one key is
derived from SECRET_KEY (HKDF-SHA256), so changing SECRET_KEY without setting the old key
in FIELD_ENCRYPTION_KEYS makes the sealed values unreadable: second factors must then be set
up again and webhook secrets given again.
"""

import base64
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.signals import setting_changed
from django.db import models

PREFIX = "sealed:"


class SealError(Exception):
    """A sealed value that none of the configured keys opens."""


def derived_key(secret_key: str) -> bytes:
    """The Fernet key derived from SECRET_KEY when no FIELD_ENCRYPTION_KEYS are set."""
    raw = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"dienhinh sealed fields"
    ).derive(secret_key.encode())
    return base64.urlsafe_b64encode(raw)


@cache
def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [])
    if not keys:
        keys = [derived_key(settings.SECRET_KEY)]
    return MultiFernet([Fernet(k) for k in keys])


def _reset(**kwargs: Any) -> None:
    if kwargs.get("setting") in ("FIELD_ENCRYPTION_KEYS", "SECRET_KEY"):
        _fernet.cache_clear()


setting_changed.connect(_reset)


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(value: str) -> str:
    if not value:
        return value
    return PREFIX + _fernet().encrypt(value.encode()).decode("ascii")


def unseal(value: str) -> str:
    """The clear value; a value written before sealing (no prefix) is returned as it is, so
    that the migration that seals the existing rows can read them."""
    if not value or not is_sealed(value):
        return value
    try:
        return _fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode()
    except InvalidToken as exc:
        raise SealError(
            "A sealed secret cannot be opened with the configured keys: SECRET_KEY or "
            "FIELD_ENCRYPTION_KEYS changed without keeping the previous key."
        ) from exc


def reseal(value: str) -> str:
    """Sealed again with the first key (after a key was added in front)."""
    return seal(unseal(value)) if value else value


class SealedTextField(models.TextField[Any, Any]):
    """A text stored sealed (`seal`), read in the clear. It cannot be searched or compared in
    the database: each write seals with a fresh IV."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return unseal(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return seal(value) if isinstance(value, str) else value


def sealing_operation(app_label: str, model_name: str, field: str = "secret") -> Any:
    """The migration operation that seals a column's rows written in the clear before (read as
    they are, without the prefix; written sealed) and, backwards, writes them in the clear."""
    from django.db import migrations

    def seal_rows(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        for row in model.objects.only("pk", field).iterator():
            model.objects.filter(pk=row.pk).update(**{field: getattr(row, field)})

    def open_rows(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        column = schema_editor.quote_name(field)
        rows = [(getattr(r, field), r.pk) for r in model.objects.only("pk", field).iterator()]
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE id = %s", rows)  # noqa: S608

    return migrations.RunPython(seal_rows, open_rows)
