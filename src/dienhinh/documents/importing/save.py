"""The one place that writes imported rows: into the unit's draft registration, in one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core.text import fold
from dienhinh.documents.importing.problems import ImportRejected, Problem
from dienhinh.documents.sources import CandidateRow
from dienhinh.registrations.domain import DomainError
from dienhinh.registrations.domain.candidates import create_candidate, update_candidate
from dienhinh.registrations.domain.registrations import create_registration, set_entries
from dienhinh.registrations.enums import EDITABLE_STATUSES, RegistrationStatus
from dienhinh.registrations.models import Registration


@dataclass
class Saved:
    registration_id: int
    created: int
    updated: int
    unchanged: int


def _values(row: CandidateRow, fields: dict) -> dict:
    return {
        "subject_type": row.subject_type,
        "name": row.name,
        "address": row.address,
        "head_name": row.head_name,
        "position": row.position,
        "workplace": row.workplace,
        "field": fields.get(row.field_code),
        "solutions": row.solutions,
        "notes": row.notes,
    }


def _live_registration(program, organisation, year: int, *, lock: bool = False):
    qs = Registration.objects.filter(program=program, organisation=organisation, year=year)
    if lock:
        qs = qs.select_for_update()
    return qs.exclude(status=RegistrationStatus.WITHDRAWN).first()


def registration_problems(registration, year: int) -> list[Problem]:
    """Why the rows cannot go into this registration (empty when they can)."""
    if registration is None or registration.status in EDITABLE_STATUSES:
        return []
    return [
        Problem(
            _("The registration for %(year)s is “%(state)s” and can no longer be changed.")
            % {"year": year, "state": registration.get_status_display()}
        )
    ]


def check_target(*, program, organisation, year: int) -> list[Problem]:
    """The checks `save_rows` runs before writing, without writing: what a dry run reports."""
    return registration_problems(_live_registration(program, organisation, year), year)


def save_rows(*, program, organisation, year: int, rows: list[CandidateRow], actor) -> Saved:
    """Create or update the candidates and list them in the draft; all or nothing.

    A candidate already in the registration with the same folded name and subject type is
    updated, so importing the same file twice adds nothing. Any refusal (the checks of
    `check_target`, or the registrations app's own) raises ImportRejected. Side effects: the
    registrations app's audit entries (candidate.create/update, registration.create/update).
    """
    try:
        return _save_rows(program, organisation, year, rows, actor)
    except DomainError as exc:  # e.g. someone submitted the registration meanwhile
        raise ImportRejected([Problem(str(exc))]) from exc


def _save_rows(program, organisation, year: int, rows: list[CandidateRow], actor) -> Saved:
    with transaction.atomic():
        registration = _live_registration(program, organisation, year, lock=True)
        if registration is None:
            registration = create_registration(
                actor=actor, program=program, organisation=organisation, year=year
            )
        problems = registration_problems(registration, year)
        if problems:
            raise ImportRejected(problems)
        fields = {f.code: f for f in program.fields.all()}
        listed = [e.candidate for e in registration.entries.select_related("candidate")]
        existing = {(c.subject_type, fold(c.name)): c for c in listed}
        created = updated = unchanged = 0
        chosen = list(listed)
        for row in rows:
            values = _values(row, fields)
            candidate = existing.get((row.subject_type, fold(row.name)))
            if candidate is None:
                candidate = create_candidate(
                    actor=actor, program=program, organisation=organisation, **values
                )
                existing[(row.subject_type, fold(row.name))] = candidate
                chosen.append(candidate)
                created += 1
            elif any(getattr(candidate, k) != v for k, v in values.items()):
                fresh = update_candidate(candidate, actor=actor, version=None, **values)
                chosen[chosen.index(candidate)] = fresh
                updated += 1
            else:
                unchanged += 1
        if created:
            set_entries(
                registration, actor=actor, candidates=chosen, notes=registration.notes, version=None
            )
        return Saved(registration.pk, created, updated, unchanged)
