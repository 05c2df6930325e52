"""Every predicate of `api.permissions` with a user it allows, an outsider and a wrong-role
insider it refuses (the registry is checked for completeness by tests/test_predicates.py)."""

import pytest
from django.contrib.auth import get_user_model

from dienhinh.api import permissions
from dienhinh.api.models import ApiToken, TokenKind
from dienhinh.orgs.models import Organisation
from tests.predicates import Case, check


def _unit(people):
    return (Organisation.objects.get(code="LC-SYT"),)


def _application_token(people):
    return (ApiToken(kind=TokenKind.APPLICATION, organisation=_unit(people)[0]),)


PREDICATES = {
    # "nobody": signed in without any role (see the fixture below).
    "may_hold_tokens": Case("officer_a", "anonymous", "nobody", also_refused=()),
    "may_administer": Case("admin", "qb_standing", "standing", _unit, ("officer_a",)),
    "may_administer_somewhere": Case("admin", "qb_officer", "standing"),
    "may_revoke_token": Case("admin", "qb_standing", "standing", _application_token),
}
# Predicates that take no user, each tested by the named test below.
CHECKED_SEPARATELY = {
    "token_still_authorised": "test_an_application_token_works_while_its_issuer_administers",
}


@pytest.fixture
def people(personas):
    nobody = get_user_model().objects.create_user("nobody.without.roles")
    return {**personas, "nobody": nobody}


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate(people, name):
    check(permissions, name, PREDICATES[name], people)


def test_an_application_token_works_while_its_issuer_administers(personas):
    org = Organisation.objects.get(code="LC-SYT")

    def token(issuer):
        return ApiToken(kind=TokenKind.APPLICATION, user=personas[issuer], organisation=org)

    assert permissions.token_still_authorised(token("admin")) is True
    assert permissions.token_still_authorised(token("standing")) is False
    assert permissions.token_still_authorised(token("qb_standing")) is False
    personal = ApiToken(kind=TokenKind.PERSONAL, user=personas["officer_a"])
    assert permissions.token_still_authorised(personal) is True


def test_a_personal_token_is_revoked_by_its_owner_not_by_another(personas):
    personal = ApiToken(kind=TokenKind.PERSONAL, user=personas["officer_a"])
    assert permissions.may_revoke_token(personas["officer_a"], personal) is True
    assert permissions.may_revoke_token(personas["officer_b"], personal) is False
