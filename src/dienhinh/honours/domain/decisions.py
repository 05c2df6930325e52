"""Commendation decisions: recording commends the exemplars; revocation hides, never deletes.

A decision honours only exemplars that are recognised or selected (or already commended: a
further honour), that the council did not vote down in its latest closed session, and one
decision number of one authority on one day is recorded once. Revoking an exemplar's last honour
in force undoes the commendation (lifecycle.revert_commendation).

Also the emulation–commendation fund's spending and its totals per program and year.
"""

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.errors import require
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError, counting, lifecycle
from dienhinh.honours.models import Decision, Honour, Spending
from dienhinh.registrations.enums import ExemplarState as S
from dienhinh.registrations.models import Exemplar

# An honour confirms these states; from recognised or selected the decision commends.
ALREADY_COMMENDED = (S.COMMENDED, S.REPLICATED, S.PUBLISHED)
DECISION_FIELDS = ["number", "date", "authority", "form", "level", "amount"]


def existing_decision(number: str, authority: str, date) -> Decision | None:
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


def check_commendable(exemplar: Exemplar) -> None:
    """Raise HonoursError when a decision may not honour `exemplar` in its current state."""
    if exemplar.state not in (S.RECOGNISED, S.SELECTED, *ALREADY_COMMENDED):
        raise HonoursError(
            _("%(name)s cannot be commended while it is %(state)s.")
            % {"name": exemplar, "state": exemplar.get_state_display()}
        )
    verdict = counting.latest_verdict(exemplar)
    if verdict is not None and not verdict[1]:
        raise HonoursError(
            _("%(name)s was not passed by the council in “%(session)s” and cannot be commended.")
            % {"name": exemplar, "session": verdict[0].title}
        )


@transaction.atomic
def record_decision(*, actor, program, exemplars, **fields) -> Decision:
    """Record a decision honouring `exemplars`; each one recognised or selected becomes commended.

    Side effects: a Decision, one Honour per exemplar, the lifecycle move "commend" (audited on
    the exemplar) and an audit entry "decision.record"."""
    pks = [e.pk for e in exemplars]
    if not pks:
        raise HonoursError(_("A decision honours at least one exemplar."))
    # Locked and read afresh: the state checked is the state commended.
    exemplars = list(
        Exemplar.objects.select_for_update()
        .select_related("organisation", "candidate")
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
    for exemplar in exemplars:
        if exemplar.program_id != program.pk:
            raise HonoursError(_("Every exemplar must belong to the decision's program."))
        check_commendable(exemplar)
    decision = Decision.objects.create(program=program, recorded_by=actor, **fields)
    for exemplar in exemplars:
        Honour.objects.create(decision=decision, exemplar=exemplar)
        if exemplar.state not in ALREADY_COMMENDED:
            lifecycle.transition(exemplar, "commend", actor=actor, decision=decision.number)
    audit.record(
        "decision.record",
        decision,
        actor=actor,
        after={**audit.snapshot(decision, DECISION_FIELDS), "exemplars": exemplars},
    )
    return decision


@transaction.atomic
def revoke_honour(honour: Honour, *, actor, reason: str) -> Honour:
    """Revoke one honour (false dossier, later violation): it leaves every list and the portal
    (which read `is_revoked`) but the row and its history stay.

    Side effects: an audit entry "honour.revoke" on the exemplar; when no other honour of the
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
    if not honour.exemplar.honours.current().exists():
        lifecycle.revert_commendation(
            honour.exemplar, actor=actor, reason=honour.revoke_reason, decision=honour.decision
        )
    return honour


@transaction.atomic
def add_spending(*, actor, program, **fields) -> Spending:
    require(
        permissions.may_fund(actor, program),
        visible=True,  # programs in force are open to every signed-in user
        message=_("You may not make this change."),
    )
    spending = Spending.objects.create(program=program, **fields)
    audit.record(
        "spending.add",
        spending,
        actor=actor,
        after=audit.snapshot(spending, ["date", "purpose", "amount", "description"]),
    )
    return spending


def spending_totals(qs):
    """Totals per program and year: [{program__number, year, total, count}]."""
    return (
        qs.annotate(year=ExtractYear("date"))
        .values("program__code", "program__number", "year")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("program__code", "year")
    )
