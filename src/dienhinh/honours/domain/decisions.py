"""Commendation decisions: recording commends the exemplars; revocation hides, never deletes.

A decision honours only through the chain (`check_commendable`): an exemplar recognised or
selected (or already commended: a further honour), selected by its latest closed vote that met
its quorum and threshold, eligible, with no vote on it open and no hold in force; where the
program allows a direct commendation a standing officer may override the vote and eligibility
with a reason, kept on the decision, its honours and the audit. One decision number of one
authority on one day is recorded once; its date is not in the future. Revoking an exemplar's last honour
in force undoes the commendation (lifecycle.revert_commendation).

Also the emulation–commendation fund's spending and its totals per program and year.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dienhinh.core import audit, dates, events
from dienhinh.core.actors import Actor, user_of
from dienhinh.core.errors import NotPermitted, require
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError, counting, holds, lifecycle
from dienhinh.honours.enums import SessionStatus
from dienhinh.honours.models import Decision, Honour, Spending, VoteSession
from dienhinh.programs.eligibility.engine import VERDICT_FAIL
from dienhinh.programs.models import Program
from dienhinh.registrations.domain.facts import evaluate_candidate
from dienhinh.registrations.enums import ExemplarState as S
from dienhinh.registrations.models import Exemplar

# An honour confirms these states; from recognised or selected the decision commends.
ALREADY_COMMENDED = (S.COMMENDED, S.REPLICATED, S.PUBLISHED)
DECISION_FIELDS = ["number", "date", "authority", "form", "level", "amount"]


def existing_decision(number: str, authority: str, date: datetime.date) -> Decision | None:
    """The decision already recorded with this number, issuing authority and date, if any.

    Compared without case or surrounding spaces in Python: SQLite folds only ASCII letters,
    and "QĐ" is typed "qđ" as often as not. A day holds few decisions."""

    def key(*parts: str) -> tuple[str, ...]:
        return tuple(" ".join(p.split()).casefold() for p in parts)

    wanted = key(number, authority)
    for decision in Decision.objects.filter(date=date).order_by("id"):
        if key(decision.number, decision.authority) == wanted:
            return decision
    return None


def duplicate_message(existing: Decision) -> str:
    return _("Decision %(decision)s of %(authority)s is already recorded.") % {
        "decision": existing,
        "authority": existing.authority,
    }


NO_VOTE, INELIGIBLE = "no_vote", "ineligible"


def open_session_of(exemplar: Exemplar) -> VoteSession | None:
    """The open vote session the exemplar is put to, if any."""
    return (
        VoteSession.objects.filter(status=SessionStatus.OPEN, candidates__exemplar=exemplar)
        .order_by("date", "id")
        .first()
    )


def check_commendable(exemplar: Exemplar, *, override: bool = False) -> list[str]:
    """Raise HonoursError when a decision may not honour `exemplar`; else the grounds an
    override must cover ("no_vote": no closed vote selected it; "ineligible": its eligibility
    verdict is "fail"), empty when the chain holds.

    The chain: recognised or selected (or already commended: a further honour); no vote on it
    open; no hold (discipline, inspection, complaint) in force; selected by its latest closed
    vote, which met its quorum and threshold; eligible. The last two may be overridden when the
    program allows a direct commendation and `override` is asked for."""
    name = str(exemplar)
    if exemplar.state not in (S.RECOGNISED, S.SELECTED, *ALREADY_COMMENDED):
        raise HonoursError(
            _("%(name)s cannot be commended while it is %(state)s.")
            % {"name": name, "state": exemplar.get_state_display()}
        )
    session = open_session_of(exemplar)
    if session is not None:
        raise HonoursError(
            _(
                "%(name)s is being voted on in “%(session)s”, which is still open: no decision "
                "until the vote is closed."
            )
            % {"name": name, "session": session.title}
        )
    hold = holds.active(exemplar.candidate).first()
    if hold is not None:
        raise HonoursError(
            _(
                "%(name)s cannot be commended: %(hold)s (since %(day)s). The standing agency "
                "must clear it first (Decree 152/2025/NĐ-CP, Art. 4)."
            )
            % {
                "name": name,
                "hold": hold.get_kind_display().lower(),
                "day": dates.shown(timezone.localdate(hold.placed_at)),
            }
        )
    grounds = []
    verdict = counting.latest_verdict(exemplar)
    if verdict is not None and not verdict[1]:
        raise HonoursError(
            _("%(name)s was not passed by the council in “%(session)s” and cannot be commended.")
            % {"name": name, "session": verdict[0].title}
        )
    if verdict is None:
        grounds.append(NO_VOTE)
    if evaluate_candidate(exemplar.candidate).verdict == VERDICT_FAIL:
        grounds.append(INELIGIBLE)
    if grounds and not exemplar.program.direct_commendation:
        raise HonoursError(_grounds_message(name, grounds, allowed=False))
    if grounds and not override:
        raise HonoursError(_grounds_message(name, grounds, allowed=True))
    return grounds


def _grounds_message(name: str, grounds: list[str], *, allowed: bool) -> str:
    why = []
    if NO_VOTE in grounds:
        why.append(_("no closed council vote selected it"))
    if INELIGIBLE in grounds:
        why.append(_("its eligibility verdict is “Not eligible”"))
    text = _("%(name)s cannot be commended: %(why)s.") % {"name": name, "why": "; ".join(why)}
    if allowed:
        return (
            text
            + " "
            + _(
                "The program allows a direct commendation: a standing officer may record it as an "
                "override with a reason."
            )
        )
    return text + " " + _("The program does not allow a direct commendation.")


@transaction.atomic
def record_decision(
    *,
    actor: Actor,
    program: Program,
    exemplars: Iterable[Exemplar],
    override_reason: str = "",
    **fields: Any,
) -> Decision:
    """Record a decision honouring `exemplars`; each one recognised or selected becomes commended.

    An exemplar outside the chain (`check_commendable`) is honoured only with `override_reason`,
    given by a standing officer, where the program allows a direct commendation; the honour
    names the grounds overridden. Side effects: a Decision, one Honour per exemplar, the
    lifecycle move "commend" (audited on the exemplar), an audit entry "decision.record"
    (with the override's reason) and the event "decision.recorded" (the units are notified)."""
    pks = [e.pk for e in exemplars]
    if not pks:
        raise HonoursError(_("A decision honours at least one exemplar."))
    override_reason = (override_reason or "").strip()
    problem = dates.problem(fields.get("date"), _("The decision date"), start=program.issued_on)
    if problem:
        raise HonoursError(problem)
    # Locked and read afresh: the state checked is the state commended.
    exemplars = list(
        # Only the exemplars' rows are locked (the candidate's field may be empty: an outer join).
        Exemplar.objects.select_for_update(of=("self",))
        .select_related("organisation", "candidate__program", "candidate__field", "program")
        .filter(pk__in=pks)
        .order_by("pk")
    )
    for exemplar in exemplars:
        require(
            permissions.may_record_decision(actor, exemplar),
            visible=permissions.may_read_exemplar(actor, exemplar),
            message=_("You may not make this change."),
        )
    existing = existing_decision(fields["number"], fields["authority"], fields["date"])
    if existing is not None:
        raise HonoursError(duplicate_message(existing))
    grounds = {}
    for exemplar in exemplars:
        if exemplar.program_id != program.pk:
            raise HonoursError(_("Every exemplar must belong to the decision's program."))
        grounds[exemplar.pk] = check_commendable(exemplar, override=bool(override_reason))
        if grounds[exemplar.pk] and not permissions.may_override_chain(actor, exemplar):
            raise NotPermitted(
                _("Only a standing officer may commend %(name)s outside the council's vote.")
                % {"name": exemplar}
            )
    overridden = [e for e in exemplars if grounds[e.pk]]
    decision = Decision.objects.create(
        program=program,
        recorded_by=user_of(actor),
        override_reason=override_reason if overridden else "",
        **fields,
    )
    for exemplar in exemplars:
        Honour.objects.create(
            decision=decision, exemplar=exemplar, override_grounds=grounds[exemplar.pk]
        )
        if exemplar.state not in ALREADY_COMMENDED:
            lifecycle.transition(exemplar, "commend", actor=actor, decision=decision.number)
    after = {**audit.snapshot(decision, DECISION_FIELDS), "exemplars": exemplars}
    if overridden:
        after["overridden"] = overridden
    audit.record(
        "decision.record",
        decision,
        actor=actor,
        after=after,
        reason=decision.override_reason,
    )
    events.emit("decision.recorded", decision=decision.pk)
    return decision


@transaction.atomic
def revoke_honour(honour: Honour, *, actor: Actor, reason: str) -> Honour:
    """Revoke one honour (false dossier, later violation): it leaves every list and the portal
    (which read `is_revoked`) but the row and its history stay.

    Side effects: an audit entry "honour.revoke" on the exemplar, the domain event
    "honour.revoked" (after commit); when no other honour of the
    exemplar is in force, lifecycle.revert_commendation moves it back (audited too)."""
    honour = (
        Honour.objects.select_for_update()
        .select_related("exemplar__organisation", "decision")
        .get(pk=honour.pk)
    )
    if honour.is_revoked:
        raise HonoursError(_("This honour has already been revoked."))
    require(
        permissions.may_revoke_honour(actor, honour),
        visible=permissions.may_read_exemplar(actor, honour.exemplar),
        message=_("You may not make this change."),
    )
    if not reason.strip():
        raise HonoursError(_("Please give a reason."))
    honour.is_revoked = True
    honour.revoked_on = timezone.localdate()
    honour.revoke_reason = reason.strip()
    honour.save(update_fields=["is_revoked", "revoked_on", "revoke_reason"])
    audit.record(
        "honour.revoke",
        honour.exemplar,
        actor=actor,
        before={"decision": honour.decision.number, "is_revoked": False},
        after={"decision": honour.decision.number, "is_revoked": True},
        reason=honour.revoke_reason,
    )
    events.emit("honour.revoked", honour=honour.pk, reason=honour.revoke_reason)
    if not honour.exemplar.honours.current().exists():
        lifecycle.revert_commendation(
            honour.exemplar, actor=actor, reason=honour.revoke_reason, decision=honour.decision
        )
    return honour


@transaction.atomic
def add_spending(
    *, actor: Actor, program: Program, repeat_reason: str = "", **fields: Any
) -> Spending:
    """Record spending from the fund. Its date is not in the future nor before the program's
    period; spending linked to a decision stays within the decision's amount (per honour in
    force, times the honours), and paying a decision already paid needs `repeat_reason`.

    Side effects: the Spending and the audit entry "spending.add"."""
    require(
        permissions.may_fund(actor, program),
        visible=True,  # programs in force are open to every signed-in user
        message=_("You may not make this change."),
    )
    problem = dates.problem(fields.get("date"), _("The spending date"), start=program.period_start)
    if problem:
        raise HonoursError(problem)
    repeat_reason = (repeat_reason or "").strip()
    decision = fields.get("decision")
    if decision is not None:
        # Locked: two payments of one decision at once are checked one after the other.
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        fields["decision"] = decision
        if decision.program_id != program.pk:
            raise HonoursError(_("The decision belongs to another program."))
        paid = decision.spendings.aggregate(total=Sum("amount"))["total"] or 0
        ceiling = decision.amount * decision.honours.current().count()
        if paid + fields["amount"] > ceiling:
            raise HonoursError(
                _(
                    "Decision %(decision)s grants %(ceiling)s VND in all; %(paid)s VND is already "
                    "paid, so at most %(left)s VND may still be spent on it."
                )
                % {
                    "decision": decision,
                    "ceiling": number_format(ceiling, force_grouping=True),
                    "paid": number_format(paid, force_grouping=True),
                    "left": number_format(max(ceiling - paid, 0), force_grouping=True),
                }
            )
        if paid and not repeat_reason:
            raise HonoursError(
                _(
                    "Decision %(decision)s has already been paid (%(paid)s VND). To pay it again "
                    "give the reason (a second instalment, a correction)."
                )
                % {"decision": decision, "paid": number_format(paid, force_grouping=True)}
            )
    spending = Spending.objects.create(
        program=program, repeat_reason=repeat_reason if decision and repeat_reason else "", **fields
    )
    audit.record(
        "spending.add",
        spending,
        actor=actor,
        after=audit.snapshot(spending, ["date", "purpose", "amount", "description", "decision"]),
        reason=spending.repeat_reason,
    )
    return spending


def spending_totals(qs: QuerySet[Spending]) -> Iterable[Mapping[str, object]]:
    """Totals per program and year: [{program__number, year, total, count}]."""
    return (
        qs.annotate(year=ExtractYear("date"))
        .values("program__code", "program__number", "year")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("program__code", "year")
    )
