"""Holds: a candidate under discipline, inspection or an unresolved complaint is not commended
until the standing agency clears the hold with a reason (Decree 152/2025/NĐ-CP, Art. 4).

A hold is never deleted: clearing it records who, when and why, so the history stays."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError
from dienhinh.honours.models import Hold
from dienhinh.registrations.models import Candidate


def active(candidate: Candidate) -> QuerySet[Hold]:
    return Hold.objects.filter(candidate=candidate, cleared_at__isnull=True)


@transaction.atomic
def place_hold(candidate: Candidate, *, actor: Any, kind: str, reason: str) -> Hold:
    """Flag `candidate`. Side effects: a Hold and the audit entry "hold.place" on the candidate."""
    if not permissions.may_place_hold(actor, candidate):
        raise NotVisible(str(candidate.pk))
    if kind not in Hold.Kind.values:
        raise HonoursError(
            _("Choose what the candidate is under: discipline, inspection or a complaint.")
        )
    if not (reason or "").strip():
        raise HonoursError(_("Please give a reason."))
    hold = Hold.objects.create(
        candidate=candidate, kind=kind, reason=reason.strip(), placed_by=actor
    )
    audit.record(
        "hold.place",
        candidate,
        actor=actor,
        after={"hold": hold.get_kind_display()},
        reason=hold.reason,
    )
    return hold


@transaction.atomic
def clear_hold(hold: Hold, *, actor: Any, reason: str) -> Hold:
    """Clear `hold`. Side effects: the hold's cleared fields and "hold.clear" on the candidate."""
    hold = (
        Hold.objects.select_for_update().select_related("candidate__organisation").get(pk=hold.pk)
    )
    if not permissions.may_place_hold(actor, hold.candidate):
        raise NotVisible(str(hold.pk))
    if not permissions.may_clear_hold(actor, hold):
        raise NotPermitted(_("Only the standing agency clears a hold."))
    if not hold.is_active:
        raise HonoursError(_("This hold has already been cleared."))
    if not (reason or "").strip():
        raise HonoursError(_("Please give a reason."))
    hold.cleared_by, hold.cleared_at = actor, timezone.now()
    hold.clear_reason = reason.strip()
    hold.save(update_fields=["cleared_by", "cleared_at", "clear_reason"])
    audit.record(
        "hold.clear",
        hold.candidate,
        actor=actor,
        before={"hold": hold.get_kind_display()},
        after={"hold": None},
        reason=hold.clear_reason,
    )
    return hold
