"""Invitations by e-mail: an administrator invites a new user into their subtree with the role
they will hold; the task workers send the link in the invitee's language; the invitee sets
their name and password there and is signed in with that role. All audited.

The link's token is derived with the secret key from a random nonce kept on the invitation, and
only its SHA-256 is stored to find it: the database alone does not open an invitation. A link
works once, for `INVITATION_DAYS` (7) days; sending it again makes a new link (the old one stops
working) and a new expiry; a revoked invitation opens nothing.
"""

import base64
import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.actors import Actor, user_of
from dienhinh.core.errors import require
from dienhinh.core.models import User
from dienhinh.core.text import nfc
from dienhinh.orgs import permissions
from dienhinh.orgs.domain import OrgError
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Invitation, Membership, Organisation
from dienhinh.orgs.users import _new_user


class InvitationError(OrgError):
    """The invitation cannot be used (unknown, expired, used or revoked), with the reason."""


def lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=int(settings.DIENHINH.get("INVITATION_DAYS", 7)))


def token(invitation: Invitation) -> str:
    """The link's token (for the e-mail only; never stored)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"dienhinh.invitation:{invitation.pk}:{invitation.nonce}".encode(),
        hashlib.sha256,
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _new_link(invitation: Invitation) -> None:
    """A new nonce (so a new token; the previous link stops working) and a new expiry."""
    invitation.nonce = secrets.token_hex(16)
    invitation.token_hash = _hash(token(invitation))
    invitation.expires_at = timezone.now() + lifetime()
    invitation.sent_at = None
    invitation.send_error = ""
    invitation.send_attempts = 0
    invitation.next_attempt_at = None


# The fields `_new_link` sets.
LINK_FIELDS = [
    "nonce",
    "token_hash",
    "expires_at",
    "sent_at",
    "send_error",
    "send_attempts",
    "next_attempt_at",
]


def _check(actor: Actor, organisation: Organisation) -> None:
    require(
        permissions.may_invite_users(actor, organisation),
        visible=permissions.may_see_organisation(actor, organisation),
        message=_("You may not invite users to %(name)s.") % {"name": organisation.name},
    )


def _send(invitation: Invitation) -> None:
    from dienhinh.orgs.tasks import queue_invitation

    queue_invitation(invitation.pk)


def _summary(invitation: Invitation) -> dict[str, object]:
    return {
        "email": invitation.email,
        "role": invitation.role,
        "organisation": invitation.organisation.code,
        "language": invitation.language,
        "expires_at": invitation.expires_at,
    }


@transaction.atomic
def invite(
    *,
    actor: Actor,
    organisation: Organisation,
    email: str,
    role: Role | str,
    title: str = "",
    language: str = "",
) -> Invitation:
    """Invite `email` to hold `role` on `organisation` (in the actor's subtree); the e-mail is
    sent by the task workers once the transaction commits."""
    _check(actor, organisation)
    inviter = user_of(actor)
    if inviter is None:
        raise OrgError(_("An invitation is sent by a signed-in administrator."))
    if not organisation.is_active:
        raise OrgError(_("%(name)s is no longer active.") % {"name": organisation.name})
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise OrgError(_("%(email)s is not an e-mail address.") % {"email": email}) from exc
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        raise OrgError(
            _("%(email)s already belongs to a user: give them the role on their page instead.")
            % {"email": email}
        )
    now = timezone.now()
    waiting = Invitation.objects.filter(
        email__iexact=email,
        organisation=organisation,
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=now,
    )
    if waiting.exists():
        raise OrgError(
            _("%(email)s is already invited to %(name)s: send that invitation again instead.")
            % {"email": email, "name": organisation.name}
        )
    languages = dict(settings.LANGUAGES)
    invitation = Invitation(
        email=email,
        organisation=organisation,
        role=Role(role),
        title=nfc(title).strip(),
        language=language if language in languages else settings.LANGUAGE_CODE,
        invited_by=inviter,
        nonce="",
        token_hash=secrets.token_hex(32),  # replaced once the row has its id
        expires_at=now + lifetime(),
    )
    invitation.save()
    _new_link(invitation)
    invitation.save(update_fields=LINK_FIELDS)
    audit.record("invitation.create", invitation, actor=actor, after=_summary(invitation))
    _send(invitation)
    return invitation


def _administered(invitation: Invitation, actor: Actor) -> Invitation:
    """The invitation, locked, after checking the actor administers its organisation."""
    _check(actor, invitation.organisation)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    locked.organisation = invitation.organisation
    return locked


@transaction.atomic
def resend(invitation: Invitation, *, actor: Actor) -> Invitation:
    """Send a new link (the previous one stops working), valid for a new period."""
    invitation = _administered(invitation, actor)
    if invitation.accepted_at is not None:
        raise OrgError(_("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        raise OrgError(_("This invitation has been revoked."))
    before = {"expires_at": invitation.expires_at}
    _new_link(invitation)
    invitation.save(update_fields=LINK_FIELDS)
    audit.record(
        "invitation.resend",
        invitation,
        actor=actor,
        before=before,
        after={"expires_at": invitation.expires_at},
    )
    _send(invitation)
    return invitation


@transaction.atomic
def revoke(invitation: Invitation, *, actor: Actor, reason: str = "") -> Invitation:
    """The link stops working at once."""
    invitation = _administered(invitation, actor)
    if invitation.accepted_at is not None:
        raise OrgError(_("This invitation has already been accepted."))
    if invitation.revoked_at is not None:
        return invitation
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        "invitation.revoke",
        invitation,
        actor=actor,
        before={"revoked": False},
        after={"revoked": True},
        reason=nfc(reason).strip(),
    )
    return invitation


def find(link_token: str) -> Invitation | None:
    """The invitation a link's token opens, whatever its state (None if unknown)."""
    if not link_token or len(link_token) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=_hash(link_token))
        .first()
    )


