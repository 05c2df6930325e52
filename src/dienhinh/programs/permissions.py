"""Who may do what with programs: every signed-in user reads them; the standing agency that
covers a program's organisation (or a superuser) copies and edits it."""

from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import covers, scope_q

MANAGE_ROLES = (Role.STANDING_OFFICER,)


def can_manage(user, program) -> bool:
    """Copy, edit, amend: a superuser, or a standing-agency officer covering the program's
    organisation (Sở Nội vụ for the province, Văn phòng Sở for a department)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return covers(user, program.organisation, MANAGE_ROLES)


def organisations_for_new_programs(user):
    """Organisations a copied program may apply to: those the user manages."""
    if getattr(user, "is_superuser", False):
        return Organisation.objects.filter(status="active")
    return Organisation.objects.filter(scope_q(user, "", MANAGE_ROLES), status="active")
