"""Scoping: what each user may see. Every view reads through these functions.

A role held on an organisation covers that organisation's subtree; a standing-agency officer
covers the subtree the agency serves (`Organisation.standing_for`); administrators see everything.
Council members see no unit records here: what is put to their vote comes from the honours app.
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Collate
from django.http import Http404

from dienhinh.core.actors import is_system
from dienhinh.core.models import AuditEntry
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.orgs.roles import RECORD_KEEPERS, STANDING

_NOTHING = Q(pk__in=[])
M = TypeVar("M", bound=models.Model)


def reach_of(user) -> Organisation | None:
    """The organisation that a user acting through a delegated credential is held to (an API
    application token: `User.acting_reach`), or None when the user acts in person."""
    return getattr(user, "acting_reach", None)


def memberships(user) -> list[Membership]:
    """The user's active memberships, loaded once per request (cached on the user object).

    Held to a reach (`reach_of`), the user has one grant instead: the administrator role on
    that organisation, whatever the person's own roles or superuser status."""
    if not getattr(user, "is_authenticated", False):
        return []
    if (reach := reach_of(user)) is not None:
        return [Membership(user=user, organisation=reach, role=Role.ADMINISTRATOR, active=True)]
    cached = getattr(user, "_dienhinh_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.current()
            .filter(user=user, organisation__status="active")
            .select_related("organisation", "organisation__standing_for")
        )
        user._dienhinh_memberships = cached
    return cached


def is_admin(user) -> bool:
    """A superuser acting in person (or an operator's tool, `core.actors.system`) sees
    everything; an administrator role covers its organisation's subtree, and so does a
    superuser held to a reach (`reach_of`)."""
    if is_system(user):
        return True
    return bool(getattr(user, "is_superuser", False)) and reach_of(user) is None


def roles_of(user) -> set[str]:
    roles = {m.role for m in memberships(user)}
    if is_admin(user):
        roles.add(Role.ADMINISTRATOR)
    return roles


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def scope_roots(user, roles: Iterable[str] = RECORD_KEEPERS) -> list[str] | None:
    """Paths of the subtrees the user covers with any of `roles`; None means everything."""
    roles = set(roles)
    if Role.ADMINISTRATOR in roles and is_admin(user):
        return None
    paths = set()
    for m in memberships(user):
        if m.role not in roles:
            continue
        org = m.organisation
        if m.role == Role.STANDING_OFFICER and org.standing_for is not None:
            org = org.standing_for
        paths.add(org.path)
    # Drop paths inside another one: fewer OR branches in every query.
    return sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths))


def inherited_roots(user, roles: Iterable[str] = RECORD_KEEPERS) -> list[str]:
    """Paths of the units that the user's units were formed from (succession links, whole or
    partial, followed back), outside what the user covers already: read-only history, e.g. a new
    commune's officer reading the registrations of the district and communes before it. No query:
    the paths are kept on the organisation (`Organisation.predecessor_paths`)."""
    roots = scope_roots(user, roles)
    if roots is None:
        return []
    roles = set(roles)
    found = set()
    for m in memberships(user):
        if m.role not in roles:
            continue
        org = m.organisation
        if m.role == Role.STANDING_OFFICER and org.standing_for is not None:
            org = org.standing_for
        found |= {p for p in org.predecessor_paths.split("\n") if p}
    found = {p for p in found if not any(p.startswith(r) for r in roots)}
    return sorted(p for p in found if not any(p != q and p.startswith(q) for q in found))


def scope_q(user, field: str = "organisation", roles: Iterable[str] = RECORD_KEEPERS) -> Q:
    """A filter on `field` (a foreign key to Organisation, or "" for Organisation itself)."""
    roots = scope_roots(user, roles)
    if roots is None:
        return Q()
    if not roots:
        return _NOTHING
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    q = Q()
    for root in roots:
        q |= Q(**{lookup: root})
    return q


def scoped(
    qs: QuerySet[M], user: Any, field: str = "organisation", roles: Iterable[str] = RECORD_KEEPERS
) -> QuerySet[M]:
    return qs.filter(scope_q(user, field, roles))


def visible_organisations(user, roles=RECORD_KEEPERS) -> QuerySet:
    """Organisations the user may open: the subtrees of their roles, plus their own."""
    roots = scope_roots(user, roles)
    units = Organisation.objects.alias(tree=tree_path())
    if roots is None:
        return units
    # Each subtree a range of the paths in byte order (`tree_path`), and only their own units
    # outside them: "under the root OR one of these ids" is no range.
    own = [
        m.organisation_id
        for m in memberships(user)
        if not any(m.organisation.path.startswith(root) for root in roots)
    ]
    q = Q(tree__startswith=roots[0]) if roots else _NOTHING
    for root in roots[1:]:
        q |= Q(tree__startswith=root)
    return units.filter(q | Q(pk__in=own) if own else q)


def tree_path() -> Collate | F:
    """The path in byte order, for a subtree (`startswith`) or the tree order (`order_by`) in
    the index of migration orgs 0009 on PostgreSQL; the path itself elsewhere."""
    if connection.vendor == "postgresql":
        return Collate("path", "C")
    return F("path")


def active_units_under(org: Organisation) -> QuerySet[Organisation]:
    """The organisation and the units of its subtree still in force, in tree order: where its
    administrators may place a user, a role or an invitation."""
    return Organisation.objects.filter(path__startswith=org.path, status="active").order_by("path")


def covers(user, organisation: Organisation, roles=RECORD_KEEPERS) -> bool:
    roots = scope_roots(user, roles)
    return roots is None or any(organisation.path.startswith(root) for root in roots)


def get_or_404(
    qs: QuerySet[M],
    user: Any,
    field: str = "organisation",
    roles: Iterable[str] = RECORD_KEEPERS,
    **lookup: Any,
) -> M:
    """One object within the user's scope; another organisation's record answers 404."""
    try:
        return scoped(qs, user, field, roles).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def audit_entries(user):
    """The audit trail the user may read: standing agency and administrators, in their scope."""
    roots = scope_roots(user, STANDING)
    if roots is None:
        return AuditEntry.objects.all()
    if not roots:
        return AuditEntry.objects.none()
    q = Q()
    for root in roots:
        q |= Q(scope_path__startswith=root)
    return AuditEntry.objects.filter(q)
