"""E-mails: the reader's language and choice (at once, digest, none), retries and failures."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from dienhinh.core.models import AuditEntry
from dienhinh.notifications import daily
from dienhinh.notifications.domain import notify, set_preferences
from dienhinh.notifications.enums import Channel, DeliveryStatus, Kind
from dienhinh.notifications.mail import send_delivery
from dienhinh.notifications.models import Delivery, Notification

pytestmark = pytest.mark.usefixtures("immediate_tasks", "read_so_far")

PARAMS = {"unit": "Sở Y tế", "program": "2533/HD-UBND", "year": 2025, "by": "Nguyễn Thị Hằng"}


def _notify(user, key="k1"):
    return notify(Kind.APPROVAL_REQUESTED, [user], params=PARAMS, url="/registrations/1/", key=key)


class FailingBackend(EmailBackend):
    failures = 0

    def send_messages(self, messages):
        if FailingBackend.failures:
            FailingBackend.failures -= 1
            raise ConnectionRefusedError("mail server refused the connection")
        return super().send_messages(messages)


@pytest.fixture
def failing(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.FailingBackend"
    return FailingBackend


def test_the_email_is_in_the_readers_language(personas, django_capture_on_commit_callbacks):
    head = personas["head_a"]
    with django_capture_on_commit_callbacks(execute=True):
        _notify(head, "vi")
    head.language = "en"
    head.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(head, "en")
    vi, en = mail.outbox
    assert vi.subject == "Sở Y tế đề nghị duyệt bản đăng ký tham gia 2533/HD-UBND (2025)"
    assert en.subject == "Sở Y tế asks you to approve its registration for 2533/HD-UBND (2025)"
    assert "Dear Hoàng Văn Thắng," in en.body
    assert "Kính gửi Hoàng Văn Thắng," in vi.body


def test_the_language_switch_sets_the_language_of_the_emails(personas, client_for):
    client_for("head_a").post(reverse("set_language"), {"language": "en", "next": "/"})
    personas["head_a"].refresh_from_db()
    assert personas["head_a"].language == "en"


def test_no_email_when_the_reader_chose_none(personas, django_capture_on_commit_callbacks):
    set_preferences(
        actor=personas["head_a"], channels={Kind.APPROVAL_REQUESTED: Channel.NONE}, language="vi"
    )
    with django_capture_on_commit_callbacks(execute=True):
        (note,) = _notify(personas["head_a"])
    assert mail.outbox == []
    assert note.delivery is None
    personas["head_a"].refresh_from_db()
    assert personas["head_a"].unread_notifications == 1  # still in the centre


def test_the_digest_gathers_the_days_notifications_in_one_email(
    personas, django_capture_on_commit_callbacks
):
    head = personas["head_a"]
    set_preferences(actor=head, channels={Kind.APPROVAL_REQUESTED: Channel.DIGEST}, language="vi")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(head, "a")
        _notify(head, "b")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert daily.send_digests() == 1
    (digest,) = mail.outbox
    assert digest.to == ["thang.hv@example.vn"]
    assert digest.body.count("Sở Y tế đề nghị duyệt") == 2
    # Sent once: the next day's digest has nothing of these.
    with django_capture_on_commit_callbacks(execute=True):
        assert daily.send_digests() == 0


def test_a_failed_send_is_retried_with_backoff_then_sent(
    personas, failing, settings, django_capture_on_commit_callbacks
):
    failing.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        (note,) = _notify(personas["head_a"])
    delivery = Delivery.objects.get(pk=note.delivery_id)
    assert (delivery.status, delivery.attempts, mail.outbox) == (DeliveryStatus.PENDING, 1, [])
    assert "refused" in delivery.last_error
    wait = delivery.next_attempt_at - delivery.created_at
    assert datetime.timedelta(seconds=55) < wait < datetime.timedelta(seconds=65)
    # The immediate backend cannot defer: the daily round queues the retry once it is due.
    with django_capture_on_commit_callbacks(execute=True):
        assert daily.mail.retry_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(mail.outbox) == 1


def test_the_delay_grows_and_the_last_failure_is_listed_for_the_administrator(
    personas, failing, settings, client_for, django_capture_on_commit_callbacks
):
    settings.DIENHINH = {**settings.DIENHINH, "MAIL_MAX_ATTEMPTS": 3}
    failing.failures = 3
    with django_capture_on_commit_callbacks(execute=True):
        (note,) = _notify(personas["head_a"])
    delivery = Delivery.objects.get(pk=note.delivery_id)
    first = delivery.next_attempt_at - delivery.created_at
    send_delivery.call(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - delivery.created_at > 3 * first
    send_delivery.call(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)

    page = client_for("admin").get(reverse("notifications:failed_list"))
    assert "thang.hv@example.vn" in page.content.decode()
    # A unit officer has no such page; the administrator sends it again, audited.
    assert client_for("officer_a").get(reverse("notifications:failed_list")).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(
            reverse("notifications:failed_retry", args=[delivery.pk])
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert AuditEntry.objects.filter(action="notification.resend").count() == 1


def test_a_notification_is_written_once_per_occasion(personas, since):
    assert len(_notify(personas["head_a"], "same")) == 1
    assert _notify(personas["head_a"], "same") == []
    assert since(Notification.objects.filter(user=personas["head_a"])).count() == 1
