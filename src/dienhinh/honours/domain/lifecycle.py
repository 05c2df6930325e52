"""The life of an exemplar after acceptance: one transition function and its table of moves.

nurturing → recognised → selected → commended → replicated / published; withdrawn and rejected
end it (domain.md §4). Every move is audited with the state before and after and the reason.

"recognise" is confirmed on its own page with the recognition date (kept in the audit entry as
`recognised_on`) and an optional note (the entry's reason).

Revoking an honour: when the exemplar has no honour in force any more, `revert_commendation`
moves it from commended (or replicated, published) back to the state it was commended from,
recognised or selected, read from its "exemplar.commend" audit entry (selected when the trail
has none), and audits "exemplar.revert_commendation". Nothing is left claiming an honour that
no longer stands; the revoked honour and the whole trail remain to be read.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit
from dienhinh.honours.domain import HonoursError
from dienhinh.orgs.enums import Role
from dienhinh.orgs.queries import covers, has_role
from dienhinh.registrations.enums import ExemplarState as S
from dienhinh.registrations.models import Exemplar

STANDING = (Role.STANDING_OFFICER, Role.ADMINISTRATOR)
UNIT = (Role.UNIT_OFFICER, Role.UNIT_HEAD)
LIVE = (S.NURTURING, S.RECOGNISED, S.SELECTED, S.COMMENDED, S.REPLICATED, S.PUBLISHED)
ENDED = (S.WITHDRAWN, S.REJECTED)


class LifecycleError(HonoursError):
    pass


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    target: str
    # Who may make it: "standing" = the standing agency covering the exemplar's organisation
    # (administrators included); "unit" = the exemplar's own unit (officer or head).
    by: tuple[str, ...]
    label: str
    needs_reason: bool = False


MOVES: dict[str, Move] = {
    "recognise": Move((S.NURTURING,), S.RECOGNISED, ("standing",), gettext_lazy("Recognise")),
    "select": Move((S.RECOGNISED,), S.SELECTED, ("standing",), gettext_lazy("Select")),
    "commend": Move(
        (S.RECOGNISED, S.SELECTED), S.COMMENDED, ("standing",), gettext_lazy("Commend")
    ),
    "replicate": Move(
        (S.COMMENDED, S.PUBLISHED), S.REPLICATED, ("standing",), gettext_lazy("Mark replicated")
    ),
    "publish": Move(
        (S.COMMENDED, S.REPLICATED), S.PUBLISHED, ("standing",), gettext_lazy("Mark published")
    ),
    "withdraw": Move(LIVE, S.WITHDRAWN, ("standing", "unit"), gettext_lazy("Withdraw"), True),
    "reject": Move(
        (S.NURTURING, S.RECOGNISED, S.SELECTED),
        S.REJECTED,
        ("standing",),
        gettext_lazy("Reject"),
        True,
    ),
}
# Moves the app makes itself (a decision commends); not offered as buttons.
AUTOMATIC = {"commend"}
# Moves confirmed on a page of their own (a date and a note) before they are made.
CONFIRMED = {"recognise"}


def may(user, exemplar: Exemplar, move: Move) -> bool:
    if "standing" in move.by and covers(user, exemplar.organisation, STANDING):
        return True
    return "unit" in move.by and covers(user, exemplar.organisation, UNIT)


def available_actions(exemplar: Exemplar, user) -> list[tuple[str, Move]]:
    """The moves `user` may make now, for the buttons on the exemplar page."""
    return [
        (name, move)
        for name, move in MOVES.items()
        if name not in AUTOMATIC and exemplar.state in move.sources and may(user, exemplar, move)
    ]


def transition(exemplar: Exemplar, action: str, *, actor, reason: str = "", **details) -> Exemplar:
    """Move `exemplar` by `action` on behalf of `actor`.

    Side effects: locks the row (select_for_update), saves the new state and version, writes an
    audit entry "exemplar.<action>" with the state before and after, `reason` and `details`, and
    updates the caller's instance. Raises LifecycleError when the move is not in the table, not
    allowed from the current state, not allowed to `actor`, or lacks a required reason.
    """
    move = MOVES.get(action)
    if move is None:
        raise LifecycleError(_("Unknown action."))
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = (
            Exemplar.objects.select_for_update()
            .select_related("organisation", "candidate")
            .get(pk=exemplar.pk)
        )
        if locked.state not in move.sources:
            raise LifecycleError(
                _("This exemplar cannot be moved by “%(action)s” while it is %(state)s.")
                % {"action": move.label, "state": locked.get_state_display()}
            )
        if not may(actor, locked, move):
            raise LifecycleError(_("You may not make this change."))
        if move.needs_reason and not reason:
            raise LifecycleError(_("Please give a reason."))
        before = {"state": locked.state}
        locked.state = move.target
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        audit.record(
            f"exemplar.{action}",
            locked,
            actor=actor,
            before=before,
            after={"state": locked.state, **details},
            reason=reason,
        )
    exemplar.state, exemplar.version = locked.state, locked.version
    return exemplar


COMMENDED = (S.COMMENDED, S.REPLICATED, S.PUBLISHED)


def state_before_commendation(exemplar: Exemplar) -> str:
    """Recognised or selected: the state the latest "commend" move started from."""
    entry = history(exemplar).filter(action="exemplar.commend").order_by("-at", "-id").first()
    before = (entry.changes.get("state") or [None])[0] if entry else None
    return before if before in (S.RECOGNISED, S.SELECTED) else S.SELECTED


def revert_commendation(exemplar: Exemplar, *, actor, reason: str, decision) -> Exemplar:
    """Undo the commendation after the exemplar's last honour in force was revoked.

    Side effects: locks the row, sets the state from `state_before_commendation`, bumps the
    version and writes "exemplar.revert_commendation" with the revoked decision's number. Does
    nothing when the exemplar is not in a commended state. Called by decisions.revoke_honour,
    which has already checked the actor's right."""
    with transaction.atomic():
        locked = (
            Exemplar.objects.select_for_update().select_related("organisation").get(pk=exemplar.pk)
        )
        if locked.state not in COMMENDED:
            return exemplar
        before = {"state": locked.state}
        locked.state = state_before_commendation(locked)
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        audit.record(
            "exemplar.revert_commendation",
            locked,
            actor=actor,
            before=before,
            after={"state": locked.state, "decision": decision.number},
            reason=reason,
        )
    exemplar.state, exemplar.version = locked.state, locked.version
    return exemplar


