"""Secrets the product reads back are sealed at rest (core.sealing): a TOTP key and a webhook's
shared secret are not in the database in the clear, are read back whole, survive a key rotation,
and a key that opens nothing says so instead of handing back garbage."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from dienhinh.api.domain import webhooks
from dienhinh.api.models import WebhookSubscription
from dienhinh.core import sealing, twofactor
from dienhinh.core.models import TwoFactor

pytestmark = pytest.mark.django_db


def _raw(model, pk):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_a_second_factor_key_is_sealed_in_the_database(personas):
    device = twofactor.start(personas["officer_a"])
    secret = TwoFactor.objects.get(pk=device.pk).secret
    assert len(secret) >= 16 and secret.isalnum()
    raw = _raw(TwoFactor, device.pk)
    assert raw.startswith(sealing.PREFIX) and secret not in raw
    # Each write seals with a fresh IV: the same value twice gives two different texts.
    assert sealing.seal(secret) != sealing.seal(secret)


def test_a_webhook_secret_is_sealed_and_read_back_whole(personas, org):
    subscription = webhooks.create_subscription(
        actor=personas["admin"],
        organisation=org("LC"),
        url="http://127.0.0.1:8765/hook",
        events=["entry.accepted"],
        secret="bi-mat-chung-cua-tinh-2026",
    )
    assert WebhookSubscription.objects.get(pk=subscription.pk).secret == (
        "bi-mat-chung-cua-tinh-2026"
    )
    assert "bi-mat" not in _raw(WebhookSubscription, subscription.pk)


def test_keys_rotate_and_a_wrong_key_is_refused_clearly(personas, settings):
    device = twofactor.start(personas["officer_a"])
    secret = TwoFactor.objects.get(pk=device.pk).secret
    old = sealing.derived_key(settings.SECRET_KEY)
    new = Fernet.generate_key()
    # A new key in front: old values still open; resealing writes them with the new key.
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert TwoFactor.objects.get(pk=device.pk).secret == secret
    call_command("reseal_secrets", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert TwoFactor.objects.get(pk=device.pk).secret == secret
    # Only a key that never sealed it: an error that names the cause, not a wrong secret.
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key()]
    with pytest.raises(sealing.SealError, match="FIELD_ENCRYPTION_KEYS"):
        TwoFactor.objects.get(pk=device.pk)
