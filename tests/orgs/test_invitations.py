"""Invitations by e-mail: the administrator invites within their subtree, the task workers send
the link in the invitee's language, the invitee sets their name and password and lands signed
in with the chosen role; expired, used or revoked links say so; resend and revoke; audited."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import AuditEntry
from dienhinh.notifications import daily
from dienhinh.orgs import invitations
from dienhinh.orgs.models import Invitation, Membership
from dienhinh.orgs.roles import Role
from dienhinh.orgs.tasks import send_invitation
from tests.notifications.test_delivery import FailingBackend

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Mat-khau-cua-toi-2026"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _as(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _invite(org, django_capture_on_commit_callbacks, language="vi", email="mai.nt@example.vn"):
    with django_capture_on_commit_callbacks(execute=True):
        response = _as("lc.quantri").post(
            reverse("orgs:invitation_create", args=["LC"]),
            {
                "email": email,
                "organisation": org("LC-SYT").pk,
                "role": Role.UNIT_OFFICER,
                "title": "Chuyên viên",
                "language": language,
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Invitation.objects.get(email=email)


def _link(message) -> str:
    return re.search(r"http://\S+(/accounts/invitation/[\w-]+/)", message.body).group(1)


def _accept(link, **changes):
    data = {
        "username": "mai.nt",
        "last_name": "Nguyễn Thị",
        "first_name": "Mai",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(changes)
    client = Client()
    return client, client.post(link, data)


def test_invited_user_sets_name_and_password_and_lands_signed_in(
    org, django_capture_on_commit_callbacks
):
    invitation = _invite(org, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mai.nt@example.vn"]
    assert "Lời mời" in message.subject and "Sở Y tế" in message.subject
    link = _link(message)
    # Only the hash is stored; the link's token is not in the database.
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation.refresh_from_db()
    assert token not in (invitation.token_hash, invitation.nonce) and invitation.sent_at
    page = Client().get(link)
    assert page.status_code == 200
    assert "Họ và tên đệm" in page.content.decode()
    client, response = _accept(link)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(username="mai.nt")
    assert user.get_full_name() == "Nguyễn Thị Mai"
    assert user.email == "mai.nt@example.vn" and not user.must_change_password
    membership = Membership.objects.get(user=user)
    assert (membership.organisation.code, membership.role, membership.title) == (
        "LC-SYT",
        Role.UNIT_OFFICER,
        "Chuyên viên",
    )
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Nguyễn Thị Mai" in home.content.decode()
    actions = set(
        AuditEntry.objects.filter(
            object_id=str(invitation.pk), action__startswith="invitation"
        ).values_list("action", flat=True)
    )
    assert actions >= {"invitation.create", "invitation.accept"}
    accepted = AuditEntry.objects.get(action="invitation.accept")
    assert accepted.actor == user and accepted.scope_path == org("LC-SYT").path
    # Single use: the same link now says it was used.
    again = Client().get(link)
    assert again.status_code == 410 and "đã được dùng" in again.content.decode()


def test_the_email_is_in_the_invitees_language(org, django_capture_on_commit_callbacks):
    _invite(org, django_capture_on_commit_callbacks, language="en")
    message = mail.outbox[0]
    assert message.subject.startswith("Invitation to dienhinh")
    assert "Unit emulation officer" in message.body
    client, _response = _accept(_link(message))
    assert User.objects.get(username="mai.nt").language == "en"


def test_bad_input_saves_nothing(org, django_capture_on_commit_callbacks):
    link = _link(_invite(org, django_capture_on_commit_callbacks) and mail.outbox[0])
    _client, weak = _accept(link, password1="12345678", password2="12345678")
    assert weak.status_code == 200
    assert "quá ngắn" in weak.content.decode(), re.findall(r"form__errors.*", weak.content.decode())
    _client, taken = _accept(link, username="lc.canbo")
    assert taken.status_code == 200 and "lc.canbo" in taken.content.decode()
    _client, differ = _accept(link, password2="Khac-hoan-toan-2026")
    assert differ.status_code == 200
    assert not User.objects.filter(email="mai.nt@example.vn").exists()
    assert Invitation.objects.get().accepted_at is None


def test_expired_and_revoked_links_say_so(org, django_capture_on_commit_callbacks):
    invitation = _invite(org, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    expired = Client().get(link)
    assert expired.status_code == 410 and "hết hạn" in expired.content.decode()
    _client, refused = _accept(link)
    assert refused.status_code == 410 and not User.objects.filter(username="mai.nt").exists()
    # Sent again: a new link, the old one no longer opens anything.
    admin = _as("lc.quantri")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("orgs:invitations", args=["LC"]),
            {"op": "resend", "invitation": invitation.pk},
        )
    new_link = _link(mail.outbox[-1])
    assert new_link != link
    assert Client().get(link).status_code == 404
    assert Client().get(new_link).status_code == 200
    listing = admin.get(reverse("orgs:invitations", args=["LC"])).content.decode()
    assert "mai.nt@example.vn" in listing
    admin.post(
        reverse("orgs:invitations", args=["LC"]), {"op": "revoke", "invitation": invitation.pk}
    )
    revoked = Client().get(new_link)
    assert revoked.status_code == 410 and "thu hồi" in revoked.content.decode()
    actions = list(
        AuditEntry.objects.filter(object_id=str(invitation.pk), action__startswith="invitation")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["invitation.create", "invitation.resend", "invitation.revoke"]
    assert Client().get("/accounts/invitation/khong-co-that/").status_code == 404


def test_an_existing_user_or_a_waiting_invitation_is_not_invited_twice(
    org, django_capture_on_commit_callbacks
):
    _invite(org, django_capture_on_commit_callbacks)
    client = _as("lc.quantri")
    url = reverse("orgs:invitation_create", args=["LC"])
    data = {"organisation": org("LC-SYT").pk, "role": Role.UNIT_OFFICER, "language": "vi"}
    twice = client.post(url, {**data, "email": "Mai.NT@example.vn"})
    assert twice.status_code == 200 and Invitation.objects.count() == 1
    User.objects.filter(username="lc.canbo").update(email="canbo@example.vn")
    existing = client.post(url, {**data, "email": "canbo@example.vn"})
    assert existing.status_code == 200 and Invitation.objects.count() == 1


def test_refused_to_another_unit_and_to_a_non_administrator(
    org, personas, django_capture_on_commit_callbacks
):
    invitation = _invite(org, django_capture_on_commit_callbacks)
    # Another province's administrator learns nothing; the standing agency and a unit officer,
    # who see the unit, are refused.
    for username, expected in (("qb.quantri", 404), ("lc.snv", 403), ("lc.canbo", 403)):
        client = _as(username)
        assert client.get(reverse("orgs:invitations", args=["LC-SYT"])).status_code == expected
        response = client.post(
            reverse("orgs:invitation_create", args=["LC-SYT"]),
            {"email": "x@example.vn", "organisation": org("LC-SYT").pk, "role": "unit_head"},
        )
        assert response.status_code == expected, username
        response = client.post(
            reverse("orgs:invitations", args=["LC-SYT"]),
            {"op": "revoke", "invitation": invitation.pk},
        )
        assert response.status_code == expected, username
    # qb.quantri administers Quảng Bình (Quảng Trị since the merger of 01/07/2025): its own
    # subtree holds no Lai Châu invitation.
    qb_root = personas["qb_admin"].memberships.current().get(role=Role.ADMINISTRATOR)
    qb = _as("qb.quantri").post(
        reverse("orgs:invitations", args=[qb_root.organisation.code]),
        {"op": "revoke", "invitation": invitation.pk},
    )
    assert qb.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and Invitation.objects.count() == 1
    # The domain refuses too.
    with pytest.raises((NotVisible, NotPermitted)):
        invitations.invite(
            actor=personas["qb_standing"],
            organisation=org("LC-SYT"),
            email="y@example.vn",
            role=Role.UNIT_OFFICER,
        )


def test_a_failed_send_is_tried_again_then_shown_for_sending_by_hand(
    org, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.FailingBackend"
    settings.DIENHINH = {**settings.DIENHINH, "MAIL_MAX_ATTEMPTS": 3}
    FailingBackend.failures = 1
    invitation = _invite(org, django_capture_on_commit_callbacks)
    invitation.refresh_from_db()
    assert (invitation.send_attempts, invitation.sent_at, mail.outbox) == (1, None, [])
    assert "refused" in invitation.send_error
    wait = invitation.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < wait < datetime.timedelta(seconds=65)
    listing = _as("lc.quantri").get(reverse("orgs:invitations", args=["LC"])).content.decode()
    assert "sẽ gửi lại lúc" in listing
    # Not yet due: nothing is queued; once due, the daily round sends it.
    assert daily.retry_due_invitations(now=timezone.now()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert daily.retry_due_invitations(now=invitation.next_attempt_at) == 1
    invitation.refresh_from_db()
    assert (invitation.send_attempts, invitation.send_error, invitation.next_attempt_at) == (
        2,
        "",
        None,
    )
    assert invitation.sent_at and len(mail.outbox) == 1 and _link(mail.outbox[0])
    # Sent: a second queued try sends nothing more.
    assert send_invitation.call(invitation.pk) == "skipped" and len(mail.outbox) == 1

    # Every try fails: after the last one the invitation waits for the administrator.
    FailingBackend.failures = 3
    other = _invite(org, django_capture_on_commit_callbacks, email="lan.tt@example.vn")
    assert send_invitation.call(other.pk) == "retry"
    assert send_invitation.call(other.pk) == "failed"
    other.refresh_from_db()
    assert (other.send_attempts, other.next_attempt_at, other.sent_at) == (3, None, None)
    assert daily.retry_due_invitations(now=timezone.now() + datetime.timedelta(days=1)) == 0
    listing = _as("lc.quantri").get(reverse("orgs:invitations", args=["LC"])).content.decode()
    assert "Gửi không được" in listing
    # Sent again by hand: the count starts again.
    with django_capture_on_commit_callbacks(execute=True):
        invitations.resend(other, actor=User.objects.get(username="lc.quantri"))
    other.refresh_from_db()
    assert (other.send_attempts, other.send_error) == (1, "") and other.sent_at
