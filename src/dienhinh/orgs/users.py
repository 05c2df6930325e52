"""Users of an organisation's subtree, managed by its administrators: create (with a role),
deactivate, reactivate, reset the password with a one-time link. All audited.

A user belongs to the subtree through a current membership in it; the administrator acts on
`organisation`, whose subtree must hold one of the user's roles."""

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from dienhinh.core import audit
from dienhinh.core.actors import Actor
from dienhinh.core.errors import require
from dienhinh.core.models import User
from dienhinh.core.text import nfc
from dienhinh.orgs import permissions
from dienhinh.orgs.domain import OrgError
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Membership, Organisation


def _check(actor: Actor, organisation: Organisation) -> None:
    require(
        permissions.may_manage_users(actor, organisation),
        visible=permissions.may_see_organisation(actor, organisation),
        message=_("You may not manage the users of %(name)s.") % {"name": organisation.name},
    )


def _member_path(user: User, organisation: Organisation) -> str:
    """The path of one of the user's units in the subtree (the audit entry's scope)."""
    member = (
        Membership.objects.filter(user=user, organisation__path__startswith=organisation.path)
        .select_related("organisation")
        .order_by("-active", "pk")
        .first()
    )
    if member is None:
        raise OrgError(_("%(user)s holds no role here.") % {"user": user.get_full_name()})
    return member.organisation.path


# Django's password validator says this, and its own catalogue does not give the Vietnamese:
# named here so that the project's catalogue keeps the translation.
PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    10,
)


def _new_user(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    must_change_password: bool,
    language: str = "",
) -> User:
    """Save a new user (a free user name, a password Django's validators accept); no role yet.
    The caller has checked who acts, and audits."""
    username = nfc(username).strip().lower()
    if not username:
        raise OrgError(_("Give the user name."))
    if User.objects.filter(username__iexact=username).exists():
        raise OrgError(_("The user name %(name)s is taken.") % {"name": username})
    if not nfc(first_name).strip() or not nfc(last_name).strip():
        raise OrgError(_("Give the family and middle name and the given name."))
    user = User(
        username=username,
        first_name=nfc(first_name).strip(),
        last_name=nfc(last_name).strip(),
        email=email.strip(),
        must_change_password=must_change_password,
    )
    if language:
        user.language = language
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise OrgError(" ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def create_user(
    *,
    actor: Actor,
    organisation: Organisation,
    role: Role | str,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    password: str,
    title: str = "",
) -> User:
    """A new user holding `role` on `organisation` (in the actor's subtree)."""
    _check(actor, organisation)
    if not organisation.is_active:
        raise OrgError(_("%(name)s is no longer active.") % {"name": organisation.name})
    user = _new_user(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        password=password,
        # The administrator chose it: the user chooses their own at first sign-in.
        must_change_password=True,
    )
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=Role(role), title=nfc(title).strip()
    )
    audit.record(
        "user.create",
        user,
        actor=actor,
        after={
            "username": user.username,
            "name": user.get_full_name(),
            "email": user.email,
            "role": membership.role,
            "organisation": organisation.code,
            "must_change_password": True,
        },
        scope_path=organisation.path,
    )
    return user


@transaction.atomic
def set_user_active(
    user: User, *, actor: Actor, organisation: Organisation, active: bool, reason: str = ""
) -> User:
    """Deactivate (the user can no longer sign in; records and roles are kept) or reactivate."""
    _check(actor, organisation)
    scope = _member_path(user, organisation)
    if user.is_superuser:
        raise OrgError(_("A superuser is managed by the operators."))
    if user.is_active == active:
        return user
    if not active and not reason.strip():
        raise OrgError(_("Give the reason for the deactivation."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        "user.activate" if active else "user.deactivate",
        user,
        actor=actor,
        before={"is_active": not active},
        after={"is_active": active},
        reason=nfc(reason.strip()),
        scope_path=scope,
    )
    return user


@transaction.atomic
def password_reset_link(user: User, *, actor: Actor, organisation: Organisation) -> str:
    """A one-time link (the path) where the user sets a new password; it stops working once used
    or when the password changes. The administrator hands it over; it is not kept. Until the
    user sets it, signing in with the old password leads to choosing a new one first."""
    _check(actor, organisation)
    scope = _member_path(user, organisation)
    if user.is_superuser:
        raise OrgError(_("A superuser is managed by the operators."))
    if not user.is_active:
        raise OrgError(_("Reactivate %(user)s first.") % {"user": user.get_full_name()})
    forced = user.must_change_password
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    audit.record(
        "user.password_link",
        user,
        actor=actor,
        before={"must_change_password": forced},
        after={"must_change_password": True},
        scope_path=scope,
    )
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
