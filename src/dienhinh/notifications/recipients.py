"""Who receives a notification: the holders of a role, kept only if the apps' own predicates let
them see (and, for a move, make) what the notification speaks of.

The role holders are gathered on the organisation itself (the unit's officer, its head) or, for
the standing agency, on the agencies that stand for the organisation or one above it; then each
is asked the predicate, so that nobody hears of a record they may not open.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q

from dienhinh.core.models import User
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Membership, Organisation


def _chain(organisation: Organisation) -> list[int]:
    return [int(part) for part in organisation.path.strip("/").split("/") if part]


def holders(organisation: Organisation, roles: Iterable[str]) -> list[User]:
    """Active users holding one of `roles` on the organisation itself, and the standing
    officers of the agencies standing for it or for an organisation above it."""
    roles = set(roles)
    q = Q(organisation=organisation, role__in=roles - {Role.STANDING_OFFICER})
    if Role.STANDING_OFFICER in roles:
        q |= Q(role=Role.STANDING_OFFICER, organisation__standing_for_id__in=_chain(organisation))
    found = (
        Membership.objects.current()
        .filter(q, user__is_active=True, organisation__status="active")
        .select_related("user")
    )
    return list({m.user_id: m.user for m in found}.values())


def allowed(users: Iterable[User | None], predicate: Callable[..., bool], *args: Any) -> list[User]:
    """The users (once each, active) whom `predicate(user, *args)` lets in."""
    unique = {u.pk: u for u in users if u is not None and u.is_active}
    return [u for _, u in sorted(unique.items()) if predicate(u, *args)]
