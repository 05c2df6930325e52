"""Recording candidates and their facts; every change audited, stale saves refused."""

from operator import attrgetter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core import audit, bulk
from dienhinh.core.actors import Actor, user_of
from dienhinh.core.errors import require
from dienhinh.registrations import permissions
from dienhinh.registrations.domain import (
    Conflict,
    DomainError,
    dossiers,
    fact_dates,
    quota_counts,
)
from dienhinh.registrations.domain.cache import data_changed
from dienhinh.registrations.enums import EntryStatus, RegistrationStatus
from dienhinh.registrations.models import (
    AnnualRating,
    Candidate,
    CulturalFamilyYear,
    Discipline,
    DossierKind,
    Entry,
    FieldMetric,
    Recognition,
    Violation,
)

FIELDS = [
    "program",
    "organisation",
    "subject_type",
    "name",
    "address",
    "head_name",
    "position",
    "workplace",
    "birth_year",
    "field",
    "solutions",
    "notes",
    "recognition_date",
    "rated",
    "stable_years",
    "households_helped",
    "jobs_created",
]


def conflict_message() -> str:
    return _(
        "Someone else changed this record while you were editing it. Your input is still in the "
        "form: compare it with the current record below, then save again."
    )


def accepted_entries(candidate: Candidate) -> list[Entry]:
    """The candidate's entries accepted by the standing agency (it is an exemplar through them)."""
    return list(
        Entry.objects.filter(candidate_id=candidate.pk, status=EntryStatus.ACCEPTED).exclude(
            registration__status=RegistrationStatus.WITHDRAWN
        )
    )


def is_locked(candidate: Candidate) -> bool:
    """Accepted: the record changes only through a correction by the standing agency."""
    return bool(accepted_entries(candidate))


def _guard_accepted(candidate: Candidate, actor: Any, reason: str) -> list[Entry]:
    """Refuse a change to an accepted candidate unless it is the standing agency's correction
    with a reason; returns the accepted entries (whose dossiers the correction renews)."""
    accepted = accepted_entries(candidate)
    if not accepted:
        return []
    require(
        permissions.may_correct_candidate(actor, candidate),
        visible=permissions.may_read_candidate(actor, candidate),
        message=_(
            "%(name)s has been accepted as an exemplar: the record is kept as accepted. "
            "Only the standing agency may correct it, giving a reason."
        )
        % {"name": candidate.name},
    )
    if not (reason or "").strip():
        raise DomainError(
            _("%(name)s has been accepted as an exemplar: give the reason for the correction.")
            % {"name": candidate.name}
        )
    return accepted


def _after_correction(accepted: list[Entry], actor: Any, reason: str) -> None:
    if accepted:
        dossiers.freeze(accepted, kind=DossierKind.CORRECTED, actor=actor, reason=reason.strip())


@transaction.atomic
def create_candidate(*, actor: Actor, **values: Any) -> Candidate:
    """Create a candidate. Side effects: audit entry "candidate.create".

    Refused (NotVisible/NotPermitted) unless the actor may add candidates of the unit to the
    program (`permissions.may_create_candidate`)."""
    org, program = values.get("organisation"), values.get("program")
    require(
        org is not None
        and program is not None
        and permissions.may_create_candidate(actor, org, program),
        visible=org is not None and permissions.may_read_unit(actor, org),
        message=_("You may not add candidates of this unit to this program."),
    )
    if problem := fact_dates.recognition_date_problem(values.get("recognition_date")):
        raise DomainError(problem)
    if problem := fact_dates.birth_year_problem(values.get("birth_year")):
        raise DomainError(problem)
    candidate = Candidate(created_by=user_of(actor))
    for key, value in values.items():
        setattr(candidate, key, value)
    candidate.save()
    audit.record(
        "candidate.create", candidate, actor=actor, after=audit.snapshot(candidate, FIELDS)
    )
    return candidate


