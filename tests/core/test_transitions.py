"""The transition machinery (core.transitions) through the two workflows that use it."""

import pytest
from django.utils import translation

from dienhinh.core import transitions
from dienhinh.core.errors import NotPermitted
from dienhinh.core.transitions import Move
from dienhinh.honours.domain.lifecycle import LIFECYCLE, LifecycleError
from dienhinh.honours.domain.lifecycle import transition as move_exemplar
from dienhinh.orgs import roles
from dienhinh.registrations.domain.workflow import WORKFLOW, TransitionError, transition
from dienhinh.registrations.enums import ExemplarState as E
from dienhinh.registrations.enums import RegistrationStatus as S
from dienhinh.registrations.models import Exemplar, Registration
from tests.honours import factories as honours_factories
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def reg(db):
    return f.registration("LC-SYT", [f.candidate()])


# The registration table, row by row: sources, target, who, needs a reason.
REGISTRATION_TABLE = {
    "request_approval": (
        (S.DRAFT, S.RETURNED, S.PARTLY_ACCEPTED),
        S.AWAITING_APPROVAL,
        roles.OFFICERS,
        False,
    ),
    "send_back": ((S.AWAITING_APPROVAL,), S.DRAFT, roles.HEADS, True),
    "approve": ((S.AWAITING_APPROVAL,), S.SUBMITTED, roles.HEADS, False),
    "accept": ((S.SUBMITTED,), S.ACCEPTED, roles.RECEIVERS, False),
    # "accept" with reasons against some entries (never a button of its own).
    "accept_part": ((S.SUBMITTED,), S.PARTLY_ACCEPTED, roles.RECEIVERS, True),
    "return": ((S.SUBMITTED,), S.RETURNED, roles.RECEIVERS, True),
    "withdraw": (
        (S.DRAFT, S.AWAITING_APPROVAL, S.SUBMITTED, S.RETURNED),
        S.WITHDRAWN,
        roles.UNIT,
        True,
    ),
}


def test_registration_table_is_the_documented_one():
    assert {
        m.name: (m.sources, m.target, m.who, m.needs_reason) for m in WORKFLOW
    } == REGISTRATION_TABLE


@pytest.mark.parametrize("machine", [WORKFLOW, LIFECYCLE], ids=["registration", "exemplar"])
def test_every_move_goes_between_known_states_and_has_words(machine):
    states = set(dict(machine.model._meta.get_field(machine.field).flatchoices))
    for move in machine:
        assert set(move.sources) <= states, move.name
        assert move.target in states, move.name
        assert move.target not in move.sources, move.name
        with translation.override("vi"):
            assert str(move.label) and str(move.label) != move.name
        assert transitions.label(move) == move.label
        assert transitions.label(machine.action(move)) == move.label


def test_machines_are_found_by_the_object_model(reg):
    assert transitions.machine_for(reg) is WORKFLOW
    assert transitions.machine_for(Exemplar(state=E.NURTURING)) is LIFECYCLE
    assert transitions.machine_for(Registration.objects.only("pk").get(pk=reg.pk)) is WORKFLOW


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("officer_a", S.DRAFT, ["request_approval", "withdraw"]),
        ("head_a", S.DRAFT, ["withdraw"]),
        ("head_a", S.AWAITING_APPROVAL, ["send_back", "approve", "withdraw"]),
        ("officer_a", S.AWAITING_APPROVAL, ["withdraw"]),
        ("standing", S.SUBMITTED, ["accept", "return"]),
        ("standing", S.DRAFT, []),
        ("officer_a", S.ACCEPTED, []),
        # Those who must be refused: another unit, another province, the council.
        ("officer_b", S.DRAFT, []),
        ("head_b", S.AWAITING_APPROVAL, []),
        ("qb_standing", S.SUBMITTED, []),
        ("council", S.SUBMITTED, []),
    ],
)
def test_allowed_and_may_by_persona_and_state(reg, personas, persona, status, expected):
    reg.status = status
    user = personas[persona]
    assert [m.name for m in transitions.allowed(user, reg)] == expected
    # A move never offered as a button is made by those who make its offered twin.
    made = {*expected, *(["accept_part"] if "accept" in expected else [])}
    for move in WORKFLOW:
        assert transitions.may(user, reg, move) == (move.name in made)
        assert transitions.may(user, reg, move.name) == (move.name in made)


