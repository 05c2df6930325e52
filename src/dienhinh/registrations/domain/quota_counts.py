"""The quota dashboard's counts (`QuotaCount`, and `QuotaTypeCount` without the field), recounted in
the transaction that changes them.

A registration's rows are recounted from its entries whenever an entry is added, decided or
removed, the registration moves (submitted, accepted, returned, withdrawn…), or a candidate in it
changes subject type or field: the receivers in `apps.py` call `changed()`. A domain function that
saves many entries at once runs inside `batched()`, so that each registration is recounted once,
at the end, still inside its transaction. Writes that send no signal (bulk inserts, queryset
updates) call `recount()` themselves; `rebuild()` (the command `rebuild_quota_counts`) recounts
everything from the entries.

Two transactions recounting one registration are serialised by the audit chain's lock
(`core.audit.hold`), which every audited change takes anyway: the second one's statements then see
what the first committed. (A lock on the registration's row would deadlock: a candidate's edit
holds its unit's row while the registration's move holds the registration's and waits for the
unit's.)
"""

import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from dienhinh.core import audit
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import candidate_counts
from dienhinh.registrations.enums import COUNTED_STATUSES, EntryStatus, RegistrationStatus
from dienhinh.registrations.models import (
    Candidate,
    Entry,
    Exemplar,
    QuotaCount,
    QuotaCountChange,
    QuotaTypeCount,
    Registration,
)

_state = threading.local()


def _insert_sql(where: str) -> str:
    # Only table names and the enums' constants are written in; values go as parameters.
    counted = ", ".join(f"'{s}'" for s in COUNTED_STATUSES)
    registered = f"r.status IN ({counted}) OR e.status = '{EntryStatus.ACCEPTED}'"
    return f"""
        INSERT INTO {QuotaCount._meta.db_table}
            (registration_id, program_id, organisation_id, year, subject_type, field_id,
             registered, in_progress)
        SELECT r.id, r.program_id, r.organisation_id, r.year, c.subject_type, c.field_id,
               SUM(CASE WHEN {registered} THEN 1 ELSE 0 END),
               SUM(CASE WHEN {registered} THEN 0 ELSE 1 END)
        FROM {Entry._meta.db_table} e
        JOIN {Registration._meta.db_table} r ON r.id = e.registration_id
        JOIN {Candidate._meta.db_table} c ON c.id = e.candidate_id
        WHERE r.status <> '{RegistrationStatus.WITHDRAWN}' {where}
        GROUP BY r.id, r.program_id, r.organisation_id, r.year, c.subject_type, c.field_id
    """  # noqa: S608


def _by_type_sql(where: str) -> str:
    """The rows without the field, summed from the rows just written (`where` on them)."""
    columns = "registration_id, program_id, organisation_id, year, subject_type"
    return f"""
        INSERT INTO {QuotaTypeCount._meta.db_table} ({columns}, registered, in_progress)
        SELECT {columns}, SUM(registered), SUM(in_progress)
        FROM {QuotaCount._meta.db_table}
        WHERE 1 = 1 {where}
        GROUP BY {columns}
    """  # noqa: S608


def _changes_sql(marks: str) -> str:
    """The units (and years) whose counts the recount of these registrations rewrites: where
    their rows were, and where the registrations are now."""
    return f"""
        INSERT INTO {QuotaCountChange._meta.db_table} (program_id, organisation_id, year, stamp)
        SELECT program_id, organisation_id, year, %s FROM {QuotaTypeCount._meta.db_table}
        WHERE registration_id IN ({marks})
        UNION
        SELECT program_id, organisation_id, year, %s FROM {Registration._meta.db_table}
        WHERE id IN ({marks})
    """  # noqa: S608


def recount(
    registration_ids: Iterable[int], candidate_ids: Iterable[int] = (), unit_ids: Iterable[int] = ()
) -> None:
    """Replace the rows of these registrations by a count of their entries as they stand, and
    log their units as changed (`QuotaCountChange`). The list's counts by status
    (`candidate_counts`) of the units of their candidates, of `candidate_ids` (entries removed)
    and of `unit_ids` (candidates moved away or deleted) are counted again too."""
    ids = sorted({int(i) for i in registration_ids})
    candidate_ids, unit_ids = set(candidate_ids), set(unit_ids)
    if not ids and not candidate_ids and not unit_ids:
        return
    with transaction.atomic():
        if connection.features.has_select_for_update:
            audit.hold()
        candidate_counts.recount(ids, candidate_ids, unit_ids)
        if not ids:
            return
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            stamp = secrets.randbits(62)
            cursor.execute(_changes_sql(marks), [stamp, *ids, stamp, *ids])
        QuotaCount.objects.filter(registration_id__in=ids).delete()
        QuotaTypeCount.objects.filter(registration_id__in=ids).delete()
        with connection.cursor() as cursor:
            cursor.execute(_insert_sql(f"AND r.id IN ({marks})"), ids)
            cursor.execute(_by_type_sql(f"AND registration_id IN ({marks})"), ids)


