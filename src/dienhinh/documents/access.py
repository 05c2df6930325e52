"""Finding what a document page works on, in the user's scope (404 outside); who may do what
with it is in `documents.permissions`."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from dienhinh.documents import permissions
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import get_or_404
from dienhinh.programs.models import Program


def program_and_unit(user, program_code: str, org_code: str) -> tuple[Program, Organisation]:
    """The program and a unit the user covers, under the program's organisation; else 404."""
    org = get_or_404(Organisation.objects.filter(code=org_code), user, field="")
    program = get_object_or_404(Program.objects.select_related("organisation"), code=program_code)
    if not org.path.startswith(program.organisation.path):
        raise Http404
    return program, org


def summary_program(user, program_code: str) -> Program:
    """The program, when the user is its standing agency (or an administrator); else 404."""
    program = get_object_or_404(Program.objects.select_related("organisation"), code=program_code)
    if not permissions.may_read_summary(user, program):
        raise Http404
    return program
