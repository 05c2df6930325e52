"""Creating registrations and choosing their candidates (only while the unit may still edit them)."""

from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from dienhinh.core import audit, bulk, dates
from dienhinh.core.actors import Actor, user_of
from dienhinh.core.errors import require
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations import permissions
from dienhinh.registrations.domain import Conflict, DomainError, quota_counts
from dienhinh.registrations.domain.cache import data_changed
from dienhinh.registrations.enums import EDITABLE_STATUSES, EntryStatus, RegistrationStatus
from dienhinh.registrations.models import Candidate, Entry, Registration


class AlreadyRegistered(DomainError):
    """The unit already has a live registration for this program and year."""


class YearRefused(DomainError):
    """The year is outside the program's period or too far ahead; the message says which."""


def year_problem(program: Any, year: int) -> str:
    """What is wrong with registering for `year` in `program` ("" when nothing): not before the
    program's period, not after it when the document fixes it, and not beyond next year (a
    unit may open next year's draft in December, no further)."""
    return dates.year_problem(
        year,
        _("The registration year"),
        first=program.period_start.year,
        last=program.period_end.year if program.period_fixed else None,
        ahead=1,
    )


def _already(organisation: Any, year: int) -> AlreadyRegistered:
    return AlreadyRegistered(
        _("%(unit)s already has a registration for %(year)s in this program.")
        % {"unit": organisation.name, "year": year}
    )


@transaction.atomic
def create_registration(
    *, actor: Actor, program: Program, organisation: Organisation, year: int, notes: str = ""
) -> Registration:
    """Open a draft for a unit, program and year; one live registration per unit and year.

    The database holds the rule (constraint "one_live_registration_per_unit_year"): of several
    simultaneous openings one wins, the others raise AlreadyRegistered. Refused unless the actor
    may open the unit's registration (`may_create_registration`)."""
    require(
        permissions.may_create_registration(actor, organisation, program),
        visible=permissions.may_read_unit(actor, organisation),
        message=_("You may not open a registration of this unit for this program."),
    )
    if problem := year_problem(program, year):
        raise YearRefused(problem)
    live = Registration.objects.filter(
        program=program, organisation=organisation, year=year
    ).exclude(status=RegistrationStatus.WITHDRAWN)
    if live.exists():
        raise _already(organisation, year)
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            registration = Registration.objects.create(
                program=program,
                organisation=organisation,
                year=year,
                notes=notes,
                created_by=user_of(actor),
            )
    except IntegrityError as exc:
        raise _already(organisation, year) from exc
    audit.record(
        "registration.create",
        registration,
        actor=actor,
        after={"program": program.code, "organisation": organisation.code, "year": year},
    )
    return registration


@transaction.atomic
@quota_counts.batched()
def set_entries(
    registration: Registration,
    *,
    actor: Actor,
    candidates: list[Candidate],
    notes: str,
    version: int | None,
) -> Registration:
    """Replace the candidate list of an editable registration (Conflict if `version` is stale)."""
    current = (
        Registration.objects.select_for_update()
        .select_related("organisation")
        .get(pk=registration.pk)
    )
    if version is not None and current.version != version:
        raise Conflict(
            _(
                "Someone else changed this registration while you were editing it. Your choice is "
                "still in the form: check the current list below, then save again."
            )
        )
    require(
        permissions.may_edit_unit(actor, current.organisation),
        visible=permissions.may_read_unit(actor, current.organisation),
        message=_("You may not change this registration's candidates."),
    )
    if current.status not in EDITABLE_STATUSES:
        raise DomainError(
            _("A registration in state “%(state)s” can no longer be changed.")
            % {"state": current.get_status_display()}
        )
    for c in candidates:
        if c.program_id != current.program_id or not c.organisation.path.startswith(
            current.organisation.path
        ):
            raise DomainError(
                _("%(name)s does not belong to this unit and program.") % {"name": c.name}
            )
    old = {e.candidate_id: e for e in current.entries.all()}
    before = {"candidates": sorted(old), "notes": current.notes}
    wanted = [c.pk for c in candidates]
    chosen = set(wanted)
    kept = [
        e for e in old.values() if e.status == EntryStatus.ACCEPTED and e.candidate_id not in chosen
    ]
    if kept:
        raise DomainError(
            _("%(names)s already accepted as exemplars: they stay in the registration.")
            % {"names": ", ".join(sorted(str(e.candidate) for e in kept))}
        )
    _check_not_elsewhere(current, [c for c in candidates if c.pk not in old])
    if removed := [e.pk for cid, e in old.items() if cid not in chosen]:
        Entry.objects.filter(registration=current, pk__in=removed).delete()
    added = []
    for position, cid in enumerate(wanted):
        if cid in old:
            if old[cid].position != position:
                Entry.objects.filter(pk=old[cid].pk).update(position=position)
        else:
            added.append((current.pk, cid, position))
    if added:
        # Inserted together as plain rows (an import adds thousands; COPY on PostgreSQL): what
        # each save's receivers would do, done once: the registration recounted in this
        # transaction, the cached counts forgotten.
        bulk.insert_rows(Entry, ("registration_id", "candidate_id", "position"), added)
        quota_counts.changed([current.pk])
        data_changed()
    current.notes = notes
    current.version += 1
    current.save()
    audit.record(
        "registration.update",
        current,
        actor=actor,
        before=before,
        after={"candidates": sorted(wanted), "notes": notes},
    )
    return current


def _check_not_elsewhere(registration: Registration, candidates: list[Candidate]) -> None:
    """A candidate is in at most one live entry per program and year. The candidates' rows are
    locked first, so that two registrations taking the same candidate at once are serialised."""
    if not candidates:
        return
    ids = [c.pk for c in candidates]
    if connection.features.has_select_for_update:  # SQLite: the transaction holds the database
        list(Candidate.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
    elsewhere = (
        Entry.objects.filter(
            candidate_id__in=ids,
            registration__program_id=registration.program_id,
            registration__year=registration.year,
        )
        .exclude(registration=registration)
        .exclude(registration__status=RegistrationStatus.WITHDRAWN)
        .select_related("candidate", "registration__organisation")
        .order_by("id")
    )
    found = elsewhere.first()
    if found is not None:
        raise DomainError(
            _("%(name)s is already in the registration of %(unit)s for %(year)s.")
            % {
                "name": found.candidate.name,
                "unit": found.registration.organisation.name,
                "year": registration.year,
            }
        )
