import pytest

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.transitions import allowed, history
from dienhinh.honours.domain.lifecycle import LIFECYCLE, LifecycleError, transition
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db

ALLOWED = [
    ("recognise", S.NURTURING, S.RECOGNISED),
    ("select", S.RECOGNISED, S.SELECTED),
    ("commend", S.SELECTED, S.COMMENDED),
    ("commend", S.RECOGNISED, S.COMMENDED),
    ("replicate", S.COMMENDED, S.REPLICATED),
    ("publish", S.COMMENDED, S.PUBLISHED),
    ("publish", S.REPLICATED, S.PUBLISHED),
    ("replicate", S.PUBLISHED, S.REPLICATED),
    ("reject", S.NURTURING, S.REJECTED),
    ("reject", S.SELECTED, S.REJECTED),
] + [("withdraw", state, S.WITHDRAWN) for state in LIFECYCLE["withdraw"].sources]


@pytest.mark.parametrize(("action", "source", "target"), ALLOWED)
def test_transition_allowed_moves_are_audited(personas, action, source, target):
    exemplar = factories.exemplar(state=source)
    transition(exemplar, action, actor=personas["standing"], reason="Lý do")
    exemplar.refresh_from_db()
    assert exemplar.state == target
    entry = history(exemplar).first()
    assert entry.action == f"exemplar.{action}"
    assert entry.changes["state"] == [source, target]
    assert entry.reason == "Lý do"
    assert entry.actor == personas["standing"]


REFUSED_FROM = [
    (action, state)
    for action, move in LIFECYCLE.moves.items()
    for state in S.values
    if state not in move.sources
]


@pytest.mark.parametrize(("action", "source"), REFUSED_FROM)
def test_transition_refused_from_wrong_state(personas, action, source):
    exemplar = factories.exemplar(state=source)
    with pytest.raises(LifecycleError):
        transition(exemplar, action, actor=personas["standing"], reason="x")
    exemplar.refresh_from_db()
    assert exemplar.state == source
    assert not history(exemplar).exists()


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("officer_a", NotPermitted),
        ("head_a", NotPermitted),
        ("officer_b", NotVisible),
        ("council", NotVisible),
        ("qb_standing", NotVisible),
    ],
)
def test_transition_recognise_refused_to_non_standing(personas, persona, error):
    exemplar = factories.exemplar()
    with pytest.raises(error):
        transition(exemplar, "recognise", actor=personas[persona])
    exemplar.refresh_from_db()
    assert exemplar.state == S.NURTURING


@pytest.mark.parametrize("persona", ["officer_a", "head_a", "standing", "admin"])
def test_transition_withdraw_by_own_unit_or_standing(personas, persona):
    exemplar = factories.exemplar()
    transition(exemplar, "withdraw", actor=personas[persona], reason="Không còn phù hợp")
    assert exemplar.state == S.WITHDRAWN


@pytest.mark.parametrize("persona", ["officer_b", "council", "qb_officer", "qb_standing"])
def test_transition_withdraw_refused_to_others(personas, persona):
    exemplar = factories.exemplar()
    with pytest.raises(NotVisible):
        transition(exemplar, "withdraw", actor=personas[persona], reason="x")


def test_transition_withdraw_needs_reason(personas):
    exemplar = factories.exemplar()
    with pytest.raises(LifecycleError):
        transition(exemplar, "withdraw", actor=personas["officer_a"], reason="  ")


def test_transition_unknown_action(personas):
    with pytest.raises(LifecycleError):
        transition(factories.exemplar(), "promote", actor=personas["standing"])


def test_allowed_moves_by_role(personas):
    exemplar = factories.exemplar()
    assert [m.name for m in allowed(personas["standing"], exemplar)] == [
        "recognise",
        "withdraw",
        "reject",
    ]
    assert [m.name for m in allowed(personas["officer_a"], exemplar)] == ["withdraw"]
    assert allowed(personas["officer_b"], exemplar) == []