def test_may_refuses_an_unknown_move(reg, personas):
    assert not transitions.may(personas["admin"], reg, "promote")


def test_check_refuses_a_user_outside_the_unit(reg, personas):
    with pytest.raises(NotPermitted):
        transitions.check(personas["officer_b"], reg, WORKFLOW["request_approval"])
    transitions.check(personas["officer_a"], reg, WORKFLOW["request_approval"])


def test_transition_by_a_refused_user_changes_nothing(reg, personas):
    with pytest.raises(NotPermitted):
        transition(reg, "request_approval", actor=personas["officer_b"])
    reg.refresh_from_db()
    assert reg.status == S.DRAFT
    assert not transitions.history(reg).filter(action="registration.request_approval").exists()


def test_check_wants_a_reason_where_the_move_needs_one(reg, personas):
    withdraw = WORKFLOW["withdraw"]
    assert withdraw.needs_reason
    with translation.override("en"), pytest.raises(TransitionError, match="Give a reason"):
        transitions.check(personas["officer_a"], reg, withdraw, reason="")
    transitions.check(personas["officer_a"], reg, withdraw, reason="Trùng hồ sơ")
    with pytest.raises(TransitionError):
        transition(reg, "withdraw", actor=personas["officer_a"], reason="  ")
    transition(reg, "withdraw", actor=personas["officer_a"], reason="Trùng hồ sơ")
    assert reg.status == S.WITHDRAWN


def test_refusals_name_the_move_and_state_in_the_user_language(reg, personas):
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        transitions.check(personas["standing"], reg, WORKFLOW["accept"])
    assert str(refused.value) == "“Accept” is not possible while the registration is “Draft”."
    exemplar = honours_factories.exemplar()
    with translation.override("vi"), pytest.raises(NotPermitted) as refused:
        transitions.check(personas["officer_b"], exemplar, LIFECYCLE["withdraw"], reason="x")
    assert str(refused.value) == (
        "Bạn không có quyền thực hiện thao tác “Rút” đối với điển hình này."
    )


def test_unknown_move_is_refused_with_the_workflow_error():
    with pytest.raises(TransitionError):
        WORKFLOW.move("promote")
    with pytest.raises(LifecycleError):
        LIFECYCLE.move("promote")


def test_automatic_moves_are_never_offered(personas):
    exemplar = honours_factories.exemplar(state=E.SELECTED)
    commend = LIFECYCLE["commend"]
    assert transitions.may(personas["standing"], exemplar, commend)
    assert commend not in transitions.allowed(personas["standing"], exemplar)


def test_a_predicate_may_say_who(reg, personas):
    only_the_author = Move(
        "sign",
        (S.DRAFT,),
        S.SUBMITTED,
        lambda user, registration: user == personas["head_a"],
        "Sign",
    )
    assert WORKFLOW.is_maker(personas["head_a"], reg, only_the_author)
    assert not WORKFLOW.is_maker(personas["officer_a"], reg, only_the_author)


def test_history_is_the_audit_trail_in_words(reg, personas):
    transition(reg, "request_approval", actor=personas["officer_a"])
    transition(reg, "send_back", actor=personas["head_a"], reason="Bổ sung minh chứng")
    entries = list(transitions.history(reg))
    assert entries[0].action == "registration.send_back"  # newest first
    assert entries[0].reason == "Bổ sung minh chứng"
    with translation.override("en"):
        words = [str(transitions.label(e.action)) for e in reversed(entries)]
    assert words[0] == "New registration"
    assert words[-2:] == ["Ask the head to approve", "Send back to the officer"]
    assert transitions.label("other.thing") == "other.thing"


def test_history_of_an_exemplar_reads_its_moves(personas):
    exemplar = honours_factories.exemplar()
    move_exemplar(exemplar, "recognise", actor=personas["standing"])
    entry = transitions.history(exemplar).get()
    assert entry.action == LIFECYCLE.action(LIFECYCLE["recognise"])
    assert entry.changes["state"] == [E.NURTURING, E.RECOGNISED]
    with translation.override("en"):
        assert str(transitions.label(entry.action)) == "Recognise"
