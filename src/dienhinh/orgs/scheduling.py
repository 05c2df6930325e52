"""Restructurings dated in the future: applied on their date by the daily task (or the
`apply_restructuring` command), or cancelled with a reason before it. All audited."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import audit, dates
from dienhinh.core.actors import system
from dienhinh.orgs import domain
from dienhinh.orgs.enums import EventKind, EventStatus
from dienhinh.orgs.models import Organisation, OrganisationEvent

log = logging.getLogger(__name__)

ACTOR_NAME = "apply_restructuring"


def _target(event: OrganisationEvent) -> Organisation:
    """A move's or merge's target (recorded with every such event)."""
    assert event.target is not None
    return event.target


def _apply(event: OrganisationEvent, actor) -> None:
    common = {
        "actor": actor,
        "effective_on": event.effective_on,
        "decision": event.decision,
        "note": event.note,
        "_scheduled": event,
    }
    org = event.organisation
    if event.kind == EventKind.RENAME:
        domain.rename(org, new_name=event.new_name, **common)
    elif event.kind == EventKind.MOVE:
        domain.move(org, new_parent=_target(event), **common)
    elif event.kind == EventKind.MERGE:
        domain.merge(org, target=_target(event), **common)
    elif event.kind == EventKind.CLOSE:
        domain.close(org, **common)
    else:
        raise domain.OrgError(_("This change cannot be scheduled."))


def apply_due(today: datetime.date | None = None, actor=None) -> tuple[int, int]:
    """Apply every scheduled change whose date has come, oldest first; (applied, refused).

    Idempotent: an event is applied once (its status says so), so a second run the same day
    changes nothing. A change that can no longer be made (the unit was closed meanwhile, units
    are still under one to close) is cancelled with the reason, for the standing agency to see."""
    today = today or timezone.localdate()
    actor = actor or system(ACTOR_NAME)
    due = OrganisationEvent.objects.filter(
        status=EventStatus.SCHEDULED, effective_on__lte=today
    ).order_by("effective_on", "id")
    applied = refused = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            event = (
                # Only the event's row: the target is nullable (an outer join PostgreSQL
                # will not lock).
                OrganisationEvent.objects.select_for_update(of=("self",))
                .select_related("organisation", "target")
                .get(pk=pk)
            )
            if event.status != EventStatus.SCHEDULED:
                continue  # applied or cancelled by a run meanwhile
            try:
                with transaction.atomic():
                    _apply(event, actor)
            except domain.OrgError as exc:
                reason = _("Not applied on %(day)s: %(problem)s") % {
                    "day": dates.shown(today),
                    "problem": exc,
                }
                _cancel(event, actor, reason)
                log.warning("scheduled restructuring %s refused: %s", pk, exc)
                refused += 1
            else:
                applied += 1
    return applied, refused


def _cancel(event: OrganisationEvent, actor, reason: str) -> None:
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason
    event.save(update_fields=["status", "cancel_reason"])
    audit.record(
        "org.schedule_cancel",
        event.organisation,
        actor=actor,
        before={"status": EventStatus.SCHEDULED},
        after={
            "status": EventStatus.CANCELLED,
            "event": event.get_kind_display(),
            "effective_on": event.effective_on,
        },
        reason=reason,
    )


@transaction.atomic
def cancel_scheduled(event: OrganisationEvent, *, actor, reason: str) -> OrganisationEvent:
    """Cancel a scheduled change before its date, with a reason. Refused unless the actor may
    restructure the organisation (`permissions.may_restructure`)."""
    event = (
        OrganisationEvent.objects.select_for_update()
        .select_related("organisation")
        .get(pk=event.pk)
    )
    domain.check_may_restructure(actor, event.organisation)
    if event.status != EventStatus.SCHEDULED:
        raise domain.OrgError(_("Only a scheduled change can be cancelled."))
    if event.effective_on <= timezone.localdate():
        raise domain.OrgError(
            _("The change was due on %(day)s: it is applied, not cancelled.")
            % {"day": dates.shown(event.effective_on)}
        )
    reason = (reason or "").strip()
    if not reason:
        raise domain.OrgError(_("Give the reason for cancelling the scheduled change."))
    _cancel(event, actor, reason)
    return event
