"""Commendation decisions: recording commends the exemplars; revocation hides, never deletes.

Also the emulation–commendation fund's spending and its totals per program and year.
"""

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.honours.domain import HonoursError, lifecycle
from dienhinh.honours.models import Decision, Honour, Spending
from dienhinh.orgs.queries import covers
from dienhinh.registrations.enums import ExemplarState as S

# An honour confirms these states; from recognised or selected the decision commends.
ALREADY_COMMENDED = (S.COMMENDED, S.REPLICATED, S.PUBLISHED)
DECISION_FIELDS = ["number", "date", "authority", "form", "level", "amount"]


@transaction.atomic
def record_decision(*, actor, program, exemplars, **fields) -> Decision:
    """Record a decision honouring `exemplars`; each one recognised or selected becomes commended.

    Side effects: a Decision, one Honour per exemplar, the lifecycle move "commend" (audited on
    the exemplar) and an audit entry "decision.record"."""
    exemplars = list(exemplars)
    if not exemplars:
        raise HonoursError(_("A decision honours at least one exemplar."))
    for exemplar in exemplars:
        if exemplar.program_id != program.pk:
            raise HonoursError(_("Every exemplar must belong to the decision's program."))
        if not covers(actor, exemplar.organisation, lifecycle.STANDING):
            raise HonoursError(_("You may not make this change."))
        if exemplar.state not in (S.RECOGNISED, S.SELECTED, *ALREADY_COMMENDED):
            raise HonoursError(
                _("%(name)s cannot be commended while it is %(state)s.")
                % {"name": exemplar, "state": exemplar.get_state_display()}
            )
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
    (which read `is_revoked`) but the row and its history stay."""
    honour = (
        Honour.objects.select_for_update()
        .select_related("exemplar__organisation", "decision")
        .get(pk=honour.pk)
    )
    if honour.is_revoked:
        raise HonoursError(_("This honour has already been revoked."))
    if not covers(actor, honour.exemplar.organisation, lifecycle.STANDING):
        raise HonoursError(_("You may not make this change."))
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
    return honour


@transaction.atomic
def add_spending(*, actor, program, **fields) -> Spending:
    if not covers(actor, program.organisation, lifecycle.STANDING) and not (
        program.standing_agency and covers(actor, program.standing_agency, lifecycle.STANDING)
    ):
        raise HonoursError(_("You may not make this change."))
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
