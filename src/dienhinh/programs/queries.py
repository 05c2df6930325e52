"""Reusable querysets of programs: the programs a user works with (for lists and dropdowns)."""

from django.db.models import Q, QuerySet

from dienhinh.orgs.enums import Role
from dienhinh.orgs.queries import is_admin, memberships, scope_q
from dienhinh.programs.enums import ProgramStatus
from dienhinh.programs.models import Program
from dienhinh.programs.permissions import managed_q


def _ancestor_paths(path: str) -> list[str]:
    """ "/1/5/" -> ["/1/", "/1/5/"]: the organisation and every one above it."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def programs_for(user, *, include_drafts: bool = False) -> QuerySet[Program]:
    """The programs `user` works with, in force (status active):
    - those applying to one of the user's organisations (the program's organisation is the
      user's organisation or one above it: a provincial plan covers every department);
    - those applying inside the user's scope (a standing agency sees a department's own plan).
    With `include_drafts`, also the drafts the user may manage (`permissions.may_manage_program`).
    A superuser works with every program. Reading a program stays open to everyone signed in;
    this is what to offer first, e.g. in a dropdown of programs."""
    if not getattr(user, "is_authenticated", False):
        return Program.objects.none()
    statuses = Q(status=ProgramStatus.ACTIVE)
    if is_admin(user):
        if include_drafts:
            statuses |= Q(status=ProgramStatus.DRAFT)
        return Program.objects.filter(statuses)
    own = {p for m in memberships(user) for p in _ancestor_paths(m.organisation.path)}
    related = Q(organisation__path__in=sorted(own)) | scope_q(user, "organisation", Role.values)
    if include_drafts:
        statuses |= Q(status=ProgramStatus.DRAFT) & managed_q(user)
    return Program.objects.filter(related, statuses)