def rebuild(program_ids: Iterable[int] | None = None) -> int:
    """Recount every registration (of these programs); the number of `QuotaCount` rows
    written. The log of changes of these programs is replaced by one entry for all their units
    (a reader behind it recounts the whole table)."""
    rows = QuotaCount.objects.all()
    by_type = QuotaTypeCount.objects.all()
    changes = QuotaCountChange.objects.all()
    programs = Program.objects.all()
    where, params = "", []
    if program_ids is not None:
        params = sorted(set(program_ids))
        if not params:
            return 0
        rows = rows.filter(program_id__in=params)
        by_type = by_type.filter(program_id__in=params)
        changes = changes.filter(program_id__in=params)
        programs = programs.filter(pk__in=params)
        where = f"AND program_id IN ({', '.join(['%s'] * len(params))})"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.features.has_select_for_update:
            audit.hold()
        changes.delete()
        QuotaCountChange.objects.bulk_create(
            QuotaCountChange(program_id=pk, stamp=secrets.randbits(62))
            for pk in programs.values_list("pk", flat=True)
        )
        rows.delete()
        by_type.delete()
        cursor.execute(_insert_sql(where.replace("program_id", "r.program_id")), params)
        written = max(int(cursor.rowcount), 0)
        cursor.execute(_by_type_sql(where), params)
        candidate_counts.rebuild(None if program_ids is None else params)
        return written


def prune_log() -> int:
    """Drop the entries of the log of changes (`QuotaCountChange`) older than each program's
    last one; the number dropped. A board that has read the last entry goes on from it; one
    kept from before it (a worker idle since) finds its entry gone and sums its units whole once,
    as after a rebuild (`unit_counts`). Run by the daily round."""
    last = (
        QuotaCountChange.objects.filter(program_id=OuterRef("program_id"))
        .order_by("-id")
        .values("id")[:1]
    )
    deleted, _by_model = QuotaCountChange.objects.filter(id__lt=Subquery(last)).delete()
    return deleted


def changed(
    registration_ids: Iterable[int], candidate_ids: Iterable[int] = (), unit_ids: Iterable[int] = ()
) -> None:
    """These registrations' entries changed (and these candidates' entries, and these units'
    candidates): recount them now, or at the end of `batched()`."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        recount(registration_ids, candidate_ids, unit_ids)
    else:
        pending[0].update(registration_ids)
        pending[1].update(candidate_ids)
        pending[2].update(unit_ids)


@contextmanager
def batched() -> Iterator[None]:
    """Recount the registrations changed inside once, on the way out (not after an error: the
    transaction is being rolled back). Use inside the transaction, as a decorator or `with`."""
    if getattr(_state, "pending", None) is not None:
        yield  # an outer batch recounts
        return
    pending: tuple[set[int], set[int], set[int]] = (set(), set(), set())
    _state.pending = pending
    try:
        yield
    finally:
        _state.pending = None
    recount(*pending)


# Receivers (connected in apps.py). A save naming `update_fields` that cannot change a count is
# skipped; a new candidate or registration has no entries yet.


def entry_saved(instance: Entry, update_fields: Any = None, **_kwargs: Any) -> None:
    if update_fields is None or "status" in update_fields:
        changed([instance.registration_id])


def entry_deleted(instance: Entry, **_kwargs: Any) -> None:
    changed([instance.registration_id], [instance.candidate_id])


def registration_deleted(instance: Registration, **_kwargs: Any) -> None:
    """Its rows go with it (a cascade, no recount): its unit is logged as changed."""
    with transaction.atomic():
        if connection.features.has_select_for_update:
            audit.hold()
        QuotaCountChange.objects.create(
            program_id=instance.program_id,
            organisation_id=instance.organisation_id,
            year=instance.year,
            stamp=secrets.randbits(62),
        )


REGISTRATION_FIELDS = {"status", "year", "organisation", "organisation_id", "program"}


def registration_saved(
    instance: Registration, created: bool = False, update_fields: Any = None, **_kwargs: Any
) -> None:
    if created or (update_fields is not None and not REGISTRATION_FIELDS & set(update_fields)):
        return
    changed([instance.pk])


CANDIDATE_FIELDS = {"subject_type", "field", "field_id"}
UNIT_FIELDS = {"organisation", "organisation_id"}


def candidate_saving(instance: Candidate, update_fields: Any = None, **_kwargs: Any) -> None:
    """Before a stored candidate is saved: the unit it is stored with (it may be moving)."""
    if instance._state.adding or (
        update_fields is not None and not UNIT_FIELDS & set(update_fields)
    ):
        return
    instance.stored_unit = (  # type: ignore[attr-defined]
        Candidate.objects.filter(pk=instance.pk).values_list("organisation_id", flat=True).first()
    )


def candidate_saved(
    instance: Candidate, created: bool = False, update_fields: Any = None, **_kwargs: Any
) -> None:
    now = (instance.subject_type, instance.field_id)
    was = getattr(instance, "counted_as", None)
    instance.counted_as = now  # type: ignore[attr-defined]
    stored_unit = getattr(instance, "stored_unit", None)
    instance.stored_unit = instance.organisation_id  # type: ignore[attr-defined]
    if created:
        # In no registration yet: its unit's count of every candidate (`candidate_counts.ALL`).
        changed([], unit_ids=[instance.organisation_id])
        return
    # Moved to another unit: both units' counts (the new one's of every candidate too).
    moved = [stored_unit] if stored_unit not in (None, instance.organisation_id) else []
    if was == now and not moved:
        return
    if update_fields is not None and not (CANDIDATE_FIELDS | UNIT_FIELDS) & set(update_fields):
        return
    changed(
        Entry.objects.filter(candidate_id=instance.pk).values_list("registration_id", flat=True),
        unit_ids=[*moved, instance.organisation_id],
    )


def candidate_deleted(instance: Candidate, **_kwargs: Any) -> None:
    """Its unit's counts (its entries went before it, each recounting theirs)."""
    changed([], unit_ids=[instance.organisation_id])


def exemplar_changed(instance: Exemplar, created: bool = True, **_kwargs: Any) -> None:
    """An exemplar made or deleted: its unit's count of exemplars (`candidate_counts.EXEMPLARS`).
    A save changes its state or year, which count nothing; a merge moves it with its unit's
    counts."""
    if created:
        changed([], unit_ids=[instance.organisation_id])
