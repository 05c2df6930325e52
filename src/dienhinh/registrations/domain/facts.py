"""`facts_for()`: the eligibility facts of many candidates in a few queries; `evaluate_candidates()`."""

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from dienhinh.programs.eligibility.engine import Evaluation, evaluate, evaluate_many
from dienhinh.programs.eligibility.facts import Attestation as AttestationFact
from dienhinh.programs.eligibility.facts import Discipline, Facts, Recognition, Violation
from dienhinh.registrations.models import (
    AnnualRating,
    Attestation,
    Candidate,
    CulturalFamilyYear,
    FieldMetric,
)
from dienhinh.registrations.models import Discipline as DisciplineRow
from dienhinh.registrations.models import Recognition as RecognitionRow
from dienhinh.registrations.models import Violation as ViolationRow

FACT_PREFETCHES = (
    Prefetch("ratings", queryset=AnnualRating.objects.order_by()),
    Prefetch("recognitions", queryset=RecognitionRow.objects.order_by()),
    Prefetch("cultural_years", queryset=CulturalFamilyYear.objects.order_by()),
    Prefetch("violations", queryset=ViolationRow.objects.order_by()),
    Prefetch("disciplines", queryset=DisciplineRow.objects.order_by()),
    Prefetch("metrics", queryset=FieldMetric.objects.order_by()),
    Prefetch("attestations", queryset=Attestation.objects.order_by("attested_at", "id")),
)


def with_facts(qs: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """The queryset with everything `facts_of` reads loaded alongside (one query per table)."""
    return qs.select_related("field").prefetch_related(*FACT_PREFETCHES)


def model_measures(candidate: Candidate) -> dict[str, float]:
    return {
        key: value
        for key in ("stable_years", "households_helped", "jobs_created")
        if (value := getattr(candidate, key)) is not None
    }


def facts_of(candidate: Candidate, today: datetime.date | None = None) -> Facts:
    """Facts of one candidate whose related rows are loaded (see `with_facts`)."""
    return Facts(
        subject_type=candidate.subject_type,
        field_code=candidate.field.code if candidate.field else None,
        recognition_date=candidate.recognition_date or today or timezone.localdate(),
        rated=candidate.rated,
        ratings={r.year: r.level for r in candidate.ratings.all()},
        recognitions=[Recognition(r.year, r.text) for r in candidate.recognitions.all()],
        cultural_family_years={c.year for c in candidate.cultural_years.all()},
        violations=[Violation(v.year, v.kind) for v in candidate.violations.all()],
        disciplines=[Discipline(d.year, d.level) for d in candidate.disciplines.all()],
        metrics={m.year: m.as_dict() for m in candidate.metrics.all()},
        model=model_measures(candidate),
        attestations=attestations_of(candidate),
    )


def attestations_of(candidate: Candidate) -> dict[str, AttestationFact]:
    """criterion code -> the latest attestation (rows loaded by `with_facts`, oldest first)."""
    return {
        a.criterion_code: AttestationFact(
            code=a.criterion_code,
            granted=a.granted,
            by=a.attested_by_name,
            on=timezone.localtime(a.attested_at).date(),
            note=a.note,
            evidence=a.evidence_names,
        )
        for a in candidate.attestations.all()
    }


def facts_for(candidates: Iterable[Candidate] | Iterable[int]) -> dict[int, Facts]:
    """candidate id -> Facts, for candidates (or ids), in eight queries whatever their number."""
    items: list[Candidate | int] = list(candidates)
    ids: list[int] = [c if isinstance(c, int) else c.pk for c in items]
    loaded = with_facts(Candidate.objects.filter(pk__in=ids))
    today = timezone.localdate()
    return {c.pk: facts_of(c, today) for c in loaded}


def evaluate_candidate(candidate: Candidate, facts: Facts | None = None) -> Evaluation:
    """The engine's Evaluation for one candidate."""
    return evaluate(candidate.program, facts or facts_for([candidate])[candidate.pk])


def evaluate_candidates(candidates: list[Candidate]) -> dict[int, Evaluation]:
    """candidate id -> Evaluation for candidates of any programs (grouped per program)."""
    if not candidates:
        return {}
    facts = facts_for(candidates)
    by_program: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_program.setdefault(c.program_id, []).append(c)
    results: dict[int, Evaluation] = {}
    for group in by_program.values():
        program = group[0].program
        evaluations = evaluate_many(program, [facts[c.pk] for c in group])
        results.update({c.pk: ev for c, ev in zip(group, evaluations, strict=True)})
    return results
