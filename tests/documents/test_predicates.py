"""Every predicate of `documents.permissions` with a user it allows, an outsider and a
wrong-role insider it refuses (the registry is checked for completeness by
tests/test_predicates.py)."""

import pytest

from dienhinh.documents import permissions
from dienhinh.orgs.models import Organisation
from tests.predicates import Case, check
from tests.registrations import factories as rf


def _unit(people):
    return (Organisation.objects.get(code="LC-SYT"),)


def _unit_in_program(people):
    return (Organisation.objects.get(code="LC-SYT"), rf.program())


def _program(people):
    return (rf.program(),)


PREDICATES = {
    "may_export": Case("head_a", "qb_officer", "council", _unit_in_program, ("officer_b",)),
    "may_import": Case("officer_a", "qb_officer", "head_a", _unit_in_program),
    "may_read_summary": Case("standing", "qb_standing", "officer_a", _program),
    "may_sign_form": Case("head_a", "head_b", "officer_a", _unit, ("standing",)),
    "may_upload_signed": Case("officer_a", "qb_officer", "standing", _unit, ("council",)),
    "may_sign_program_documents": Case("standing", "qb_standing", "officer_a", _program),
    "may_print_certificates": Case("standing", "qb_standing", "officer_a", _program),
}


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate(personas, name):
    check(permissions, name, PREDICATES[name], personas)
