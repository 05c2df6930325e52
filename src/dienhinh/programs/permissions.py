"""Who may do what with programs: every signed-in user reads those in force; the standing
agency or an administrator that covers a program's organisation (or a superuser) copies, edits and amends it, and
reads it while it is a draft. Loading the program files is the operator's (administrators)."""

from django.db.models import Q, QuerySet

from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import covers, is_admin, scope_q
from dienhinh.orgs.roles import PROGRAM_MANAGERS
from dienhinh.programs.enums import ProgramStatus


def managed_q(user, field: str = "organisation") -> Q:
    """A filter on `field` (a foreign key to Organisation): what the user manages programs of."""
    if is_admin(user):
        return Q()
    return scope_q(user, field, PROGRAM_MANAGERS)


def may_manage_program(user, program) -> bool:
    """Copy, edit, amend: a superuser, or a standing-agency officer or an administrator covering
    the program's organisation (Sở Nội vụ for the province, Văn phòng Sở for a department)."""
    return is_admin(user) or covers(user, program.organisation, PROGRAM_MANAGERS)


def may_amend_quotas(user, program) -> bool:
    """Set a program's quota rule from a date on (for the units of the 2025 reform, say): its
    standing agency, or an administrator covering the program's organisation (or a superuser);
    only for a program in force (a draft's quotas are simply edited)."""
    return program.status == ProgramStatus.ACTIVE and may_manage_program(user, program)


def may_read_program(user, program) -> bool:
    """A program in force is open to every signed-in user; a draft to those who manage it."""
    if program.status != ProgramStatus.DRAFT:
        return is_admin(user) or bool(getattr(user, "is_authenticated", False))
    return may_manage_program(user, program)


def may_create_program(user, organisation: Organisation) -> bool:
    """A new program (a copy) may apply to an organisation the user manages programs of."""
    return is_admin(user) or covers(user, organisation, PROGRAM_MANAGERS)


def may_load_programs(user) -> bool:
    """Load or reload the program files (`load_programs`): administrators and operator tools."""
    return is_admin(user)


def organisations_for_new_programs(user) -> QuerySet[Organisation]:
    """Organisations a copied program may apply to: those the user manages."""
    return Organisation.objects.filter(managed_q(user, ""), status="active")
