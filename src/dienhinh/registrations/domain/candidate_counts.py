"""The candidate list's totals by status (`CandidateStatusCount`), counted again unit by unit in
the transaction that changes them.

A candidate "has status S" in the list when one of its entries is in a registration of status S
(`views.candidates.candidate_list`). That depends on every registration holding the candidate,
which may be another unit's (a unit's registration takes its subunits' candidates), so the rows
are keyed by the candidates' own unit and a recount of registrations (`quota_counts.recount`,
which every move, entry and candidate change goes through, under the audit chain's lock) counts
again every unit whose candidates are in them, with the units of entries removed and of
candidates moved or deleted meanwhile (`quota_counts.changed`). `rebuild` counts everything.

The rows of status `ALL` ("") count every candidate once, registered or not: the list's total
without a status (the API's pages' `count`). The rows of status `EXEMPLARS` count the exemplars
of a unit (the registering unit's; no subject type): the API's exemplar list's total;
an exemplar made or deleted recounts its unit (`quota_counts.exemplar_changed`). A unit's are counted again with the others, so
creating, deleting, moving a candidate or changing its type recounts its unit
(`quota_counts.candidate_saved`, `candidate_deleted`; `create_candidates` for its plain rows).

The list sums the rows in the user's scope with its filters: one small grouped read in place of a
count over every candidate and its entries, exact after every change without a cache.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection
from django.db.models import Sum

from dienhinh.core.actors import Actor
from dienhinh.orgs.queries import scope_q
from dienhinh.registrations.enums import RegistrationStatus
from dienhinh.registrations.models import (
    Candidate,
    CandidateStatusCount,
    Entry,
    Exemplar,
    Registration,
)

# The list's filters the rows can answer (a field or a search is counted the long way).
SUMMED = {"program", "subject_type", "organisation", "status"}
# The status of the rows that count every candidate.
ALL = ""
# The status of the rows that count a unit's exemplars (by the exemplar's unit, the registering
# one, and its candidate's type): the API's exemplar list's total.
EXEMPLARS = "*exemplars"


def _insert_sql(where: str) -> str:
    return f"""
        INSERT INTO {CandidateStatusCount._meta.db_table}
            (program_id, organisation_id, subject_type, status, candidates)
        SELECT c.program_id, c.organisation_id, c.subject_type, r.status, COUNT(DISTINCT c.id)
        FROM {Candidate._meta.db_table} c
        JOIN {Entry._meta.db_table} e ON e.candidate_id = c.id
        JOIN {Registration._meta.db_table} r ON r.id = e.registration_id
        WHERE 1 = 1 {where}
        GROUP BY c.program_id, c.organisation_id, c.subject_type, r.status
    """  # noqa: S608


def _insert_all_sql(where: str) -> str:
    return f"""
        INSERT INTO {CandidateStatusCount._meta.db_table}
            (program_id, organisation_id, subject_type, status, candidates)
        SELECT c.program_id, c.organisation_id, c.subject_type, '{ALL}', COUNT(*)
        FROM {Candidate._meta.db_table} c
        WHERE 1 = 1 {where}
        GROUP BY c.program_id, c.organisation_id, c.subject_type
    """  # noqa: S608


def _insert_exemplars_sql(where: str) -> str:
    # Without the subject type ("": the candidate's type may change where the exemplar's unit,
    # the registering one, is not counted again).
    return f"""
        INSERT INTO {CandidateStatusCount._meta.db_table}
            (program_id, organisation_id, subject_type, status, candidates)
        SELECT x.program_id, x.organisation_id, '', '{EXEMPLARS}', COUNT(*)
        FROM {Exemplar._meta.db_table} x
        WHERE 1 = 1 {where}
        GROUP BY x.program_id, x.organisation_id
    """  # noqa: S608


def recount(
    registration_ids: Iterable[int], candidate_ids: Iterable[int] = (), unit_ids: Iterable[int] = ()
) -> None:
    """Count again the units of the candidates in these registrations and of these candidates,
    and these units. Call inside the transaction of the change, after it (the quota counts'
    recount does, holding their lock)."""
    registrations = sorted({int(i) for i in registration_ids})
    candidates = sorted({int(i) for i in candidate_ids})
    units = {int(i) for i in unit_ids}
    with connection.cursor() as cursor:
        if registrations:
            marks = ", ".join(["%s"] * len(registrations))
            cursor.execute(
                f"SELECT DISTINCT c.organisation_id FROM {Entry._meta.db_table} e "  # noqa: S608
                f"JOIN {Candidate._meta.db_table} c ON c.id = e.candidate_id "
                f"WHERE e.registration_id IN ({marks})",
                registrations,
            )
            units.update(row[0] for row in cursor.fetchall())
        if candidates:
            units.update(
                Candidate.objects.filter(pk__in=candidates).values_list(
                    "organisation_id", flat=True
                )
            )
        if not units:
            return
        ids = sorted(units)
        marks = ", ".join(["%s"] * len(ids))
        CandidateStatusCount.objects.filter(organisation_id__in=ids).delete()
        cursor.execute(_insert_sql(f"AND c.organisation_id IN ({marks})"), ids)
        cursor.execute(_insert_all_sql(f"AND c.organisation_id IN ({marks})"), ids)
        cursor.execute(_insert_exemplars_sql(f"AND x.organisation_id IN ({marks})"), ids)


def rebuild(program_ids: list[int] | None = None) -> None:
    """Count every unit again (the candidates of these programs)."""
    rows = CandidateStatusCount.objects.all()
    where, params = "", []
    if program_ids is not None:
        rows = rows.filter(program_id__in=program_ids)
        params = list(program_ids)
        where = f"AND c.program_id IN ({', '.join(['%s'] * len(params))})"
    rows.delete()
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(where), params)
        cursor.execute(_insert_all_sql(where), params)
        cursor.execute(_insert_exemplars_sql(where.replace("c.program_id", "x.program_id")), params)


def answers(params: Mapping[str, Any]) -> bool:
    """Whether the rows give the list's total for these filters: a registration status, and no
    filter they do not hold."""
    return params.get("status") in RegistrationStatus.values and not any(
        v for k, v in params.items() if k not in SUMMED
    )


def exemplars(user: Actor, program: str | None = None) -> int:
    """The number of exemplars (of the program with this code) the user reads: of the units
    they cover, as `honours.domain.queries.exemplars` scopes them."""
    rows = CandidateStatusCount.objects.filter(scope_q(user), status=EXEMPLARS)
    if program is not None:
        rows = rows.filter(program__code=program)
    return int(rows.aggregate(n=Sum("candidates"))["n"] or 0)


def answers_all(params: Mapping[str, Any]) -> bool:
    """Whether the rows give the list's total for these filters without a status."""
    return not any(v for k, v in params.items() if k not in SUMMED - {"status"})


def total(user: Actor, params: Mapping[str, Any]) -> int:
    """The number of candidates the user reads that the list's filters (`answers`, or
    `answers_all` without a status) keep."""
    # Here: the permissions import the domain (quota_counts imports this module).
    from dienhinh.registrations import permissions

    status = params.get("status") or ALL
    rows = CandidateStatusCount.objects.filter(permissions.read_q(user), status=status)
    if params.get("program"):
        rows = rows.filter(program__code=params["program"])
    if params.get("subject_type"):
        rows = rows.filter(subject_type=params["subject_type"])
    if params.get("organisation"):
        rows = rows.filter(organisation__path__startswith=params["organisation"].path)
    return int(rows.aggregate(n=Sum("candidates"))["n"] or 0)