# Words for the audit actions the honours app writes (the moves say their own label).
OTHER_ACTION_LABELS = {
    "exemplar.revert_commendation": gettext_lazy("Revert the commendation"),
    "exemplar.replication": gettext_lazy("Replication"),
    "exemplar.follow_up": gettext_lazy("Add a follow-up"),
    "honour.revoke": gettext_lazy("Revoke the honour"),
    "review.create": gettext_lazy("Create the rounds from the milestones"),
    "review.shortlist": gettext_lazy("Add to the shortlist"),
    "decision.record": gettext_lazy("Record a decision"),
    "spending.add": gettext_lazy("Record spending"),
    "vote.session_create": gettext_lazy("New vote session"),
    "vote.written_opinion": gettext_lazy("Written opinion of an absent member"),
    "vote.session_close": gettext_lazy("Close the vote"),
    # Written by the registrations app when an accepted registration makes the exemplar.
    "exemplar.create": gettext_lazy("Accepted"),
}


def action_label(action: str):
    """What an audit action says to a reader: "exemplar.recognise" -> "Recognise"."""
    move = MOVES.get(action.removeprefix("exemplar."))
    if move is not None and action.startswith("exemplar."):
        return move.label
    return OTHER_ACTION_LABELS.get(action, action)


def is_standing(user) -> bool:
    """May open the standing agency's pages (reviews, recording decisions, the fund)."""
    return has_role(user, *STANDING)


def history(exemplar: Exemplar):
    """The audit entries of this exemplar, newest first (kept forever)."""
    from django.contrib.contenttypes.models import ContentType

    from dienhinh.core.models import AuditEntry

    return AuditEntry.objects.filter(
        object_type=ContentType.objects.get_for_model(Exemplar), object_id=str(exemplar.pk)
    )
