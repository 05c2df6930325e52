"""Every predicate of `programs.permissions` with a user it allows, an outsider and a wrong-role
insider it refuses (the registry is checked for completeness by tests/test_predicates.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from dienhinh.orgs.models import Organisation
from dienhinh.programs import permissions
from dienhinh.programs.enums import ProgramStatus
from dienhinh.programs.models import Program
from tests.predicates import Case, check

LC = "lai-chau-2533"


def _program(people):
    return (Program.objects.get(code=LC),)


def _draft(people):
    program = Program.objects.get(code=LC)
    program.status = ProgramStatus.DRAFT  # not saved: the predicate reads the object
    return (program,)


PREDICATES = {
    "may_manage_program": Case("standing", "qb_standing", "officer_a", _program, ("head_a",)),
    # Amend the quotas of a program in force from a date on: the standing agency (and admins).
    "may_amend_quotas": Case("standing", "qb_standing", "officer_a", _program, ("head_a",)),
    # A draft: read by those who manage it alone.
    "may_read_program": Case("standing", "qb_standing", "officer_a", _draft),
    "may_create_program": Case(
        "standing", "qb_standing", "officer_a", lambda p: (Organisation.objects.get(code="LC-SYT"),)
    ),
    "may_load_programs": Case("admin", "qb_standing", "standing"),
}


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate(personas, name):
    check(permissions, name, PREDICATES[name], personas)


def test_a_program_in_force_is_read_by_every_signed_in_user(personas):
    program = Program.objects.get(code=LC)
    assert permissions.may_read_program(personas["qb_officer"], program) is True
    assert permissions.may_read_program(personas["council"], program) is True
    assert permissions.may_read_program(AnonymousUser(), program) is False