@transaction.atomic
def create_candidates(
    *, actor: Actor, program: Any, organisation: Any, rows: list[dict[str, Any]]
) -> list[Candidate]:
    """Create many candidates of one unit and program at once (an import), in order: the same
    checks, derived fields (sort key, search text) and audit entries ("candidate.create", one
    per candidate) as `create_candidate` for each row, in a few queries whatever their number.

    Refused (NotVisible/NotPermitted) unless the actor may add candidates of the unit to the
    program (`permissions.may_create_candidate`); a bad date in any row refuses them all."""
    require(
        permissions.may_create_candidate(actor, organisation, program),
        visible=permissions.may_read_unit(actor, organisation),
        message=_("You may not add candidates of this unit to this program."),
    )
    user = user_of(actor)
    now = timezone.now()
    fields = Candidate._meta.concrete_fields
    relations: dict[str, Any] = {f.name: f for f in fields if f.is_relation}  # foreign keys
    # Each row's columns, from the model's defaults: positional values make a model instance
    # several times faster than keyword ones, and related objects are given, not looked up.
    base = {f.attname: f.get_default() for f in fields} | {
        "program_id": program.pk,
        "organisation_id": organisation.pk,
        "created_by_id": user.pk if user is not None else None,
        "created_at": now,
        "updated_at": now,
    }
    ids = iter(bulk.reserve_ids(Candidate, len(rows)))
    candidates = []
    for values in rows:
        if problem := fact_dates.recognition_date_problem(values.get("recognition_date")):
            raise DomainError(problem)
        if problem := fact_dates.birth_year_problem(values.get("birth_year")):
            raise DomainError(problem)
        attrs = dict(base)
        related = {"program": program, "organisation": organisation}
        for key, value in values.items():
            if key in relations:
                attrs[relations[key].attname] = None if value is None else value.pk
                related[key] = value
            elif key in attrs and key not in ("id", "program_id", "organisation_id"):
                attrs[key] = value
            else:
                raise TypeError(f"create_candidates: unexpected column {key!r}")
        attrs["id"] = next(ids)
        candidate = Candidate(*[attrs[f.attname] for f in fields])
        for name, value in related.items():
            relations[name].set_cached_value(candidate, value)
        candidate.refresh_derived()
        candidate._state.adding, candidate._state.db = False, connection.alias  # as saved
        # As a saved candidate holds it (`Candidate.from_db`): a later save that changes
        # neither its type nor its field is not recounted.
        candidate.counted_as = (candidate.subject_type, candidate.field_id)  # type: ignore[attr-defined]
        candidates.append(candidate)
    if not candidates:
        return []
    # Written as plain rows (COPY on PostgreSQL), the columns as a save would write them.
    columns = [f.attname for f in fields]
    bulk.insert_rows(Candidate, columns, map(attrgetter(*columns), candidates))
    # What one save's receivers do: the cached counts forgotten, and the units' counts of every
    # candidate counted again. (A new candidate is in no registration and has no story yet.)
    data_changed()
    quota_counts.changed([], unit_ids={c.organisation_id for c in candidates})
    audit.record_many(
        [
            audit.Change("candidate.create", c, after=after)
            for c, after in zip(candidates, audit.snapshots(candidates, FIELDS), strict=True)
        ],
        actor=actor,
    )
    return candidates


def _check_edit(actor: Actor, candidate: Candidate) -> None:
    require(
        permissions.may_edit_candidate(actor, candidate),
        visible=permissions.may_read_candidate(actor, candidate),
        message=_("You may not change this candidate."),
    )


def check_change(actor: Any, candidate: Candidate, reason: str = "") -> list[Entry]:
    """Refuse a change the actor may not make: an accepted candidate only by the standing
    agency's correction with a reason (`_guard_accepted`), any other by the unit's editors.
    Returns the accepted entries (empty when the candidate is not accepted)."""
    accepted = _guard_accepted(candidate, actor, reason)
    if not accepted:
        _check_edit(actor, candidate)
    return accepted


def _lock(
    candidate: Candidate, version: int | None, actor: Any, reason: str = ""
) -> tuple[Candidate, list[Entry]]:
    current = (
        Candidate.objects.select_for_update().select_related("organisation").get(pk=candidate.pk)
    )
    accepted = check_change(actor, current, reason)
    if version is not None and current.version != version:
        raise Conflict(conflict_message())
    return current, accepted


@transaction.atomic
@quota_counts.batched()
def update_candidate(
    candidate: Candidate, *, actor: Any, version: int | None, reason: str = "", **values: Any
) -> Candidate:
    """Save changed fields if `version` is still current (else Conflict; nothing is written).

    An accepted candidate changes only by the standing agency's correction with a `reason`
    (`_guard_accepted`). Side effects: version + 1, audit entry "candidate.update" (or
    "candidate.correct") with before/after; a correction renews the accepted entries' dossiers.
    """
    current, accepted = _lock(candidate, version, actor, reason)
    if problem := fact_dates.recognition_date_problem(values.get("recognition_date")):
        raise DomainError(problem)
    if problem := fact_dates.birth_year_problem(values.get("birth_year")):
        raise DomainError(problem)
    before = audit.snapshot(current, FIELDS)
    unit = current.organisation_id
    for key, value in values.items():
        setattr(current, key, value)
    if accepted and current.organisation_id != unit:
        raise DomainError(_("A correction does not move an exemplar to another unit."))
    if current.organisation_id != unit:
        # Moving the candidate to another unit: the actor must edit that unit too.
        require(
            permissions.may_edit_unit(actor, current.organisation),
            visible=permissions.may_read_unit(actor, current.organisation),
            message=_("You may not move this candidate to that unit."),
        )
    current.version += 1
    current.save()
    audit.record(
        "candidate.correct" if accepted else "candidate.update",
        current,
        actor=actor,
        before=before,
        after=audit.snapshot(current, FIELDS),
        reason=reason.strip(),
    )
    _after_correction(accepted, actor, reason)
    return current


