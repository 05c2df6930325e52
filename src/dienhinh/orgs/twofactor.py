"""Which users must sign in with a second factor: those holding a role that their
organisation, or one above it, requires it for (`Organisation.two_factor_roles`).

Read once at sign-in (the `user_logged_in` signal) and kept in the session, so that pages pay
no query for it; a policy changed later applies from the next sign-in.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from dienhinh.core import twofactor
from dienhinh.core.twofactor_views import POLICY_SESSION_KEY, REQUIRED_SESSION_KEY
from dienhinh.orgs.models import Membership, Organisation


def required_for(user: Any) -> bool:
    """Does any current role of `user` require a second factor? (Superusers too when
    `TWO_FACTOR_SUPERUSERS` is set.)"""
    if getattr(user, "is_superuser", False) and settings.TWO_FACTOR_SUPERUSERS:
        return True
    held = list(
        Membership.objects.current()
        .filter(user=user, organisation__status="active")
        .values_list("role", "organisation__path")
    )
    if not held:
        return False
    ids = {int(part) for _role, path in held for part in path.strip("/").split("/") if part}
    policies = [
        (path, set(roles))
        for path, roles in Organisation.objects.filter(pk__in=ids).values_list(
            "path", "two_factor_roles"
        )
        if roles
    ]
    return any(
        role in roles and own.startswith(path) for role, own in held for path, roles in policies
    )


@receiver(user_logged_in, dispatch_uid="dienhinh.orgs.twofactor")
def _flag_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    required = required_for(user)
    request.session[POLICY_SESSION_KEY] = required
    request.session[REQUIRED_SESSION_KEY] = required and not twofactor.is_enabled(user)
