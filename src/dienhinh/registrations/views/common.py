"""Helpers the registration pages share: roles, programs a user works with, 404 for outsiders."""

from django.http import Http404

from dienhinh.orgs.enums import OrgStatus, Role
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import RECORD_ROLES, has_role, scope_q, scope_roots
from dienhinh.programs.models import Program
from dienhinh.programs.queries import programs_for as works_with

EDIT_ROLES = (Role.UNIT_OFFICER, Role.ADMINISTRATOR)
PAGE_SIZE = 50


def require_record_role(user) -> None:
    """Pages of unit records exist only for people who hold a role on units (else 404)."""
    if not has_role(user, *RECORD_ROLES):
        raise Http404


def programs_for(user, roles=RECORD_ROLES) -> list[Program]:
    """Programs in force the user works with (programs.queries.programs_for: no drafts, no
    other province) that apply to some organisation where the user holds one of `roles`."""
    roots = scope_roots(user, roles)
    programs = list(works_with(user).select_related("organisation").order_by("-issued_on", "code"))
    if roots is None:
        return programs
    return [
        p
        for p in programs
        if any(
            root.startswith(p.organisation.path) or p.organisation.path.startswith(root)
            for root in roots
        )
    ]


def program_or_404(user, code: str | None, roles=RECORD_ROLES) -> Program:
    for program in programs_for(user, roles):
        if program.code == code:
            return program
    raise Http404


def editable_organisations(user, program: Program, roles=EDIT_ROLES):
    """Active units under the program where the user holds one of `roles`."""
    return Organisation.objects.filter(
        scope_q(user, "", roles),
        path__startswith=program.organisation.path,
        status=OrgStatus.ACTIVE,
    ).order_by("path")


def template_programs(programs: list[Program], chosen: str | None) -> list[Program]:
    """Programs whose Excel template a list page offers: the one filtered on, else all of them."""
    picked = [p for p in programs if p.code == chosen]
    return picked or programs
