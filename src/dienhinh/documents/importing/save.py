"""The one place that writes imported rows: into the unit's draft registration, in one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core.text import fold
from dienhinh.documents.importing.problems import ImportRejected, Problem
from dienhinh.documents.sources import CandidateRow


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


def save_rows(*, program, organisation, year: int, rows: list[CandidateRow], actor) -> Saved:
    """Create or update the candidates and list them in the draft; all or nothing.

    A candidate already in the registration with the same folded name and subject type is
    updated, so importing the same file twice adds nothing. Side effects: the registrations
    app's audit entries (candidate.create/update, registration.create/update).
    """
    from dienhinh.registrations.domain.candidates import create_candidate, update_candidate
    from dienhinh.registrations.domain.registrations import create_registration, set_entries
    from dienhinh.registrations.enums import EDITABLE_STATUSES, RegistrationStatus
    from dienhinh.registrations.models import Registration

    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(program=program, organisation=organisation, year=year)
            .exclude(status=RegistrationStatus.WITHDRAWN)
            .first()
        )
        if registration is None:
            registration = create_registration(
                actor=actor, program=program, organisation=organisation, year=year
            )
        if registration.status not in EDITABLE_STATUSES:
            raise ImportRejected(
                [
                    Problem(
                        _(
                            "The registration for %(year)s is “%(state)s” and can no longer be changed."
                        )
                        % {"year": year, "state": registration.get_status_display()}
                    )
                ]
            )
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
