"""Every predicate of `portal.permissions` with a user it allows, an outsider and a wrong-role
insider it refuses (the registry is checked for completeness by tests/test_predicates.py)."""

import pytest

from dienhinh.portal import permissions
from dienhinh.registrations.enums import ExemplarState
from tests.honours import factories as hf
from tests.predicates import Case, check


def _exemplar(people):
    return (hf.exemplar(),)


def _commended(people):
    return (hf.exemplar(state=ExemplarState.COMMENDED),)


PREDICATES = {
    "may_publish_story": Case("standing", "qb_standing", "officer_a", _commended),
    "may_publicise": Case("standing", "qb_officer", "officer_a", also_refused=("anonymous",)),
    "may_publicise_exemplar": Case("standing", "qb_standing", "officer_a", _exemplar),
    "may_read_exemplar": Case("officer_a", "qb_officer", "council", _exemplar, ("anonymous",)),
}


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate(personas, name):
    check(permissions, name, PREDICATES[name], personas)
