"""Who may export, import and read the summary: thin wrappers over orgs.queries (404 outside)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import covers, get_or_404
from dienhinh.programs.models import Program

IMPORT_ROLES = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.ADMINISTRATOR)
SUMMARY_ROLES = (Role.STANDING_OFFICER, Role.ADMINISTRATOR)


def program_and_unit(user, program_code: str, org_code: str) -> tuple[Program, Organisation]:
    """The program and a unit the user covers, under the program's organisation; else 404."""
    org = get_or_404(Organisation.objects.filter(code=org_code), user, field="")
    program = get_object_or_404(Program.objects.select_related("organisation"), code=program_code)
    if not org.path.startswith(program.organisation.path):
        raise Http404
    return program, org


def may_import(user, org: Organisation) -> bool:
    return covers(user, org, roles=IMPORT_ROLES)


def summary_program(user, program_code: str) -> Program:
    """The program, when the user is its standing agency (or an administrator); else 404."""
    program = get_object_or_404(Program.objects.select_related("organisation"), code=program_code)
    if not covers(user, program.organisation, roles=SUMMARY_ROLES):
        raise Http404
    return program
