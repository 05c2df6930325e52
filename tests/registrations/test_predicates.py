"""Every predicate of `registrations.permissions` with a user it allows, an outsider and a
wrong-role insider it refuses (the registry is checked for completeness by
tests/test_predicates.py)."""

import pytest

from dienhinh.orgs.models import Organisation
from dienhinh.registrations import permissions
from tests.predicates import Case, check
from tests.registrations import factories as rf


def _unit(people):
    return (Organisation.objects.get(code="LC-SYT"),)


def _unit_in_program(people):
    return (Organisation.objects.get(code="LC-SYT"), rf.program())


def _candidate(people):
    return (rf.candidate(),)


def _registration(people):
    return (rf.registration(),)


PREDICATES = {
    "may_keep_records": Case("officer_a", "anonymous", "council"),
    "may_read_unit": Case("officer_a", "qb_officer", "council", _unit, ("officer_b",)),
    "may_edit_unit": Case("officer_a", "qb_officer", "head_a", _unit, ("officer_b", "standing")),
    "may_create_candidate": Case("officer_a", "qb_officer", "head_a", _unit_in_program),
    "may_edit_candidate": Case("officer_a", "officer_b", "head_a", _candidate),
    "may_read_candidate": Case("head_a", "qb_officer", "council", _candidate),
    "may_attest": Case("standing", "qb_standing", "officer_a", _candidate, ("head_a",)),
    "may_create_registration": Case("officer_a", "officer_b", "head_a", _unit_in_program),
    "may_edit_entries": Case("officer_a", "officer_b", "head_a", _registration),
    "may_read_registration": Case("head_a", "qb_standing", "council", _registration),
    "may_import": Case("officer_a", "qb_officer", "head_a", _unit_in_program),
    "may_export": Case("head_a", "qb_officer", "council", _unit_in_program),
    "may_move": Case(
        "officer_a", "officer_b", "head_a", lambda p: (rf.registration(), "request_approval")
    ),
    "may_move_somewhere": Case("head_a", "qb_officer", "officer_a", lambda p: ("approve",)),
    "may_oversee": Case("standing", "qb_standing", "officer_a", lambda p: (rf.program(),)),
    "may_correct_candidate": Case("standing", "qb_standing", "officer_a", _candidate),
    "may_freeze_dossiers": Case("head_a", "qb_standing", "officer_a", _unit, ("council",)),
    "may_export_personal_data": Case(
        "officer_a", "qb_standing", "council", _candidate, ("officer_b", "head_b")
    ),
    "may_erase_candidate": Case("standing", "qb_standing", "officer_a", _candidate, ("head_a",)),
    "may_apply_retention": Case("admin", "anonymous", "standing", also_refused=("qb_standing",)),
}


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate(personas, name):
    check(permissions, name, PREDICATES[name], personas)


def test_entries_are_not_edited_once_submitted(personas):
    registration = rf.registration(status="submitted")
    assert permissions.may_edit_entries(personas["officer_a"], registration) is False
