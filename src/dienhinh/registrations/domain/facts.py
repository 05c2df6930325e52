"""`facts_for()`: the eligibility facts of many candidates in a few queries; `evaluate_candidates()`."""

import datetime
import json
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
    few: bool = False,
) -> dict[int, Evaluation]:
    """candidate id -> Evaluation for candidates of any programs: a page's candidates (a list)
    or every candidate of a queryset, without loading one model object per candidate.
    `programs`: program objects already at hand (a list's own are used too), not read again.
    `few`: the queryset holds at most `FEW` candidates (a list of at most that many is read so).

    The facts are gathered set-based, whatever the number of candidates: a row per candidate
    with its ratings joined into one text by the database, and the rows of each other table
    (cultural family years, recognitions, violations, disciplines, figures, attestations) as
    one JSON text per candidate and table; for a few candidates in the same query, each read by
    the candidate indexes, else in a second one reading each table once (`gather_fact_keys`).
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
        few = few or len(candidates) <= FEW
    programs_by_id = known
    gathered = gather_fact_keys(chosen, few=few)
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


# The tables of which a candidate has any number of rows, in the order of a key's sparse part:
# (model, the columns a key holds). A candidate's rows of a table come as one JSON array, each
# row its columns then its id; they are put in the model's order here (`_rows`), not by the
# database's aggregate.
SPARSE = (
    (CulturalFamilyYear, ("year",)),
    (RecognitionRow, ("year", "text")),
    (ViolationRow, ("year", "kind")),
    (DisciplineRow, ("year", "level")),
    (FieldMetric, ("year", *FieldMetric.METRICS)),
    (
        Attestation,
        ("criterion_code", "granted", "attested_by_name", "attested_at", "note")
        + ("evidence_names",),
    ),
)
_ATTESTATIONS = len(SPARSE) - 1
# Up to this many candidates, their facts are read candidate by candidate in one query (each
# table by its candidate index); more are read table by table in two (`gather_fact_keys`).
FEW = 1000
_COLUMNS = (
    "c.id, c.program_id, c.subject_type, f.code, CAST(c.recognition_date AS text), c.rated, "
    "c.stable_years, c.households_helped, c.jobs_created"
)
_ITEM = "r.year || r.level"  # "2024htt": a year's digits, then the rating's letters


def _tables(vendor: str) -> list[tuple[str, str]]:
    """(table, the aggregate of a candidate's rows of it as one JSON text) per sparse table."""
    out = []
    for model, names in SPARSE:
        row = ", ".join(f"x.{name}" for name in (*names, "id"))
        if vendor == "postgresql":
            aggregate = f"CAST(json_agg(json_build_array({row})) AS text)"
        else:
            aggregate = f"json_group_array(json_array({row}))"
        out.append((model._meta.db_table, aggregate))
    return out


def _few_sql(scope_sql: str, vendor: str) -> tuple[str, int]:
    """(SQL, how many times the scope's parameters are used): one row per candidate of the scope
    (a subquery) with its scalar facts, its ratings as one text of `year:level` items and each
    sparse table's rows as one JSON text (NULL or "[]" when it has none), each read by its
    candidate index: every fact of a few candidates in one round trip."""
    candidate, field = Candidate._meta.db_table, Field._meta.db_table
    rating = AnnualRating._meta.db_table
    # Before 3.44 SQLite's group_concat takes no ORDER BY and joins the ratings in the order of
    # the index (candidate, year); were it ever not the year order, two equal histories would
    # only be evaluated twice: a key never joins different facts.
    order = " ORDER BY r.year" if vendor == "postgresql" else ""
    concat = "string_agg" if vendor == "postgresql" else "group_concat"
    sparse = "".join(
        f", (SELECT {aggregate} FROM {table} x WHERE x.candidate_id = c.id)"  # noqa: S608 - table names and fixed text
        for table, aggregate in _tables(vendor)
    )
    return (
        f"SELECT {_COLUMNS}, (SELECT {concat}({_ITEM}, ','{order}) FROM {rating} r "  # noqa: S608 - table names and fixed text
        f"WHERE r.candidate_id = c.id){sparse} FROM {candidate} c "
        f"LEFT JOIN {field} f ON f.id = c.field_id WHERE c.id IN ({scope_sql})"
    ), 1


def _main_sql(scope_sql: str, vendor: str) -> tuple[str, int]:
    """(SQL, how many times the scope's parameters are used): one row per candidate of the scope
    with its scalar facts and its ratings as one text of `year:level` items, for many."""
    candidate, field = Candidate._meta.db_table, Field._meta.db_table
    rating = AnnualRating._meta.db_table
    if vendor == "postgresql":
        # One grouped pass over the candidates' ratings, hash-joined to them.
        return (
            f"SELECT {_COLUMNS}, j.items FROM {candidate} c "  # noqa: S608 - table names and fixed text
            f"LEFT JOIN {field} f ON f.id = c.field_id "
            f"LEFT JOIN (SELECT r.candidate_id, string_agg({_ITEM}, ',' ORDER BY r.year) "
            f"AS items FROM {rating} r WHERE r.candidate_id IN ({scope_sql}) "
            "GROUP BY r.candidate_id) j ON j.candidate_id = c.id "
            f"WHERE c.id IN ({scope_sql})"
        ), 2
    # SQLite walks the candidates in id order and each one's ratings by the candidate index (in
    # year order: see `_few_sql`).
    return (
        f"SELECT {_COLUMNS}, group_concat({_ITEM}) FROM {candidate} c "  # noqa: S608 - table names and fixed text
        f"LEFT JOIN {field} f ON f.id = c.field_id "
        f"LEFT JOIN {rating} r ON r.candidate_id = c.id "
        f"WHERE c.id IN ({scope_sql}) GROUP BY c.id"
    ), 1


def _sparse_sql(scope_sql: str, vendor: str) -> tuple[str, int]:
    """(SQL, uses of the scope's parameters): (table's place in SPARSE, candidate id, JSON of its
    rows) for every candidate of the scope with rows in a sparse table, one table after the
    other."""
    tables = _tables(vendor)
    return " UNION ALL ".join(
        f"SELECT {slot}, x.candidate_id, {aggregate} FROM {table} x "  # noqa: S608 - table names and fixed text
        f"WHERE x.candidate_id IN ({scope_sql}) GROUP BY x.candidate_id"
        for slot, (table, aggregate) in enumerate(tables)
    ), len(tables)


def gather_fact_keys(
    chosen: QuerySet[Candidate], *, few: bool = False
) -> dict[tuple[Any, ...], list[int]]:
    """key -> ids of the candidates of `chosen` with that key: in one query for a few (each
    candidate's rows read by the candidate indexes), in two for any number (each table read
    once for all). A key holds every fact the engine reads, as the database gives it
    (`_facts_from_key` turns it into Facts): equal keys mean equal facts."""
    try:
        scope_sql, scope_params = chosen.values("pk").query.sql_with_params()
    except EmptyResultSet:  # Candidate.objects.none(), an empty pk__in
        return {}
    vendor = connection.vendor
    scalars = 10  # the id, the eight scalar facts and the ratings
    sparse: dict[int, list[str | None]] = {}
    with connection.cursor() as cursor:
        sql, uses = (_few_sql if few else _main_sql)(scope_sql, vendor)
        cursor.execute(sql, [*scope_params] * uses)
        rows = cursor.fetchall()
        if few:
            sparse = {row[0]: row[scalars:] for row in rows}
            rows = [row[:scalars] for row in rows]
        else:
            sql, uses = _sparse_sql(scope_sql, vendor)
            cursor.execute(sql, [*scope_params] * uses)
            for slot, pk, text in cursor.fetchall():
                texts = sparse.get(pk)
                if texts is None:
                    texts = sparse[pk] = [None] * len(SPARSE)
                texts[slot] = text
    gathered: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        pk = row[0]
        texts = sparse.get(pk)
        facts = None
        if texts is not None and any(text and text != "[]" for text in texts):
            facts = tuple(_rows(slot, text) for slot, text in enumerate(texts))
        key = (*row[1:], facts)
        ids = gathered.get(key)
        if ids is None:
            gathered[key] = [pk]
        else:
            ids.append(pk)
    return gathered


def _rows(slot: int, text: str | None) -> tuple[tuple[Any, ...], ...]:
    """One sparse table's rows of a candidate, from their JSON, in the model's order (by year,
    attestations by when they were given; then by id), without the id."""
    if not text or text == "[]":
        return ()
    rows = json.loads(text)
    if slot == _ATTESTATIONS:
        for row in rows:
            row[1] = bool(row[1])  # SQLite gives 0 or 1
            row[3] = _moment(row[3])
        rows.sort(key=lambda row: (row[3], row[-1]))
    else:
        rows.sort(key=lambda row: (row[0], row[-1]))
    return tuple(tuple(row[:-1]) for row in rows)


def _moment(text: str) -> datetime.datetime:
    """A stored moment from its JSON text: PostgreSQL writes its offset, SQLite keeps UTC
    without one."""
    moment = datetime.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def evaluate_registration(
    registration: Registration, *, entries: int | None = None
) -> dict[int, Evaluation]:
    """candidate id -> Evaluation of every candidate the registration lists, chosen in the
    database by the registration (never a list of ids, however many rows an import brought).
    `entries`: how many it lists, when the caller knows (a few are read in one query)."""
    return evaluate_candidates(
        Candidate.objects.filter(entries__registration=registration),
        programs=[registration.program],
        few=entries is not None and entries <= FEW,
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
