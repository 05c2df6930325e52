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

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit, dates, events
from dienhinh.core.actors import Actor
from dienhinh.core.errors import require
from dienhinh.core.transitions import Machine, Move, history
from dienhinh.honours.domain import HonoursError
from dienhinh.orgs import roles
from dienhinh.orgs.queries import covers
from dienhinh.registrations.enums import ExemplarState as S
from dienhinh.registrations.models import Exemplar

if TYPE_CHECKING:  # honours.models is loaded after this module
    from dienhinh.honours.models import Decision

LIVE = (S.NURTURING, S.RECOGNISED, S.SELECTED, S.COMMENDED, S.REPLICATED, S.PUBLISHED)
ENDED = (S.WITHDRAWN, S.REJECTED)


class LifecycleError(HonoursError):
    pass


# "standing": the standing agency covering the exemplar's organisation (administrators
# included); "unit": the exemplar's own unit (officer or head).
LIFECYCLE = Machine(
    Exemplar,
    field="state",
    prefix="exemplar",
    moves=[
        Move(
            "recognise",
            (S.NURTURING,),
            S.RECOGNISED,
            roles.STANDING,
            gettext_lazy("Recognise"),
        ),
        Move("select", (S.RECOGNISED,), S.SELECTED, roles.STANDING, gettext_lazy("Select")),
        # A recorded decision commends; no one presses it.
        Move(
            "commend",
            (S.RECOGNISED, S.SELECTED),
            S.COMMENDED,
            roles.STANDING,
            gettext_lazy("Commend"),
            offered=False,
        ),
        Move(
            "replicate",
            (S.COMMENDED, S.PUBLISHED),
            S.REPLICATED,
            roles.STANDING,
            gettext_lazy("Mark replicated"),
        ),
        Move(
            "publish",
            (S.COMMENDED, S.REPLICATED),
            S.PUBLISHED,
            roles.STANDING,
            gettext_lazy("Mark published"),
        ),
        Move(
            "withdraw",
            LIVE,
            S.WITHDRAWN,
            roles.STANDING + roles.UNIT,
            gettext_lazy("Withdraw"),
            needs_reason=True,
        ),
        Move(
            "reject",
            (S.NURTURING, S.RECOGNISED, S.SELECTED),
            S.REJECTED,
            roles.STANDING,
            gettext_lazy("Reject"),
            needs_reason=True,
        ),
    ],
    covers=lambda user, exemplar, group: covers(user, exemplar.organisation, group),
    sees=lambda user, exemplar: covers(user, exemplar.organisation, roles.RECORD_KEEPERS),
    error=LifecycleError,
    # Words for the other audit actions the honours app writes about an exemplar and its
    # program (shown on the exemplar's timeline).
    labels={
        "exemplar.revert_commendation": gettext_lazy("Revert the commendation"),
        "exemplar.replication": gettext_lazy("Replication"),
        "exemplar.learning": gettext_lazy("Learning visit recorded"),
        "exemplar.follow_up": gettext_lazy("Add a follow-up"),
        "honour.revoke": gettext_lazy("Revoke the honour"),
        "review.create": gettext_lazy("Create the rounds from the milestones"),
        "review.shortlist": gettext_lazy("Add to the shortlist"),
        "review.send": gettext_lazy("Send the typical exemplars up"),
        "decision.record": gettext_lazy("Record a decision"),
        "hold.place": gettext_lazy("Flag: under discipline, inspection or complaint"),
        "hold.clear": gettext_lazy("Clear the flag"),
        "spending.add": gettext_lazy("Record spending"),
        "vote.session_create": gettext_lazy("New vote session"),
        "vote.written_opinion": gettext_lazy("Written opinion of an absent member"),
        "vote.session_close": gettext_lazy("Close the vote"),
        "vote.participate": gettext_lazy("Took part in the vote"),
        "vote.candidates_add": gettext_lazy("Put exemplars to the vote"),
        "vote.paper_count": gettext_lazy("Counting committee's totals entered"),
        "vote.attendance": gettext_lazy("Attendance roll of the meeting"),
        "vote.paper_count_correct": gettext_lazy("Paper ballot's totals corrected"),
        # Written by the registrations app when an accepted registration makes the exemplar.
        "exemplar.create": gettext_lazy("Accepted"),
    },
)
# Moves confirmed on a page of their own (a date and a note) before they are made.
CONFIRMED = {"recognise"}


def transition(
    exemplar: Exemplar, action: str, *, actor: Actor, reason: str = "", **details: Any
) -> Exemplar:
    """Move `exemplar` by `action` on behalf of `actor`.

    Side effects: locks the row (select_for_update), saves the new state and version, writes an
    audit entry "exemplar.<action>" with the state before and after, `reason` and `details`, and
    updates the caller's instance; the domain event "exemplar.moved" (after commit). Raises NotVisible when `actor` cannot see the exemplar,
    NotPermitted when they see it but do not make the move, LifecycleError when the move is not
    in the table, not allowed from the current state, or lacks a required reason.
    """
    move = LIFECYCLE.move(action)
    reason = (reason or "").strip()
    if problem := dates.problem(details.get("recognised_on"), _("The recognition date")):
        raise LifecycleError(problem)
    with transaction.atomic():
        locked = (
            Exemplar.objects.select_for_update()
            .select_related("organisation", "candidate")
            .get(pk=exemplar.pk)
        )
        LIFECYCLE.check(actor, locked, move, reason=reason)
        before = {"state": locked.state}
        locked.state = move.target
        locked.version += 1
        locked.save(update_fields=["state", "version", "updated_at"])
        audit.record(
            LIFECYCLE.action(move),
            locked,
            actor=actor,
            before=before,
            after={"state": locked.state, **details},
            reason=reason,
        )
        events.emit("exemplar.moved", exemplar=locked.pk, action=move.name, reason=reason)
    exemplar.state, exemplar.version = locked.state, locked.version
    return exemplar


COMMENDED = (S.COMMENDED, S.REPLICATED, S.PUBLISHED)


def state_before_commendation(exemplar: Exemplar) -> str:
    """Recognised or selected: the state the latest "commend" move started from."""
    entry = history(exemplar).filter(action="exemplar.commend").order_by("-at", "-id").first()
    before = (entry.changes.get("state") or [None])[0] if entry else None
    return before if before in (S.RECOGNISED, S.SELECTED) else S.SELECTED


def revert_commendation(
    exemplar: Exemplar, *, actor: Actor, reason: str, decision: "Decision"
) -> Exemplar:
    """Undo the commendation after the exemplar's last honour in force was revoked.

    Side effects: locks the row, sets the state from `state_before_commendation`, bumps the
    version and writes "exemplar.revert_commendation" with the revoked decision's number. Does
    nothing when the exemplar is not in a commended state. Called by decisions.revoke_honour;
    refused (as `permissions.may_oversee_exemplar`, which imports this module) unless the
    standing agency covering the exemplar acts."""
    with transaction.atomic():
        locked = (
            Exemplar.objects.select_for_update().select_related("organisation").get(pk=exemplar.pk)
        )
        require(
            covers(actor, locked.organisation, roles.STANDING),
            visible=covers(actor, locked.organisation, roles.RECORD_KEEPERS),
            message=_("You may not make this change."),
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
