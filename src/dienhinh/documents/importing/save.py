"""The one place that writes imported rows: into the unit's draft registration, in one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core import errors
from dienhinh.documents.importing.matching import Match, resolve
from dienhinh.documents.importing.problems import ImportRejected, Problem
from dienhinh.documents.sources import CandidateRow
from dienhinh.registrations.domain import quota_counts
from dienhinh.registrations.domain.candidates import create_candidates, update_candidate
from dienhinh.registrations.domain.registrations import (
    AlreadyRegistered,
    create_registration,
    set_entries,
)
from dienhinh.registrations.enums import EDITABLE_STATUSES, RegistrationStatus
from dienhinh.registrations.models import Registration


class NeedsConfirmation(Exception):
    """Some rows may be people the unit registered before: the officer decides (`matches`)."""

    def __init__(self, matches: list[Match]):
        super().__init__(f"{len(matches)} row(s) to confirm")
        self.matches = matches


@dataclass
class Saved:
    registration_id: int
    created: int
    updated: int
    unchanged: int


def _values(row: CandidateRow, fields: dict) -> dict:
    birth = {} if row.birth_year is None else {"birth_year": row.birth_year}
    return birth | {
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


def _listed(registration) -> list:
    if registration is None:
        return []
    return [e.candidate for e in registration.entries.select_related("candidate")]


def check_target(
    *, program, organisation, year: int, rows=(), decisions=None
) -> tuple[list[Problem], list[Match]]:
    """The checks `save_rows` runs before writing, without writing: what a dry run reports, and
    the rows that may be people already registered (see `importing.matching`)."""
    registration = _live_registration(program, organisation, year)
    resolved = resolve(program, organisation, _listed(registration), list(rows), decisions or {})
    return registration_problems(registration, year), resolved.matches


def save_rows(
    *, program, organisation, year: int, rows: list[CandidateRow], actor, decisions=None
) -> Saved:
    """Create or update the candidates and list them in the draft; all or nothing.

    Each row is matched to the unit's existing candidates (`importing.matching.resolve`): a
    match is updated and listed, so importing the same file twice adds nothing and a person
    the unit registered before is not created again. `decisions` holds the officer's choices
    (row index -> candidate id or "new"); rows still undecided raise NeedsConfirmation and
    nothing is written. Any refusal (the checks of `check_target`, or the registrations app's
    own) raises ImportRejected. Side effects: the registrations app's audit entries
    (candidate.create/update, registration.create/update).
    """
    try:
        return _save_rows(program, organisation, year, rows, actor, decisions or {})
    except errors.DomainError as exc:  # e.g. someone submitted it meanwhile, or accepted a row
        raise ImportRejected([Problem(str(exc))]) from exc


def _save_rows(
    program, organisation, year: int, rows: list[CandidateRow], actor, decisions: dict
) -> Saved:
    # Counted once, at the end: the new candidates' units with the registration's entries.
    with transaction.atomic(), quota_counts.batched():
        registration = _live_registration(program, organisation, year, lock=True)
        if registration is None:
            try:
                registration = create_registration(
                    actor=actor, program=program, organisation=organisation, year=year
                )
            except AlreadyRegistered:
                # A simultaneous import (or the web form) opened it first: the rows go there.
                registration = _live_registration(program, organisation, year, lock=True)
                if registration is None:
                    raise
        problems = registration_problems(registration, year)
        if problems:
            raise ImportRejected(problems)
        fields = {f.code: f for f in program.fields.all()}
        listed = _listed(registration)
        resolved = resolve(program, organisation, listed, rows, decisions)
        if resolved.matches:
            raise NeedsConfirmation(resolved.matches)
        updated = unchanged = 0
        values = [_values(row, fields) for row in rows]
        # The new rows are created together (one permission check, bulk inserts, their audit
        # entries written at once), before the existing ones are updated one by one; the list
        # keeps the file's order.
        new = iter(
            create_candidates(
                actor=actor,
                program=program,
                organisation=organisation,
                rows=[v for v, c in zip(values, resolved.targets, strict=True) if c is None],
            )
        )
        chosen = {c.pk: c for c in listed}  # in the registration's order, then the new ones
        for row_values, candidate in zip(values, resolved.targets, strict=True):
            if candidate is None:
                candidate = next(new)
            elif any(getattr(candidate, k) != v for k, v in row_values.items()):
                candidate = update_candidate(candidate, actor=actor, version=None, **row_values)
                updated += 1
            else:
                unchanged += 1
            chosen[candidate.pk] = candidate
        created = sum(1 for c in resolved.targets if c is None)
        if len(chosen) != len(listed):
            set_entries(
                registration,
                actor=actor,
                candidates=list(chosen.values()),
                notes=registration.notes,
                version=None,
            )
        return Saved(registration.pk, created, updated, unchanged)