def refusal(invitation: Invitation | None) -> str:
    """Why the link cannot be used, in words; "" while it can."""
    if invitation is None:
        return _("This invitation link is not valid. Check that it was copied whole.")
    state = invitation.state(timezone.now())
    if state == "accepted":
        return _("This invitation has already been used. Sign in with your user name.")
    if state == "revoked":
        return _("This invitation has been revoked. Ask your administrator for a new one.")
    if state == "expired":
        return _(
            "This invitation expired on %(date)s. Ask your administrator to send it again."
        ) % {"date": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M")}
    if not invitation.organisation.is_active:
        return _("%(name)s is no longer active.") % {"name": invitation.organisation.name}
    return ""


@transaction.atomic
def accept(
    link_token: str, *, username: str, first_name: str, last_name: str, password: str
) -> User:
    """The invitee sets their name and password: a new user with the invitation's role, who
    chose their own password (no change required at sign-in)."""
    found = find(link_token)
    invitation = (
        Invitation.objects.select_for_update().filter(pk=found.pk).first() if found else None
    )
    if invitation is not None and found is not None:
        invitation.organisation = found.organisation
    reason = refusal(invitation)
    if reason or invitation is None:
        raise InvitationError(reason)
    if User.objects.filter(email__iexact=invitation.email, is_active=True).exists():
        raise InvitationError(
            _("%(email)s already belongs to a user. Sign in with your user name.")
            % {"email": invitation.email}
        )
    user = _new_user(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=invitation.email,
        password=password,
        must_change_password=False,
        language=invitation.language,
    )
    Membership.objects.create(
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        title=invitation.title,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        "invitation.accept",
        invitation,
        actor=user,
        before={"accepted": False},
        after={
            "accepted": True,
            "username": user.username,
            "name": user.get_full_name(),
            "role": invitation.role,
            "organisation": invitation.organisation.code,
        },
    )
    return user
