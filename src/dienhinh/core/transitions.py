"""State machines as data: each workflow's table of moves, who may make them, and their words.

A workflow declares one `Machine`: its model, the field that holds the state, and its moves (from
which states, to which state, who — a role group from `dienhinh.orgs.roles` or a predicate —,
whether a reason is needed, the label a reader sees). For any object whose model has a machine:

- `may(user, obj, move)`: the state allows the move and `user` is among its makers;
- `allowed(user, obj)`: the moves offered to `user` now (the buttons of the object's page);
- `check(user, obj, move, reason=…)`: the same questions, raising NotVisible when the user cannot
  see the object at all (views answer 404), NotPermitted when they see it but do not make the
  move (403), the workflow's error when the state or a missing reason forbids it;
- `label(move_or_action)`: the words for a move or an audit action ("registration.approve");
- `history(obj)`: the object's audit trail, newest first.

The workflow's own `transition()` locks the row, calls `check`, makes its changes and writes the
audit entry "<prefix>.<move>" in the same transaction. How a move looks (button styles) is the
templates' business.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import AuditEntry, AuditEntryQuerySet

Label = str | Promise
#: Who may make a move: a role group (checked by the machine's `covers`) or a predicate.
Who = tuple[str, ...] | Callable[[Any, Any], bool]
#: How a machine checks a role group against an object: `covers(user, obj, roles)`.
Covers = Callable[[Any, Any, tuple[str, ...]], bool]
#: Whether a user sees an object at all: `sees(user, obj)`.
Sees = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Move:
    """One row of a workflow's table."""

    name: str
    sources: tuple[str, ...]
    target: str
    who: Who
    label: Label
    needs_reason: bool = False
    # False for moves the product makes itself (a decision commends): never offered as buttons.
    offered: bool = True


class Machine:
    """The moves of one model's state field, and how its role groups are checked.

    `covers(user, obj, roles)` says whether `user` holds one of `roles` over the object (usually
    over its organisation; core knows no organisations, so the workflow passes it), `sees(user,
    obj)` whether the user sees the object at all (an outsider is refused with NotVisible, so
    that nothing of the object leaks). `error` is the exception `check` raises for the state or
    a missing reason. `labels` gives the words of the other audit actions written
    about these objects, so that one `label()` reads a whole trail.
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        field: str,
        prefix: str,
        moves: Iterable[Move],
        covers: Covers,
        sees: Sees,
        error: type[Exception],
        labels: Mapping[str, Label] | None = None,
    ) -> None:
        self.model, self.field, self.prefix = model, field, prefix
        self.moves: dict[str, Move] = {move.name: move for move in moves}
        self.covers, self.sees, self.error = covers, sees, error
        self.labels: dict[str, Label] = {self.action(m): m.label for m in self.moves.values()}
        self.labels.update(labels or {})
        _MACHINES[model] = self
        _LABELS.update(self.labels)

    def __getitem__(self, name: str) -> Move:
        return self.moves[name]

    def __iter__(self) -> Iterator[Move]:
        return iter(self.moves.values())

    def action(self, move: Move) -> str:
        """The audit action of a move: "registration.approve"."""
        return f"{self.prefix}.{move.name}"

    def move(self, name: str) -> Move:
        """The move called `name`, or the machine's error."""
        try:
            return self.moves[name]
        except KeyError:
            raise self.error(_("Unknown action: %(action)s.") % {"action": name}) from None

    def state(self, obj: models.Model) -> str:
        return str(getattr(obj, self.field))

    def is_maker(self, user: Any, obj: models.Model, move: Move) -> bool:
        """Whether `user` is among the move's makers for this object, whatever its state."""
        if callable(move.who):
            return bool(move.who(user, obj))
        return self.covers(user, obj, move.who)

    def may(self, user: Any, obj: models.Model, move: Move | str) -> bool:
        found = self.moves.get(move) if isinstance(move, str) else move
        return (
            found is not None
            and self.state(obj) in found.sources
            and self.is_maker(user, obj, found)
        )

    def allowed(self, user: Any, obj: models.Model) -> list[Move]:
        return [m for m in self.moves.values() if m.offered and self.may(user, obj, m)]

    def check_visible(self, user: Any, obj: models.Model, move: Move) -> None:
        """NotVisible unless `user` sees the object: a workflow that checks other things about
        the object before `check` (a version, its entries) calls this first."""
        if not self.sees(user, obj):
            raise NotVisible(
                _("You may not “%(action)s” this %(object)s.")
                % {"action": move.label, "object": obj._meta.verbose_name}
            )

    def check(self, user: Any, obj: models.Model, move: Move, *, reason: object = "") -> None:
        """Refuse the move unless it may be made now. In this order: NotVisible when `user`
        cannot see the object (before anything about it is said), the machine's error when the
        state does not allow the move, NotPermitted when `user` is not among its makers, the
        machine's error when a reason is needed and missing (anything truthy counts, so a
        workflow may accept reasons given in another form)."""
        self.check_visible(user, obj, move)
        if self.state(obj) not in move.sources:
            raise self.error(
                _("“%(action)s” is not possible while the %(object)s is “%(state)s”.")
                % {
                    "action": move.label,
                    "object": obj._meta.verbose_name,
                    "state": getattr(obj, f"get_{self.field}_display")(),
                }
            )
        if not self.is_maker(user, obj, move):
            raise NotPermitted(
                _("You may not “%(action)s” this %(object)s.")
                % {"action": move.label, "object": obj._meta.verbose_name}
            )
        if move.needs_reason and not reason:
            raise self.error(_("Give a reason for “%(action)s”.") % {"action": move.label})


_MACHINES: dict[type[models.Model], Machine] = {}
_LABELS: dict[str, Label] = {}


def machine_for(obj: models.Model) -> Machine:
    return _MACHINES[obj._meta.concrete_model or type(obj)]


def may(user: Any, obj: models.Model, move: Move | str) -> bool:
    """Whether `user` may make `move` (a Move or its name) on `obj` now."""
    return machine_for(obj).may(user, obj, move)


def allowed(user: Any, obj: models.Model) -> list[Move]:
    """The moves `user` may make on `obj` now, in table order (automatic moves left out)."""
    return machine_for(obj).allowed(user, obj)


def check(user: Any, obj: models.Model, move: Move, *, reason: object = "") -> None:
    machine_for(obj).check(user, obj, move, reason=reason)


def label(move_or_action: Move | str) -> Label:
    """What a move or an audit action says to a reader; an unknown action is shown as is."""
    if isinstance(move_or_action, Move):
        return move_or_action.label
    return _LABELS.get(move_or_action, move_or_action)


def history(obj: models.Model) -> AuditEntryQuerySet:
    """The audit entries of `obj`, newest first (kept forever)."""
    return AuditEntry.objects.for_object(obj)
