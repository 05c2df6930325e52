"""Who may create, see and revoke access tokens, and manage an organisation's webhooks.

- Anyone signed in with a role somewhere holds personal tokens of their own.
- An application token (another system's) belongs to an organisation: its administrators
  (the administrator role covering it, or a superuser) issue, list and revoke it.
- An administrator covering one of a person's organisations may revoke that person's tokens.
- Webhook subscriptions of an organisation: the same administrators.
"""

from django.db.models import Q, QuerySet

from dienhinh.api.models import ApiToken, TokenKind
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import covers, has_role, is_admin, memberships, scope_q
from dienhinh.orgs.roles import ADMINISTRATORS


def may_hold_tokens(user) -> bool:
    """Personal tokens: those who work in the product (a role somewhere, or a superuser)."""
    return bool(memberships(user)) or is_admin(user)


def may_administer(user, organisation: Organisation) -> bool:
    """Issue the organisation's application tokens and manage its webhooks."""
    return covers(user, organisation, ADMINISTRATORS)


def may_administer_somewhere(user) -> bool:
    return has_role(user, *ADMINISTRATORS)


def administered_organisations(user) -> QuerySet:
    return Organisation.objects.filter(scope_q(user, "", ADMINISTRATORS), status="active")


def may_revoke_token(user, token: ApiToken) -> bool:
    """The token's owner; for an application token its organisation's administrators; for a
    personal token an administrator covering one of the owner's organisations."""
    if token.kind == TokenKind.PERSONAL and token.user_id == getattr(user, "pk", None):
        return True
    if token.kind == TokenKind.APPLICATION and token.organisation is not None:
        return may_administer(user, token.organisation)
    return tokens_administered(user).filter(pk=token.pk).exists()


def tokens_administered(user) -> QuerySet:
    """Tokens an administrator looks after: their organisations' application tokens and the
    personal tokens of the people who hold a role in them."""
    if is_admin(user):
        return ApiToken.objects.all()
    if not has_role(user, *ADMINISTRATORS):
        return ApiToken.objects.none()
    orgs = scope_q(user, "organisation", ADMINISTRATORS)
    people = scope_q(user, "user__memberships__organisation", ADMINISTRATORS)
    return ApiToken.objects.filter(
        (Q(kind=TokenKind.APPLICATION) & orgs)
        | (Q(kind=TokenKind.PERSONAL, user__memberships__active=True) & people)
    ).distinct()


def token_still_authorised(token: ApiToken) -> bool:
    """An application token works while its issuer still administers its organisation."""
    if token.kind != TokenKind.APPLICATION:
        return True
    return token.organisation is not None and covers(
        token.user, token.organisation, (Role.ADMINISTRATOR,)
    )
