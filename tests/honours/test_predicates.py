"""Every predicate of `honours.permissions` with a user it allows, an outsider and a wrong-role
insider it refuses (the registry is checked for completeness by tests/test_predicates.py)."""

import pytest

from dienhinh.honours import permissions
from dienhinh.honours.enums import SessionStatus
from dienhinh.honours.models import Hold, Honour
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.enums import ExemplarState
from tests.honours import factories as hf
from tests.predicates import Case, check
from tests.registrations import factories as rf


def _exemplar(people):
    return (hf.exemplar(),)


def _program(people):
    return (rf.program(),)


def _council(people):
    return (Organisation.objects.get(code="LC-HDTDKT"),)


def _session(people):
    return (hf.session(people["standing"], [hf.exemplar(state=ExemplarState.RECOGNISED)]),)


def _candidate(people):
    return (rf.candidate(),)


PREDICATES = {
    "may_open_standing_pages": Case(
        "standing", "qb_officer", "officer_a", also_refused=("council",)
    ),
    "may_read_exemplar": Case("officer_a", "qb_standing", "council", _exemplar, ("officer_b",)),
    "may_move": Case(
        "standing", "qb_standing", "officer_a", lambda p: (hf.exemplar(), "recognise")
    ),
    "may_follow_up": Case("officer_a", "qb_officer", "council", _exemplar),
    "may_oversee_exemplar": Case("standing", "qb_standing", "officer_a", _exemplar, ("head_a",)),
    "may_review": Case("standing", "qb_standing", "officer_a", _program),
    "may_record_decision": Case("standing", "qb_standing", "officer_a", _exemplar),
    "may_revoke_honour": Case(
        "standing", "qb_standing", "head_a", lambda p: (Honour(exemplar=hf.exemplar()),)
    ),
    "may_replicate": Case("standing", "qb_standing", "officer_a", _exemplar),
    "may_fund": Case("standing", "qb_standing", "officer_a", _program),
    "may_open_sessions": Case("standing", "qb_officer", "council"),
    "may_sign_program_documents": Case("standing", "qb_standing", "officer_a", _program),
    "may_run_session": Case("standing", "qb_standing", "council", _council),
    "is_council_member": Case("council", "qb_officer", "standing", _council),
    "may_vote": Case("council", "qb_officer", "standing", _session),
    "may_read_session_dossier": Case("council", "qb_standing", "officer_a", _session),
    "may_enter_paper_count": Case("standing", "qb_standing", "council", _session),
    "may_see_session": Case("council", "qb_standing", "officer_a", _session),
    "is_voter": Case("council", "qb_officer", "standing"),
    "may_open_vote_list": Case("council", "qb_officer", "officer_a"),
    # In person: a standing officer; the superuser stands in for the agency, not for this.
    "may_override_chain": Case("standing", "qb_standing", "officer_a", _exemplar, ("admin",)),
    "may_place_hold": Case("officer_a", "qb_officer", "council", _candidate),
    "may_clear_hold": Case(
        "standing", "qb_standing", "officer_a", lambda p: (Hold(candidate=rf.candidate()),)
    ),
    "may_clear_hold_of": Case("standing", "qb_standing", "head_a", _candidate),
}


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate(personas, name):
    check(permissions, name, PREDICATES[name], personas)


def test_an_ended_exemplar_has_no_follow_ups(personas):
    exemplar = hf.exemplar(state=ExemplarState.WITHDRAWN)
    assert permissions.may_follow_up(personas["officer_a"], exemplar) is False


def test_a_closed_session_takes_no_votes(personas):
    (session,) = _session(personas)
    session.status = SessionStatus.CLOSED  # not saved: the predicate reads the object
    assert permissions.may_vote(personas["council"], session) is False
