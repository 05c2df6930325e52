"""Every predicate of `orgs.permissions` with a user it allows, an outsider and a wrong-role
insider it refuses (the registry is checked for completeness by tests/test_predicates.py)."""

import pytest

from dienhinh.orgs import permissions
from dienhinh.orgs.models import Organisation
from tests.predicates import Case, check


def _unit(people):
    return (Organisation.objects.get(code="LC-SYT"),)


PREDICATES = {
    "may_see_organisation": Case("officer_a", "qb_officer", "council", _unit, ("officer_b",)),
    "may_list_organisations": Case("officer_a", "anonymous", "council"),
    "may_see_members": Case("standing", "qb_standing", "officer_a", _unit, ("head_a",)),
    "may_restructure": Case("standing", "qb_standing", "officer_a", _unit),
    "may_restructure_into": Case("standing", "qb_standing", "head_a", _unit),
    "may_create_organisation": Case("standing", "qb_standing", "officer_a", _unit),
    "may_grant_roles": Case("admin", "qb_standing", "standing", _unit),
    "may_read_audit": Case("standing", "qb_officer", "officer_a", also_refused=("council",)),
    "may_correct_succession": Case("admin", "qb_standing", "standing", _unit),
    "may_manage_sign_in": Case("admin", "qb_standing", "standing", _unit),
    "may_manage_users": Case("admin", "qb_standing", "standing", _unit),
    "may_invite_users": Case("admin", "qb_standing", "standing", _unit, ("officer_a",)),
}


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate(personas, name):
    check(permissions, name, PREDICATES[name], personas)


def test_a_new_root_is_the_administrators_alone(personas):
    assert permissions.may_create_organisation(personas["admin"], None) is True
    assert permissions.may_create_organisation(personas["standing"], None) is False
