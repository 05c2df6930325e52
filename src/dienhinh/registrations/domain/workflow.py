"""The registration workflow: one `transition()` with a table of the allowed moves and who makes them.

    draft ──request_approval──▶ awaiting_approval ──approve──▶ submitted ──accept──▶ accepted
      ▲  ◀──────send_back────────┘                             │  │
      │                                                         │  └─accept_part─▶ partly_accepted
      │                                                         └──return──▶ returned
      └──── (edited like a draft, then request_approval again) ◀── returned, partly_accepted
    withdraw: from any state before a decision on some entry.

The standing agency decides per entry: "accept" with a reason against some entries accepts the
others and returns those (the move "accept_part", each reason kept on its entry); the unit then
corrects and sends only the returned entries again. Each accepted entry becomes an Exemplar in
state "nurturing". At submission ("approve") each entry still to decide has its dossier frozen
(`domain.dossiers`).
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit, events
from dienhinh.core.transitions import Machine, Move
from dienhinh.orgs import roles
from dienhinh.orgs.queries import covers
from dienhinh.registrations.domain import Conflict, DomainError, dossiers, quota_counts
from dienhinh.registrations.enums import EntryStatus, ExemplarState
from dienhinh.registrations.enums import RegistrationStatus as S
from dienhinh.registrations.models import DossierKind, Entry, Exemplar, Registration


class TransitionError(DomainError):
    """A move that is not allowed in this state, by this user, or without its reason."""


WORKFLOW = Machine(
    Registration,
    field="status",
    prefix="registration",
    moves=[
        Move(
            "request_approval",
            (S.DRAFT, S.RETURNED, S.PARTLY_ACCEPTED),
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
        # "accept" with reasons against some entries: those are returned, the others accepted.
        Move(
            "accept_part",
            (S.SUBMITTED,),
            S.PARTLY_ACCEPTED,
            roles.RECEIVERS,
            gettext_lazy("Accept in part, return the entries with a reason"),
            needs_reason=True,
            offered=False,
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
    sees=lambda user, registration: covers(user, registration.organisation, roles.RECORD_KEEPERS),
    error=TransitionError,
    # Words for the other audit actions on a registration.
    labels={
        "registration.create": gettext_lazy("New registration"),
        "registration.update": gettext_lazy("Save the registration"),
    },
)

STATE_FIELDS = ["status", "return_reason", "approved_by", "submitted_at", "decided_at"]

# Conditions another app sets on the head's approval: each takes the registration and returns
# what is missing ("" when nothing). The documents app adds the signed form a program may
# require (`Program.approval_requires_signed_form`), which it keeps; this app imports none.
APPROVAL_CHECKS: list[Callable[[Registration], str]] = []


@transaction.atomic
@quota_counts.batched()
def transition(
    registration: Registration,
    action: str,
    *,
    actor: Any,
    reason: str = "",
    entry_reasons: dict[int, str] | None = None,
    version: int | None = None,
) -> Registration:
    """Make `action` on the registration, or raise TransitionError / Conflict and change nothing.

    Checks: the move exists, the actor sees the registration (else NotVisible, before anything
    else), the state allows it, the actor holds one of its roles over the registering unit
    (else NotPermitted), a reason is given where one is needed (for "return", a general reason or
    one per entry), and `version` (when given) is still current. Entries already accepted are
    never decided again: reasons may name only the entries still to decide ("pending").
    Side effects: status and version saved; the head's approval cleared on "send_back",
    "return" and "request_approval"; audit entry "registration.<action>" with the
    before/after state, the reason and the reasons per entry;
    - "accept" with reasons against some pending entries becomes "accept_part": those entries
      are returned with their reasons, the other pending ones accepted;
    - on "accept"/"accept_part" each accepted entry becomes an Exemplar in state "nurturing"
      (audited as "exemplar.create");
    - on "return"/"accept_part" the entries named in `entry_reasons` are marked returned;
    - the event "registration.moved" (after commit: the head is asked to approve, the standing
      agency told of a submission, the unit of the decision on each entry; `notifications`);
    - on "approve" the dossier of each pending entry is frozen (`dossiers.freeze`);
    - on "request_approval" earlier return marks of pending entries are cleared.
    """
    move = WORKFLOW.move(action)
    current = (
        Registration.objects.select_for_update()
        .select_related("organisation", "program")
        .get(pk=registration.pk)
    )
    WORKFLOW.check_visible(actor, current, move)  # an outsider learns nothing of its state
    if version is not None and current.version != version:
        raise Conflict(
            _("Someone else changed this registration meanwhile; reload the page and try again.")
        )
    reason = (reason or "").strip()
    entry_reasons = {int(k): v.strip() for k, v in (entry_reasons or {}).items() if v.strip()}
    entries = list(current.entries.select_related("candidate"))
    pending = [e for e in entries if e.status != EntryStatus.ACCEPTED]
    if entry_reasons and not {e.pk for e in pending} >= set(entry_reasons):
        raise TransitionError(
            _(
                "A reason was given for an entry that is not waiting for a decision in this "
                "registration."
            )
        )
    returned = [e for e in pending if e.pk in entry_reasons]
    if action == "accept" and returned:
        if len(returned) == len(pending):
            raise TransitionError(
                _(
                    "Every entry has a reason to return it, so none is left to accept: use "
                    "“%(return)s”, or clear the reasons of the entries to accept."
                )
                % {"return": WORKFLOW["return"].label}
            )
        move = WORKFLOW["accept_part"]
    # "return" may give its reasons per entry instead of one for all.
    WORKFLOW.check(
        actor,
        current,
        move,
        reason=reason or (move.name in ("return", "accept_part") and bool(returned)),
    )
    if move.name in ("request_approval", "approve") and not pending:
        raise TransitionError(
            _("The registration has no candidates waiting for a decision: add at least one.")
        )
    if move.name == "approve":
        for check in APPROVAL_CHECKS:
            if problem := check(current):
                raise TransitionError(problem)
    if move.name == "withdraw" and len(pending) < len(entries):
        raise TransitionError(
            _(
                "Some entries of this registration are already accepted as exemplars: it can no "
                "longer be withdrawn."
            )
        )

    before = audit.snapshot(current, STATE_FIELDS)
    now = timezone.now()
    current.status = move.target
    if move.name == "send_back":
        current.approved_by = None
    elif move.name == "request_approval":
        current.approved_by = None
        current.return_reason = ""
        Entry.objects.filter(pk__in=[e.pk for e in pending]).update(
            status=EntryStatus.INCLUDED, return_reason=""
        )
    elif move.name == "approve":
        current.approved_by = actor
        current.submitted_at = now
        dossiers.freeze(pending, kind=DossierKind.SUBMITTED, actor=actor)
    elif move.name in ("return", "accept_part", "accept"):
        current.return_reason = reason if move.name == "return" else ""
        current.decided_at = now
        if move.name != "accept":
            current.approved_by = None
        _return_entries(returned, entry_reasons)
        if move.name != "return":
            accepted = [e for e in pending if e.pk not in entry_reasons]
            _accept_entries(current, accepted, actor)
    current.version += 1
    current.save()
    after = audit.snapshot(current, STATE_FIELDS)
    if returned:
        after["entry_reasons"] = {str(e.candidate): entry_reasons[e.pk] for e in returned}
    if move.name in ("accept", "accept_part"):
        after["accepted"] = sorted(str(e.candidate) for e in pending if e not in returned)
    audit.record(
        WORKFLOW.action(move), current, actor=actor, before=before, after=after, reason=reason
    )
    events.emit(
        "registration.moved",
        registration=current.pk,
        action=move.name,
        version=current.version,
        actor_name=audit.name_of(actor),
        reason=reason,
    )
    registration.status, registration.version = current.status, current.version
    return current


def _return_entries(entries: list[Entry], reasons: dict[int, str]) -> None:
    for entry in entries:
        entry.status = EntryStatus.RETURNED
        entry.return_reason = reasons[entry.pk]
        entry.save(update_fields=["status", "return_reason"])


def _accept_entries(registration: Registration, entries: list[Entry], actor: Any) -> None:
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
            # What the database wrote (registrations 0018), so that the object says so too.
            exemplar.name_key = entry.candidate.name_key
            audit.record(
                "exemplar.create",
                exemplar,
                actor=actor,
                after={"state": exemplar.state, "registration": registration.pk},
            )
