"""`facts_for()`: the eligibility facts of many candidates in a few queries; `evaluate_candidates()`."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from dienhinh.programs.eligibility.engine import Evaluation, evaluate, evaluate_many
from dienhinh.programs.eligibility.facts import Attestation as AttestationFact
from dienhinh.programs.eligibility.facts import Discipline, Facts, Recognition, Violation
from dienhinh.programs.models import Field, Program
from dienhinh.registrations.models import (
    AnnualRating,
    Attestation,
    Candidate,
    CulturalFamilyYear,
    FieldMetric,
    Registration,
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


def evaluate_candidates(
    candidates: Sequence[Candidate] | QuerySet[Candidate],
    *,
    programs: Iterable[Program] = (),
) -> dict[int, Evaluation]:
    """candidate id -> Evaluation for candidates of any programs: a page's candidates (a list)
    or every candidate of a queryset, without loading one model object per candidate.
    `programs`: program objects already at hand (a list's own are used too), not read again.

    The facts are gathered set-based, one query per table whatever the number of candidates:
    each candidate's ratings joined into one text by the database, the other tables (cultural
    family years, recognitions, violations, disciplines, figures, attestations) as plain rows.
    Candidates whose facts are identical share one Facts, and the engine evaluates facts that
    differ only in what no applicable criterion reads once (`ProgramRules.signature`): a
    program's candidates have far fewer distinct histories than members. The Evaluations are
    read-only and may be shared."""
    known = {p.pk: p for p in programs}
    if isinstance(candidates, QuerySet):
        chosen: QuerySet[Candidate] = candidates.order_by()
    else:
        if not candidates:
            return {}
        chosen = Candidate.objects.filter(pk__in=[c.pk for c in candidates]).order_by()
        # The callers' own program objects (loaded with their candidates): no query for them.
        known.update((c.program_id, c.program) for c in candidates)
    programs_by_id = known
    gathered = gather_fact_keys(chosen)
    if not gathered:
        return {}
    missing = {key[0] for key in gathered} - programs_by_id.keys()
    if missing:
        programs_by_id.update(Program.objects.in_bulk(missing))
    today = timezone.localdate()
    by_program: dict[int, tuple[list[list[int]], list[Facts]]] = {}
    for key, ids in gathered.items():
        groups, facts_list = by_program.setdefault(key[0], ([], []))
        groups.append(ids)
        facts_list.append(_facts_from_key(key, today))
    results: dict[int, Evaluation] = {}
    for program_id, (groups, facts_list) in by_program.items():
        # evaluate_many evaluates facts with equal signatures once.
        for ids, evaluation in zip(
            groups, evaluate_many(programs_by_id[program_id], facts_list), strict=True
        ):
            results.update(dict.fromkeys(ids, evaluation))
    return results


def _main_sql(scope_sql: str, vendor: str) -> tuple[str, int]:
    """(SQL, how many times the scope's parameters are used): one row per candidate of the scope
    (`%(scope)s`) with its scalar facts and its ratings as one text of `year:level` items."""
    candidate, field = Candidate._meta.db_table, Field._meta.db_table
    rating = AnnualRating._meta.db_table
    columns = (
        "c.id, c.program_id, c.subject_type, f.code, CAST(c.recognition_date AS text), c.rated, "
        "c.stable_years, c.households_helped, c.jobs_created"
    )
    item = "r.year || r.level"  # "2024htt": a year's digits, then the rating's letters
    if vendor == "postgresql":
        # One grouped pass over the candidates' ratings, hash-joined to them.
        return (
            f"SELECT {columns}, j.items FROM {candidate} c "  # noqa: S608 - table names and fixed text
            f"LEFT JOIN {field} f ON f.id = c.field_id "
            f"LEFT JOIN (SELECT r.candidate_id, string_agg({item}, ',' ORDER BY r.year) "
            f"AS items FROM {rating} r WHERE r.candidate_id IN ({scope_sql}) "
            "GROUP BY r.candidate_id) j ON j.candidate_id = c.id "
            f"WHERE c.id IN ({scope_sql})"
        ), 2
    # SQLite walks the candidates in id order and each one's ratings by the candidate index.
    # Before 3.44 group_concat takes no ORDER BY and joins the rows in the order the index gives
    # them; were it ever not the year order, two equal histories would only be evaluated twice:
    # a key never joins different facts.
    return (
        f"SELECT {columns}, group_concat({item}) FROM {candidate} c "  # noqa: S608 - table names and fixed text
        f"LEFT JOIN {field} f ON f.id = c.field_id "
        f"LEFT JOIN {rating} r ON r.candidate_id = c.id "
        f"WHERE c.id IN ({scope_sql}) GROUP BY c.id"
    ), 1


def gather_fact_keys(chosen: QuerySet[Candidate]) -> dict[tuple[Any, ...], list[int]]:
    """key -> ids of the candidates of `chosen` with that key, in seven queries whatever their
    number. A key holds every fact the engine reads, as the database gives it
    (`_facts_from_key` turns it into Facts): equal keys mean equal facts."""
    try:
        scope_sql, scope_params = chosen.values("pk").query.sql_with_params()
    except EmptyResultSet:  # Candidate.objects.none(), an empty pk__in
        return {}
    sql, uses = _main_sql(scope_sql, connection.vendor)
    params = [*scope_params] * uses
    in_scope = {"candidate_id__in": chosen.values("pk")}
    sparse: dict[int, list[Any]] = {}
    tables = (
        (_by_candidate(CulturalFamilyYear.objects.filter(**in_scope)), ("year",)),
        (_by_candidate(RecognitionRow.objects.filter(**in_scope)), ("year", "text")),
        (_by_candidate(ViolationRow.objects.filter(**in_scope)), ("year", "kind")),
        (_by_candidate(DisciplineRow.objects.filter(**in_scope)), ("year", "level")),
        (_by_candidate(FieldMetric.objects.filter(**in_scope)), ("year", *FieldMetric.METRICS)),
        (
            Attestation.objects.filter(**in_scope).order_by("attested_at", "id"),
            ("criterion_code", "granted", "attested_by_name", "attested_at", "note")
            + ("evidence_names",),
        ),
    )
    for slot, (qs, names) in enumerate(tables):
        for candidate_id, *values in qs.values_list("candidate_id", *names):
            slots = sparse.get(candidate_id)
            if slots is None:
                slots = sparse[candidate_id] = [[] for _table in tables]
            slots[slot].append(tuple(values))
    frozen = {pk: tuple(tuple(rows) for rows in slots) for pk, slots in sparse.items()}
    gathered: dict[tuple[Any, ...], list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            pk = row[0]
            key = (*row[1:], frozen.get(pk))
            ids = gathered.get(key)
            if ids is None:
                gathered[key] = [pk]
            else:
                ids.append(pk)
    return gathered


def _by_candidate(qs: QuerySet[Any]) -> QuerySet[Any]:
    """The rows in the model's order within each candidate, without the join to the candidates
    that ordering by `candidate` makes (it sorts by their names first)."""
    rest = [name for name in qs.model._meta.ordering if name != "candidate"]
    return qs.order_by("candidate_id", *rest)


def evaluate_registration(registration: Registration) -> dict[int, Evaluation]:
    """candidate id -> Evaluation of every candidate the registration lists, chosen in the
    database by the registration (never a list of ids, however many rows an import brought)."""
    return evaluate_candidates(
        Candidate.objects.filter(entries__registration=registration),
        programs=[registration.program],
    )


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _ratings(text: str | None) -> dict[int, str]:
    """{year: rating} from "2023htt,2024htxs" (a year's digits, then the rating's letters)."""
    ratings: dict[int, str] = {}
    if text:
        for item in text.split(","):
            digits = len(item.rstrip(_LETTERS))
            ratings[int(item[:digits])] = item[digits:]
    return ratings


def _day(value: str | None, today: datetime.date) -> datetime.date:
    # Read as text (cheaper than a date per candidate): parsed once per key.
    return today if value is None else datetime.date.fromisoformat(value)


def _facts_from_key(key: tuple[Any, ...], today: datetime.date) -> Facts:
    """The Facts a key of `gather_fact_keys` stands for (as `facts_of` builds them)."""
    (
        _program,
        subject_type,
        field_code,
        day,
        rated,
        stable,
        helped,
        jobs,
        ratings,
        sparse,
    ) = key
    cultural, recognitions, violations, disciplines, metrics, attestations = sparse or ((),) * 6
    model = {
        name: value
        for name, value in (
            ("stable_years", stable),
            ("households_helped", helped),
            ("jobs_created", jobs),
        )
        if value is not None
    }
    return Facts(
        subject_type=subject_type,
        field_code=field_code,
        recognition_date=_day(day, today),
        rated=None if rated is None else bool(rated),
        ratings=_ratings(ratings),
        recognitions=[Recognition(year, text) for year, text in recognitions],
        cultural_family_years={year for (year,) in cultural},
        violations=[Violation(year, kind) for year, kind in violations],
        disciplines=[Discipline(year, level) for year, level in disciplines],
        metrics={
            year: {
                name: float(value)
                for name, value in zip(FieldMetric.METRICS, values, strict=True)
                if value is not None
            }
            for year, *values in metrics
        },
        model=model,
        attestations={
            code: AttestationFact(
                code=code,
                granted=granted,
                by=by,
                on=timezone.localtime(at).date(),
                note=note,
                evidence=evidence,
            )
            for code, granted, by, at, note, evidence in attestations
        },
    )
