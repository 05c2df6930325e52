"""Webhooks: an acceptance reaches a receiver on the loopback address, signed; a failure is
logged and sent again from the log."""

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction

from dienhinh.api.domain import webhooks
from dienhinh.api.models import DeliveryStatus, WebhookDelivery
from dienhinh.honours.domain import decisions
from dienhinh.honours.enums import HonourForm
from dienhinh.orgs.models import Organisation
from dienhinh.portal import publicity
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import workflow
from tests.honours import factories as hf
from tests.portal import factories as pf
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def receiver():
    """A small threaded HTTP server on 127.0.0.1 that keeps what it is sent."""
    got = []
    answer = {"code": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((dict(self.headers), body))
            self.send_response(answer["code"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", got, answer
    server.shutdown()
    server.server_close()


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _submitted(personas):
    c = f.candidate("LC-SYT", "Điêu Thị Hoa (webhook)")
    reg = f.registration("LC-SYT", [c], year=2027)
    workflow.transition(reg, "request_approval", actor=personas["officer_a"])
    workflow.transition(reg, "approve", actor=personas["head_a"])
    return reg, c


def test_an_acceptance_reaches_the_receiver_signed(
    personas, receiver, immediate, django_capture_on_commit_callbacks
):
    url, got, _ = receiver
    sub = webhooks.create_subscription(
        actor=personas["admin"],
        organisation=Organisation.objects.get(code="LC"),
        url=url,
        events=["entry.accepted", "registration.submitted"],
        secret="bí mật chung",
    )
    with django_capture_on_commit_callbacks(execute=True):
        reg, c = _submitted(personas)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(reg, "accept", actor=personas["standing"])
    events = [json.loads(body)["event"] for _, body in got]
    assert events == ["registration.submitted", "entry.accepted"]
    headers, body = got[1]
    payload = json.loads(body)
    assert payload["candidate"] == {"id": c.pk, "name": c.name}
    expected = hmac.new(
        sub.secret.encode(), headers["X-Dienhinh-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Dienhinh-Signature"] == f"sha256={expected}"
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_failed_delivery_is_logged_and_sent_again(
    personas, receiver, immediate, client_for, django_capture_on_commit_callbacks
):
    url, got, answer = receiver
    answer["code"] = 500
    webhooks.create_subscription(
        actor=personas["admin"],
        organisation=Organisation.objects.get(code="LC-SYT"),
        url=url,
        events=["registration.submitted"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        _submitted(personas)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.response_code == 500
    assert delivery.next_attempt_at is not None
    answer["code"] = 204
    page = client_for("admin")
    assert page.get("/api/webhooks/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert page.post(f"/api/webhooks/deliveries/{delivery.pk}/resend/").status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(got) == 2
    # Someone who does not administer the organisation cannot see the log nor send again.
    assert client_for("officer_a").get("/api/webhooks/").status_code == 404
    assert (
        client_for("standing").post(f"/api/webhooks/deliveries/{delivery.pk}/resend/").status_code
        == 404
    )


def test_backoff_grows():
    assert webhooks.backoff(1) < webhooks.backoff(2) < webhooks.backoff(3)


def test_exemplar_moves_and_a_story_reach_the_receiver(
    personas, receiver, immediate, django_capture_on_commit_callbacks
):
    """Selected by the council's vote, commended by a decision, its story published, its
    honour revoked: each a signed event, from the domain events once committed."""
    url, got, _ = receiver
    standing = personas["standing"]
    webhooks.create_subscription(
        actor=personas["admin"],
        organisation=Organisation.objects.get(code="LC"),
        url=url,
        events=["exemplar.selected", "exemplar.commended", "story.published", "honour.revoked"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        exemplar = hf.selected(standing)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decisions.record_decision(
            actor=standing,
            program=Program.objects.get(code="lai-chau-2533"),
            exemplars=[exemplar],
            number="9/QĐ-UBND",
            date=datetime.date(2026, 1, 15),
            authority="UBND tỉnh Lai Châu",
            form=HonourForm.DIPLOMA_OF_MERIT,
            amount=2_000_000,
        )
    with django_capture_on_commit_callbacks(execute=True):
        publicity.publish_story(pf.story(exemplar, published=False), actor=standing)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.revoke_honour(decision.honours.get(), actor=standing, reason="Hồ sơ sai")
    sent = [json.loads(body) for _, body in got]
    assert [p["event"] for p in sent] == [
        "exemplar.selected",
        "exemplar.commended",
        "story.published",
        "honour.revoked",
    ]
    assert {p["exemplar"] for p in sent} == {exemplar.pk}
    assert sent[-1]["reason"] == "Hồ sơ sai" and sent[-1]["decision"] == "9/QĐ-UBND"
    assert all(headers["X-Dienhinh-Signature"].startswith("sha256=") for headers, _ in got)


def test_a_move_rolled_back_sends_nothing(
    personas, receiver, immediate, django_capture_on_commit_callbacks
):
    url, got, _ = receiver
    webhooks.create_subscription(
        actor=personas["admin"],
        organisation=Organisation.objects.get(code="LC"),
        url=url,
        events=["registration.submitted"],
    )
    c = f.candidate("LC-SYT", "Lò Văn Hoàn (huỷ)")
    reg = f.registration("LC-SYT", [c], year=2027)
    workflow.transition(reg, "request_approval", actor=personas["officer_a"])
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        workflow.transition(reg, "approve", actor=personas["head_a"])
        raise RuntimeError("rolled back")
    assert got == [] and not WebhookDelivery.objects.exists()
