"""The quota dashboard's counts by unit, kept up to date unit by unit.

The dashboard's table of units sums the kept counts (`QuotaTypeCount`, or `QuotaCount` for one
field) by unit, year and subject type. Summing all of a program's rows after every change cost
more than the rest of the page: the sums are kept instead (`UnitCounts`), in the process, with
the id of the last entry of the log of changes (`QuotaCountChange`, written by every recount in
its transaction) that they include. The server's workers are forked after the warm-up
(`core.warmup`), which makes them for the active programs. Before they are used, the log is
read from that id on: the units it names (few, right after a change) are summed again, and only
they. A rebuild of the program's counts, or more than `PATCH_LIMIT` units changed, sums them all
again.

Exact by construction: the log's ids grow in commit order (recounts hold the audit chain's lock
until they commit; SQLite has one writer), the log is read before the counts (a unit changed in
between is read again next time, which is harmless), and a unit's sums are always read whole.
The entry last applied is checked to be still there with the same random stamp: sums made
inside a transaction that was then rolled back (or before a database was restored) are made
again. The values are keyed by the tree's version (`cache.units_cache`): a change of the tree
starts afresh.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from dienhinh.core.cache import ProcessStore
from dienhinh.registrations.models import QuotaCount, QuotaCountChange, QuotaTypeCount

# Raised when the shape of `UnitCounts` changes.
FMT = 1
# More units changed than this since the sums were made: they are all made again.
PATCH_LIMIT = 200

_kept = ProcessStore(entries=32)


def hold_counts(programs: int) -> None:
    """Room for the counts of `programs` programs beside the default (`quotas.hold_boards`)."""
    _kept.hold(32 + programs)
    _fields_kept.hold(16 + programs)


@dataclass(frozen=True)
class UnitCounts:
    """A program's counts by unit, as of the log entry `seq`. Shared between requests: never
    changed in place (`patched` makes a new one)."""

    seq: int
    stamp: int  # that entry's stamp (0: no entry)
    # unit -> (year, subject type) -> registered entries (only the non-zero sums)
    counts: dict[int, dict[tuple[int, str], int]]
    # unit -> entries in progress in the year; every unit with rows in the year is a key
    progress: dict[int, int]
    # Made from the sums as of `since` (seq, stamp) by summing these units again; None: made
    # from all the rows.
    since: tuple[int, int] | None = None
    changed: frozenset[int] = frozenset()

    @property
    def as_of(self) -> tuple[int, int]:
        return (self.seq, self.stamp)


def unit_counts(
    program_id: int, year: int, field_id: int | None, whole_period: bool, tree_version: str
) -> UnitCounts:
    """The counts by unit of the program (of `year`, or of every year when a quota is for the
    whole period; of one field, or of all), up to date."""
    key = (FMT, tree_version, program_id, year, field_id, whole_period)
    kept = _kept.get(key)
    if kept is not None:
        fresh = _patched(kept, program_id, year, field_id, whole_period)
        if fresh is not None:
            if fresh is not kept:
                _kept.put(key, fresh)
            return fresh
    last = _last(program_id)
    counts, progress = _sums(program_id, year, field_id, whole_period)
    fresh = UnitCounts(*last, counts, progress)
    _kept.put(key, fresh)
    return fresh


def _patched(
    kept: UnitCounts, program_id: int, year: int, field_id: int | None, whole_period: bool
) -> UnitCounts | None:
    """`kept` with the units changed since it was made summed again (itself when none changed;
    None when they must all be summed again)."""
    changed = _changed_units(kept.as_of, program_id, year, whole_period)
    if changed is None:
        return None
    seq, stamp, units = changed
    if (seq, stamp) == kept.as_of:
        return kept
    if not units:
        return UnitCounts(seq, stamp, kept.counts, kept.progress, kept.as_of)
    counts, progress = _sums(program_id, year, field_id, whole_period, units)
    new_counts = {u: c for u, c in kept.counts.items() if u not in units}
    new_counts.update(counts)
    new_progress = {u: n for u, n in kept.progress.items() if u not in units}
    new_progress.update(progress)
    return UnitCounts(seq, stamp, new_counts, new_progress, kept.as_of, frozenset(units))


def _changed_units(
    as_of: tuple[int, int], program_id: int, year: int, whole_period: bool
) -> tuple[int, int, set[int]] | None:
    """The log's last entry (seq, stamp) and the units of the year (of any year, for the whole
    period) it names after `as_of`; None when every unit must be summed again (`as_of` no longer
    in the log, the program's counts rebuilt, too many units)."""
    changes = list(
        QuotaCountChange.objects.filter(program_id=program_id, id__gte=as_of[0])
        .order_by("id")
        .values_list("id", "organisation_id", "year", "stamp")
    )
    if as_of[0]:  # the entry last applied must still be there, the same
        if not changes or changes[0][0] != as_of[0] or changes[0][3] != as_of[1]:
            return None
        changes = changes[1:]
    if not changes:
        return (*as_of, set())
    units: set[int] = set()
    for _id, unit, changed_year, _stamp in changes:
        if unit is None:  # the program's counts were rebuilt
            return None
        if whole_period or changed_year in (None, year):
            units.add(unit)
    if len(units) > PATCH_LIMIT:
        return None
    return changes[-1][0], changes[-1][3], units


def _last(program_id: int) -> tuple[int, int]:
    """The log's last entry of the program: (id, stamp), (0, 0) if none."""
    last = (
        QuotaCountChange.objects.filter(program_id=program_id)
        .order_by("-id")
        .values_list("id", "stamp")
        .first()
    )
    return last or (0, 0)


@dataclass(frozen=True)
class FieldCounts:
    """A program's registered entries of one year by unit, field and subject type, and their
    totals, as of the log entry `as_of` (the dashboard's chart by field)."""

    as_of: tuple[int, int]
    # unit -> (field id or None, subject type) -> registered (only the non-zero sums)
    units: dict[int, dict[tuple[int | None, str], int]]
    totals: dict[tuple[int | None, str], int]


_fields_kept = ProcessStore(entries=16)


def field_counts(
    program_id: int, year: int, tree_version: str, base: UnitCounts | None = None
) -> FieldCounts:
    """The registered entries by unit, field and subject type of the program's year, up to date
    (brought up to date from the log like `unit_counts`). `base`: the table's sums of the same
    year, just brought up to date: the units they summed again are those to sum again here when
    both were as of the same entry, and the log need not be read again."""
    key = (FMT, tree_version, program_id, year)
    kept = _fields_kept.get(key)
    if kept is not None:
        if base is not None and kept.as_of == base.as_of:
            return kept  # type: ignore[no-any-return]
        changed: tuple[int, int, set[int]] | None
        if base is not None and base.since is not None and kept.as_of == base.since:
            changed = (*base.as_of, set(base.changed))
        else:
            changed = _changed_units(kept.as_of, program_id, year, False)
        if changed is not None:
            fresh = _fields_patched(kept, program_id, year, changed)
            _fields_kept.put(key, fresh)
            return fresh
    as_of = base.as_of if base is not None else _last(program_id)
    all_units = _field_sums(program_id, year)
    totals: dict[tuple[int | None, str], int] = {}
    for sums in all_units.values():
        for k, n in sums.items():
            totals[k] = totals.get(k, 0) + n
    fresh = FieldCounts(as_of, all_units, totals)
    _fields_kept.put(key, fresh)
    return fresh


def _fields_patched(
    kept: FieldCounts, program_id: int, year: int, changed: tuple[int, int, set[int]]
) -> FieldCounts:
    seq, stamp, units = changed
    if (seq, stamp) == kept.as_of:
        return kept
    fresh_units = _field_sums(program_id, year, units) if units else {}
    new_units = {u: c for u, c in kept.units.items() if u not in units}
    new_units.update(fresh_units)
    totals = dict(kept.totals)
    for unit in units:
        for k, n in kept.units.get(unit, {}).items():
            totals[k] -= n
        for k, n in fresh_units.get(unit, {}).items():
            totals[k] = totals.get(k, 0) + n
    return FieldCounts((seq, stamp), new_units, {k: n for k, n in totals.items() if n})


def _field_sums(
    program_id: int, year: int, units: set[int] | None = None
) -> dict[int, dict[tuple[int | None, str], int]]:
    rows = QuotaCount.objects.filter(program_id=program_id, year=year, registered__gt=0)
    if units is not None:
        rows = rows.filter(organisation_id__in=sorted(units))
    sums: dict[int, dict[tuple[int | None, str], int]] = defaultdict(dict)
    for org_id, field_id, subject, registered in (
        rows.values_list("organisation_id", "field_id", "subject_type")
        .annotate(n=Sum("registered"))
        .order_by()
    ):
        sums[org_id][field_id, subject] = registered
    return dict(sums)


def _sums(
    program_id: int,
    year: int,
    field_id: int | None,
    whole_period: bool,
    units: set[int] | None = None,
) -> tuple[dict[int, dict[tuple[int, str], int]], dict[int, int]]:
    """The kept rows summed by unit, year and subject type (of these units only, if given)."""
    rows: QuerySet[QuotaCount] | QuerySet[QuotaTypeCount]
    if field_id:
        rows = QuotaCount.objects.filter(program_id=program_id, field_id=field_id)
    else:  # the rows without the field: about a seventh as many
        rows = QuotaTypeCount.objects.filter(program_id=program_id)
    if not whole_period:
        rows = rows.filter(year=year)
    if units is not None:
        rows = rows.filter(organisation_id__in=sorted(units))
    grouped = (
        rows.values_list("organisation_id", "year", "subject_type")
        .annotate(registered=Sum("registered"), in_progress=Sum("in_progress"))
        .order_by()
    )
    counts: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)
    progress: dict[int, int] = {}
    for org_id, y, subject, registered, in_progress in grouped:
        if registered:
            counts[org_id][y, subject] = registered
        if y == year:
            progress[org_id] = progress.get(org_id, 0) + in_progress
    return dict(counts), progress
