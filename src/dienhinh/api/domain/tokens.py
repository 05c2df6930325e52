"""Issuing, revoking and checking access tokens. The secret is returned once and never stored."""

import copy
import datetime
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.api import permissions
from dienhinh.api.domain import ApiError
from dienhinh.api.models import ApiToken, TokenKind, TokenScope
from dienhinh.core import audit
from dienhinh.core.errors import require
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import memberships

PREFIX = "dh_"
# Last use is written at most this often per token: a busy client does not write every request.
LAST_USE_RESOLUTION = datetime.timedelta(minutes=1)
FIELDS = ["kind", "name", "scope", "organisation", "expires_at"]


def digest(secret: str) -> str:
    """SHA-256 of the secret: 256 random bits need no slow hash to resist guessing."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _owner_scope(user: Any) -> str:
    own = memberships(user)
    return own[0].organisation.path if own else ""


@transaction.atomic
def create_token(
    *,
    actor: Any,
    name: str,
    scope: str,
    kind: str = TokenKind.PERSONAL,
    organisation: Organisation | None = None,
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token; returns it and its secret (shown once). Audit entry "api_token.create".

    Personal tokens are the actor's own (`may_hold_tokens`); an application token belongs to an
    organisation the actor administers (`may_administer`)."""
    if kind == TokenKind.APPLICATION:
        require(
            organisation is not None and permissions.may_administer(actor, organisation),
            visible=organisation is not None and permissions.may_hold_tokens(actor),
            message=_("You may not issue tokens for this organisation."),
        )
    else:
        require(
            permissions.may_hold_tokens(actor),
            visible=True,
            message=_("Only people who hold a role in an organisation hold access tokens."),
        )
        organisation = None
    name = (name or "").strip()
    if not name:
        raise ApiError(_("Give the token a name that says what it is for."))
    if scope not in TokenScope.values:
        raise ApiError(_("Choose the token's scope: read, or read and write."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ApiError(_("The expiry date must be in the future."))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        kind=kind,
        name=name[:120],
        scope=scope,
        user=actor,
        organisation=organisation,
        prefix=secret[: len(PREFIX) + 6],
        digest=digest(secret),
        expires_at=expires_at,
    )
    audit.record(
        "api_token.create",
        token,
        actor=actor,
        after=audit.snapshot(token, FIELDS),
        scope_path=organisation.path if organisation else _owner_scope(actor),
    )
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Any) -> ApiToken:
    """Revoke a token at once (its owner, or an administrator over it). Audit
    "api_token.revoke"."""
    current = (
        ApiToken.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=token.pk)
    )
    require(
        permissions.may_revoke_token(actor, current),
        visible=False,
        message=_("You may not revoke this token."),
    )
    if current.revoked_at is not None:
        return current
    current.revoked_at = timezone.now()
    current.save(update_fields=["revoked_at"])
    audit.record(
        "api_token.revoke",
        current,
        actor=actor,
        before={"revoked_at": None},
        after={"revoked_at": current.revoked_at},
        scope_path=current.organisation.path
        if current.organisation
        else _owner_scope(current.user),
    )
    return current


def authenticate(secret: str) -> ApiToken | None:
    """The active token of `secret` (its user loaded), or None; its last use is kept."""
    if not secret.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "organisation")
        .filter(digest=digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    if not permissions.token_still_authorised(token):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def acting_as(token: ApiToken) -> Any:
    """Who the request acts as: a personal token's owner, in person; an application token's
    issuer held to the token's organisation (`User.acting_reach`), so that the scoping
    predicates give it that organisation's subtree as its administrator, and nothing more even
    when the issuer is a superuser. A copy of the user: the token's reach never leaks to the
    person's own instance."""
    if token.kind != TokenKind.APPLICATION or token.organisation is None:
        return token.user
    held = copy.copy(token.user)
    held.acting_reach = token.organisation
    return held
