"""The transition machinery (core.transitions) through the two workflows that use it."""

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation

from dienhinh.core import transitions
from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.middleware import DomainRefusalMiddleware
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


def test_check_refuses_an_outsider_as_not_visible_and_an_insider_as_not_permitted(reg, personas):
    """An outsider (another unit, another province) cannot see the registration: NotVisible
    (404); the unit's head sees it but does not ask for approval: NotPermitted (403)."""
    for outsider in ("officer_b", "qb_officer", "qb_standing", "council"):
        with pytest.raises(NotVisible):
            transitions.check(personas[outsider], reg, WORKFLOW["request_approval"])
    with pytest.raises(NotPermitted) as refused:
        transitions.check(personas["head_a"], reg, WORKFLOW["request_approval"])
    assert not isinstance(refused.value, NotVisible)
    transitions.check(personas["officer_a"], reg, WORKFLOW["request_approval"])


def test_an_outsider_learns_nothing_of_the_state(reg, personas):
    """The wrong state is not said to someone who cannot see the registration."""
    with pytest.raises(NotVisible):
        transitions.check(personas["qb_standing"], reg, WORKFLOW["accept"])
    with pytest.raises(TransitionError):
        transitions.check(personas["standing"], reg, WORKFLOW["accept"])
    with pytest.raises(NotVisible):  # nor that the version is stale
        transition(reg, "request_approval", actor=personas["officer_b"], version=reg.version + 7)


@pytest.mark.parametrize(
    ("persona", "error"), [("officer_b", NotVisible), ("head_a", NotPermitted)]
)
def test_transition_by_a_refused_user_changes_nothing(reg, personas, persona, error):
    with pytest.raises(error) as refused:
        transition(reg, "request_approval", actor=personas[persona])
    assert type(refused.value) is error
    reg.refresh_from_db()
    assert reg.status == S.DRAFT
    assert not transitions.history(reg).filter(action="registration.request_approval").exists()


@pytest.mark.parametrize(
    ("persona", "error"),
    [("qb_officer", NotVisible), ("officer_b", NotVisible), ("officer_a", NotPermitted)],
)
def test_exemplar_move_refused_to_an_outsider_as_not_visible(personas, persona, error):
    exemplar = honours_factories.exemplar(state=E.RECOGNISED)
    with pytest.raises(error) as refused:
        move_exemplar(exemplar, "select", actor=personas[persona])
    assert type(refused.value) is error
    exemplar.refresh_from_db()
    assert exemplar.state == E.RECOGNISED


@pytest.mark.parametrize(("persona", "status"), [("officer_b", 404), ("head_a", 403)])
def test_the_refusal_answers_404_to_an_outsider_and_403_to_an_insider(
    reg, personas, rf, persona, status
):
    """The edges' answer to the domain's refusal (core.middleware.DomainRefusalMiddleware)."""
    with pytest.raises((NotVisible, NotPermitted)) as refused:
        transition(reg, "request_approval", actor=personas[persona])
    request = rf.post("/")
    request.user = personas[persona]
    middleware = DomainRefusalMiddleware(lambda r: HttpResponse())
    assert middleware.process_exception(request, refused.value).status_code == status


def test_the_move_posted_by_an_outsider_is_a_404_by_a_wrong_role_refused(reg, client_for):
    url = reverse("registrations:registration_transition", args=[reg.pk])
    data = {"action": "request_approval", "version": reg.version}
    assert client_for("officer_b").post(url, data).status_code == 404
    response = client_for("head_a").post(url, data, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Bạn không có quyền thực hiện thao tác “Trình thủ trưởng phê duyệt” đối với biểu đăng ký này."
    ]
    reg.refresh_from_db()
    assert reg.status == S.DRAFT


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
        transitions.check(personas["officer_a"], exemplar, LIFECYCLE["recognise"])
    assert str(refused.value) == (
        "Bạn không có quyền thực hiện thao tác “Công nhận” đối với điển hình này."
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
