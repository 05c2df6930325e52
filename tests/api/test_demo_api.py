"""The API's demo: a token printed once (only its digest kept), a subscription of Lai Châu to
the loopback receiver, which checks the signatures of what it receives; loading twice adds
nothing."""

import io
import threading

import pytest
from django.core.management import call_command
from django.test import Client

from dienhinh.api.domain import tokens, webhooks
from dienhinh.api.management.commands import load_demo_api
from dienhinh.api.management.commands.receive_webhooks import receiver
from dienhinh.api.models import ApiToken, WebhookDelivery, WebhookSubscription
from dienhinh.api.tasks import post

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo_api", stdout=out)
    return out.getvalue()


def test_the_demo_token_is_printed_once_and_works(personas):
    printed = _load()
    token = ApiToken.objects.get(user=personas["officer_a"], name=load_demo_api.TOKEN_NAME)
    secret = next(word for word in printed.split() if word.startswith(tokens.PREFIX))
    assert token.digest == tokens.digest(secret) and secret not in str(token.__dict__)
    me = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me/").json()
    assert me["username"] == "lc.canbo" and me["scope"] == "read_write"
    assert tokens.PREFIX not in _load()  # again: nothing new, nothing printed
    assert ApiToken.objects.filter(name=load_demo_api.TOKEN_NAME).count() == 1
    assert WebhookSubscription.objects.filter(url=load_demo_api.RECEIVER_URL).count() == 1


def test_the_receiver_accepts_signed_deliveries_only(personas):
    _load()
    subscription = WebhookSubscription.objects.get(url=load_demo_api.RECEIVER_URL)
    out = io.StringIO()
    server = receiver(0, [subscription.secret], out)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        subscription.url = f"http://127.0.0.1:{server.server_port}/webhooks"
        subscription.save()
        delivery = WebhookDelivery.objects.create(
            subscription=subscription, event="entry.accepted", payload={"event": "entry.accepted"}
        )
        assert webhooks.attempt(delivery.pk, post).status == "sent"
        assert out.getvalue().startswith("signed entry.accepted")
        subscription.secret = "không phải bí mật này"
        subscription.save()
        other = WebhookDelivery.objects.create(
            subscription=subscription, event="entry.accepted", payload={"event": "entry.accepted"}
        )
        failed = webhooks.attempt(other.pk, post)
        assert failed.status == "pending" and failed.response_code == 401
    finally:
        server.shutdown()
        server.server_close()
