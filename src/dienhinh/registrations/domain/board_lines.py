"""The quota dashboard's rows in their order, with their totals, brought up to date row by row;
its chart by field.

Right after a change the board's table of units is made again only for the units summed again
(`quotas._unit_table`); the board made from it had to make again a row for each of its ~1,000
units, sort them and add them up. `Lines` keeps the rows of one board (its program, year,
filters and scope) in order with the sums of what each row adds to the totals; `patched` takes
out the rows of the units changed and puts in their new ones, in place in the order, and takes
their old parts from the sums and adds the new. Nothing else is read.

Exact by construction: a row depends on its unit's line of the table only (and on what the
board's key holds), and the totals are sums over the rows, so a unit's old row taken out and its
new one put in give what making them all again would.
"""

import bisect
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from dienhinh.programs.models import Field, Program
from dienhinh.registrations.domain.unit_counts import field_counts

# What a row adds to the totals: {part: amount}.
Parts = dict[Hashable, int]


@dataclass(frozen=True)
class Lines:
    """A board's rows (of the units the filters keep) by unit and in order, and the sums of their
    parts; `source` tells which table they were made from. Shared between requests: never
    changed in place."""

    source: Hashable
    rows: dict[int, Any]
    ordered: list[Any]
    sums: dict[Hashable, int]
    extra: Any = None  # what the rows were made with (the districts)


def made(
    source: Hashable,
    units: Iterable[Any],
    make: Callable[[Any], Any],
    key: Callable[[Any], Any],
    parts: Callable[[Any], Parts],
    extra: Any = None,
) -> Lines:
    """The rows made from every unit (`make` returns None for a unit the board leaves out)."""
    rows = {}
    sums: dict[Hashable, int] = {}
    for unit in units:
        row = make(unit)
        if row is not None:
            rows[unit.id] = row
            _add(sums, parts(row), 1)
    return Lines(source, rows, sorted(rows.values(), key=key), sums, extra)


def patched(
    lines: Lines,
    source: Hashable,
    changed: Iterable[Any],
    make: Callable[[Any], Any],
    key: Callable[[Any], Any],
    parts: Callable[[Any], Parts],
) -> Lines:
    """`lines` with the rows of the `changed` units made again (each unit with its new line)."""
    rows = dict(lines.rows)
    ordered = list(lines.ordered)
    sums = dict(lines.sums)
    for unit in changed:
        old = rows.pop(unit.id, None)
        if old is not None:
            at = bisect.bisect_left(ordered, key(old), key=key)
            if ordered[at] is not old:
                raise LookupError("a board's rows are out of order")
            del ordered[at]
            _add(sums, parts(old), -1)
        row = make(unit)
        if row is not None:
            rows[unit.id] = row
            bisect.insort(ordered, row, key=key)
            _add(sums, parts(row), 1)
    return Lines(source, rows, ordered, sums, lines.extra)


def _add(sums: dict[Hashable, int], parts: Parts, sign: int) -> None:
    for part, n in parts.items():
        sums[part] = sums.get(part, 0) + sign * n


def by_field(
    program: Program,
    year: int,
    table: dict[str, Any],
    shown_ids: list[int],
    field_id: int | None,
    subject_type: str | None,
) -> list[tuple[str, str, int]]:
    """(field code, name, registered) of the units shown, in the order of the codes (no field
    last). Summed from the kept sums by unit and field (`unit_counts.field_counts`): the
    program's totals less the units left out when they are fewer (the units with rows in the
    year that are not shown: none for a standing agency's whole board)."""
    if not shown_ids:
        return []
    # The table's sums are those of the year (or of every year): their units summed again
    # include the year's.
    kept = field_counts(program.pk, year, table["tree"], table["sums"])
    hidden = table["counted"].difference(shown_ids)
    if len(hidden) < len(shown_ids):
        totals = dict(kept.totals)
        for unit in hidden:
            for k, n in kept.units.get(unit, {}).items():
                totals[k] -= n
    else:
        totals = {}
        for unit in shown_ids:
            for k, n in kept.units.get(unit, {}).items():
                totals[k] = totals.get(k, 0) + n
    sums: dict[int | None, int] = defaultdict(int)
    for (fid, subject), n in totals.items():
        if (
            n
            and (not field_id or fid == field_id)
            and (not subject_type or subject == subject_type)
        ):
            sums[fid] += n
    names = dict(
        (pk, (code, name))
        for pk, code, name in Field.objects.filter(pk__in=[k for k in sums if k])
        .order_by()
        .values_list("id", "code", "name")
    )
    by_name: dict[tuple[str, str], int] = defaultdict(int)
    for pk, n in sums.items():
        by_name[names.get(pk, ("", "")) if pk else ("", "")] += n
    return sorted(
        ((code, name, n) for (code, name), n in by_name.items()),
        key=lambda f: (not f[0], f[0], f[1]),
    )
