"""Who may do what with organisations, memberships and the audit trail.

Every predicate takes the acting user first; the role groups come from `orgs.roles`, the scope
(a role covers its organisation's subtree) from `orgs.queries`.
"""

from django.db.models import QuerySet

from dienhinh.orgs import queries
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.roles import ADMINISTRATORS, RECORD_KEEPERS, STANDING


def may_see_organisation(user, org: Organisation) -> bool:
    """Open the organisation's page: its subtree's record keepers, and its own members."""
    return queries.visible_organisations(user).filter(pk=org.pk).exists()


def may_list_organisations(user) -> bool:
    """The organisations menu: those who keep records of some unit."""
    return queries.has_role(user, *RECORD_KEEPERS)


def may_see_members(user, org: Organisation) -> bool:
    """Who holds which role on the organisation: the standing agency covering it."""
    return queries.covers(user, org, STANDING)


def may_restructure(user, org: Organisation) -> bool:
    """Rename, move, merge or close the organisation (while it is active, a rule of
    `orgs.domain`): the standing agency covering it."""
    return queries.covers(user, org, STANDING)


def may_restructure_into(user, target: Organisation) -> bool:
    """Move or merge into `target`: the standing agency must cover it too."""
    return queries.covers(user, target, STANDING)


def restructure_targets(user) -> QuerySet[Organisation]:
    """Organisations the user may move or merge into (`may_restructure_into`): the active ones
    the standing agency's roles cover, not the user's own organisation under another role."""
    return queries.scoped(Organisation.objects.filter(status="active"), user, "", STANDING)


def may_create_organisation(user, parent: Organisation | None) -> bool:
    """Add an organisation: under a parent the standing agency covers; a new root is the
    administrators' (superusers and operator tools) alone."""
    if parent is None:
        return queries.is_admin(user)
    return queries.covers(user, parent, STANDING)


def may_grant_roles(user, org: Organisation) -> bool:
    """Give or take a role on the organisation: administrators covering it."""
    return queries.covers(user, org, ADMINISTRATORS)


def may_read_audit(user) -> bool:
    """The audit trail (of their scope, `queries.audit_entries`): the standing agency."""
    return queries.has_role(user, *STANDING)


def may_correct_succession(user, org: Organisation) -> bool:
    """Add, change or remove a restructuring link (predecessor → successor) of `org`: the
    administrators covering it (the reform's mapping is checked by people, not trusted)."""
    return queries.covers(user, org, ADMINISTRATORS)


def may_manage_sign_in(user, org: Organisation) -> bool:
    """Require a second factor for roles on the organisation and its subtree, and reset a
    member's second factor: the administrators covering it."""
    return queries.covers(user, org, ADMINISTRATORS)


def may_manage_users(user, org: Organisation) -> bool:
    """List, create, deactivate and reactivate the users of the organisation's subtree, reset
    their passwords and give or take their roles: the administrators covering it."""
    return queries.covers(user, org, ADMINISTRATORS)


def may_invite_users(user, org: Organisation) -> bool:
    """Invite a new user by e-mail to a role on the organisation (its subtree), see the pending
    invitations, send them again or revoke them: the administrators covering it."""
    return queries.covers(user, org, ADMINISTRATORS)