def _facts_snapshot(candidate: Candidate) -> dict[str, Any]:
    return {
        "ratings": {r.year: r.level for r in candidate.ratings.all()},
        "cultural_years": sorted(c.year for c in candidate.cultural_years.all()),
        "metrics": {m.year: m.as_dict() for m in candidate.metrics.all()},
        "recognitions": [[r.year, r.text] for r in candidate.recognitions.all()],
        "violations": [[v.year, v.kind] for v in candidate.violations.all()],
        "disciplines": [[d.year, d.level] for d in candidate.disciplines.all()],
    }


@transaction.atomic
def save_facts(
    candidate: Candidate,
    *,
    actor: Actor,
    version: int | None,
    ratings: dict[int, str | None] | None = None,
    cultural_years: dict[int, bool] | None = None,
    metrics: dict[int, dict[str, object]] | None = None,
    model: dict[str, int | None] | None = None,
    add_recognition: tuple[int, str] | None = None,
    add_violation: tuple[int, str, str] | None = None,
    add_discipline: tuple[int, str, str] | None = None,
    remove: tuple[str, int] | None = None,
    reason: str = "",
) -> Candidate:
    """Record ratings, cultural-family years, yearly figures and model measures in one go.

    A year given with None (rating) / False (cultural year) / all-None figures removes that
    year's row. An accepted candidate's facts change only by the standing agency's correction
    with a `reason`. Side effects: candidate version + 1, audit entry "candidate.facts" (with the
    reason); a correction renews the accepted entries' dossiers.
    """
    current, accepted = _lock(candidate, version, actor, reason)
    problem = fact_dates.facts_problem(
        current.recognition_date,
        ratings=ratings,
        cultural_years=cultural_years,
        metrics=metrics,
        add_recognition=add_recognition,
        add_violation=add_violation,
        add_discipline=add_discipline,
    )
    if problem:
        raise DomainError(problem)
    before = _facts_snapshot(current)
    cid = current.pk
    for year, level in (ratings or {}).items():
        if level:
            AnnualRating.objects.update_or_create(
                candidate_id=cid, year=year, defaults={"level": level}
            )
        else:
            AnnualRating.objects.filter(candidate_id=cid, year=year).delete()
    for year, checked in (cultural_years or {}).items():
        if checked:
            CulturalFamilyYear.objects.get_or_create(candidate_id=cid, year=year)
        else:
            CulturalFamilyYear.objects.filter(candidate_id=cid, year=year).delete()
    for year, values in (metrics or {}).items():
        values = {k: v for k, v in values.items() if k in FieldMetric.METRICS}
        if any(v is not None for v in values.values()):
            FieldMetric.objects.update_or_create(candidate_id=cid, year=year, defaults=values)
        else:
            FieldMetric.objects.filter(candidate_id=cid, year=year).delete()
    if model is not None:
        for key in ("stable_years", "households_helped", "jobs_created"):
            if key in model:
                setattr(current, key, model[key])
    if add_recognition:
        Recognition.objects.create(
            candidate_id=cid, year=add_recognition[0], text=add_recognition[1]
        )
    if add_violation:
        year, kind, note = add_violation
        Violation.objects.create(candidate_id=cid, year=year, kind=kind, note=note)
    if add_discipline:
        year, level, note = add_discipline
        Discipline.objects.create(candidate_id=cid, year=year, level=level, note=note)
    if remove:
        kind, pk = remove
        model_cls = {"recognition": Recognition, "violation": Violation, "discipline": Discipline}[
            kind
        ]
        model_cls._default_manager.filter(candidate_id=cid, pk=pk).delete()
    current.version += 1
    current.save()
    audit.record(
        "candidate.facts",
        current,
        actor=actor,
        before=before,
        after=_facts_snapshot(current),
        reason=reason.strip(),
    )
    _after_correction(accepted, actor, reason)
    return current
