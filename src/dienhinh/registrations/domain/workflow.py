"""The registration workflow: one `transition()` with a table of the allowed moves and who makes them.

    draft ──request_approval──▶ awaiting_approval ──approve──▶ submitted ──accept──▶ accepted
      ▲  ◀──────send_back────────┘                             │
      │                                                         └──return──▶ returned
      └───────────── (edited like a draft, then request_approval again) ◀───┘
    withdraw: from any state before acceptance.

An accepted registration turns each entry into an Exemplar in state "nurturing".
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit
from dienhinh.core.transitions import Machine, Move
from dienhinh.orgs import roles
from dienhinh.orgs.queries import covers
from dienhinh.registrations.domain import Conflict, DomainError
from dienhinh.registrations.enums import EntryStatus, ExemplarState
from dienhinh.registrations.enums import RegistrationStatus as S
from dienhinh.registrations.models import Entry, Exemplar, Registration
from dienhinh.registrations.tasks import notify_returned


class TransitionError(DomainError):
    """A move that is not allowed in this state, by this user, or without its reason."""


WORKFLOW = Machine(
    Registration,
    field="status",
    prefix="registration",
    moves=[
        Move(
            "request_approval",
            (S.DRAFT, S.RETURNED),
            S.AWAITING_APPROVAL,
            roles.OFFICERS,
            gettext_lazy("Ask the head to approve"),
        ),
        Move(
            "send_back",
            (S.AWAITING_APPROVAL,),
            S.DRAFT,
            roles.HEADS,
            gettext_lazy("Send back to the officer"),
            needs_reason=True,
        ),
        Move(
            "approve",
            (S.AWAITING_APPROVAL,),
            S.SUBMITTED,
            roles.HEADS,
            gettext_lazy("Approve and submit"),
        ),
        Move(
            "accept",
            (S.SUBMITTED,),
            S.ACCEPTED,
            roles.RECEIVERS,
            gettext_lazy("Accept"),
        ),
        Move(
            "return",
            (S.SUBMITTED,),
            S.RETURNED,
            roles.RECEIVERS,
            gettext_lazy("Return for corrections"),
            needs_reason=True,
        ),
        Move(
            "withdraw",
            (S.DRAFT, S.AWAITING_APPROVAL, S.SUBMITTED, S.RETURNED),
            S.WITHDRAWN,
            roles.UNIT,
            gettext_lazy("Withdraw"),
            needs_reason=True,
        ),
    ],
    covers=lambda user, registration, group: covers(user, registration.organisation, group),
    error=TransitionError,
    # Words for the other audit actions on a registration.
    labels={
        "registration.create": gettext_lazy("New registration"),
        "registration.update": gettext_lazy("Save the registration"),
    },
)

STATE_FIELDS = ["status", "return_reason", "approved_by", "submitted_at", "decided_at"]


@transaction.atomic
def transition(
    registration: Registration,
    action: str,
    *,
    actor,
    reason: str = "",
    entry_reasons: dict[int, str] | None = None,
    version: int | None = None,
) -> Registration:
    """Make `action` on the registration, or raise TransitionError / Conflict and change nothing.

    Checks: the move exists, the state allows it, the actor holds one of its roles over the
    registering unit, a reason is given where one is needed (for "return", a general reason or
    one per entry), and `version` (when given) is still current.
    Side effects: status and version saved; the head's approval cleared on "send_back",
    "return" and "request_approval"; audit entry "registration.<action>" with the
    before/after state and the reason; on "return" the entries named in `entry_reasons` are
    marked returned and the unit's officers are e-mailed (after commit); on "accept" every entry
    becomes an Exemplar in state "nurturing" (audited as "exemplar.create"); on
    "request_approval" earlier return marks are cleared.
    """
    move = WORKFLOW.move(action)
    current = (
        Registration.objects.select_for_update()
        .select_related("organisation", "program")
        .get(pk=registration.pk)
    )
    if version is not None and current.version != version:
        raise Conflict(
            _("Someone else changed this registration meanwhile; reload the page and try again.")
        )
    reason = (reason or "").strip()
    entry_reasons = {int(k): v.strip() for k, v in (entry_reasons or {}).items() if v.strip()}
    # "return" may give its reasons per entry instead of one for all.
    WORKFLOW.check(
        actor, current, move, reason=reason or (action == "return" and bool(entry_reasons))
    )
    entries = list(current.entries.select_related("candidate"))
    if entry_reasons and not {e.pk for e in entries} >= set(entry_reasons):
        raise TransitionError(
            _("A reason was given for an entry that is not in this registration.")
        )
    if action in ("request_approval", "approve") and not entries:
        raise TransitionError(_("The registration has no candidates yet: add at least one."))

    before = audit.snapshot(current, STATE_FIELDS)
    now = timezone.now()
    current.status = move.target
    if action == "send_back":
        current.approved_by = None
    elif action == "request_approval":
        current.approved_by = None
        current.return_reason = ""
        Entry.objects.filter(registration=current).update(
            status=EntryStatus.INCLUDED, return_reason=""
        )
    elif action == "approve":
        current.approved_by = actor
        current.submitted_at = now
    elif action == "return":
        current.return_reason = reason
        current.approved_by = None
        current.decided_at = now
        for entry in entries:
            if entry.pk in entry_reasons:
                entry.status = EntryStatus.RETURNED
                entry.return_reason = entry_reasons[entry.pk]
                entry.save(update_fields=["status", "return_reason"])
    elif action == "accept":
        current.decided_at = now
        _accept_entries(current, entries, actor)
    current.version += 1
    current.save()
    after = audit.snapshot(current, STATE_FIELDS)
    if entry_reasons:
        after["entry_reasons"] = {
            str(e.candidate): entry_reasons[e.pk] for e in entries if e.pk in entry_reasons
        }
    audit.record(
        WORKFLOW.action(move), current, actor=actor, before=before, after=after, reason=reason
    )
    if action == "return":
        registration_id = current.pk
        transaction.on_commit(lambda: notify_returned.enqueue(registration_id))
    registration.status, registration.version = current.status, current.version
    return current


def _accept_entries(registration: Registration, entries: list[Entry], actor) -> None:
    for entry in entries:
        entry.status = EntryStatus.ACCEPTED
        entry.return_reason = ""
        entry.save(update_fields=["status", "return_reason"])
        exemplar, created = Exemplar.objects.get_or_create(
            entry=entry,
            defaults={
                "candidate": entry.candidate,
                "program": registration.program,
                "organisation": registration.organisation,
                "year": registration.year,
                "state": ExemplarState.NURTURING,
            },
        )
        if created:
            audit.record(
                "exemplar.create",
                exemplar,
                actor=actor,
                after={"state": exemplar.state, "registration": registration.pk},
            )
