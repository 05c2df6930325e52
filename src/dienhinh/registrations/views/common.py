"""Helpers the registration pages share: programs a user works with, 404 for outsiders."""

from django.http import Http404

from dienhinh.programs.models import Program
from dienhinh.programs.queries import programs_for as works_with
from dienhinh.registrations import permissions
from dienhinh.registrations.interfaces import forms

PAGE_SIZE = 50


def require_record_role(user) -> None:
    """Pages of unit records exist only for people who hold a role on units (else 404)."""
    if not permissions.may_keep_records(user):
        raise Http404


def programs_for(
    user, *, editing: bool = False, among: list[Program] | None = None
) -> list[Program]:
    """Programs in force the user works with (programs.queries.programs_for: no drafts, no
    other province) that apply to some organisation whose records the user reads (or, with
    `editing`, writes).

    `among`: this function's answer without `editing`, already read by the page. Editors are
    record keepers (`orgs.roles`), so every subtree a user writes lies in one they read, and the
    programs they edit are among those: the page asks without reading the programs again."""
    roots = permissions.editing_roots(user) if editing else permissions.record_roots(user)
    if among is not None:
        programs = among
    else:
        programs = list(
            works_with(user).select_related("organisation").order_by("-issued_on", "code")
        )
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


def program_or_404(user, code: str | None, *, editing: bool = False) -> Program:
    for program in programs_for(user, editing=editing):
        if program.code == code:
            return program
    raise Http404


def editable_organisations(user, program: Program):
    """Active units under the program whose records the user writes."""
    return permissions.editable_units(user, program)


def template_programs(programs: list[Program], chosen: str | None) -> list[Program]:
    """Programs whose Excel template a list page offers: the one filtered on, else all of them
    when they are few (`forms.EVERY_PROGRAM_UP_TO`: the superuser of the whole country would be
    offered 36 buttons), else none until one is chosen."""
    picked = [p for p in programs if p.code == chosen]
    if picked or len(programs) <= forms.EVERY_PROGRAM_UP_TO:
        return picked or programs
    return []
