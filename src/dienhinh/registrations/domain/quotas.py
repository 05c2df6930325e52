"""The quota dashboard: each unit's registered vs required numbers, in a handful of GROUP BY queries.

A unit's requirement comes from the program's Quota rows whose `org_kinds` name the unit's kind:
`minimums` ({"collective": 1, "individual": 1}: each type at least so many) and/or `any_of`
({"subject_types": [...], "count": N}: N in total among those types). "Registered" counts the
entries of submitted or accepted registrations; entries still with the unit count as "in progress".
Colour: green = met; amber = behind; red = behind and the deadline is 30 days away or past;
grey = a unit that registered without owing a quota.

Rows are the units that existed in the year shown (`existed_in`): a unit ended before 1 January
or formed after it (the communes of 01/07/2025) is not a row that year, so 2024 shows Lai Châu's
districts and 2026 its new communes. Rows are grouped by the local units of that year: the
districts up to 2025, the communes after. The quota of a kind of unit that no longer exists in the
year (the districts after the reform) is listed as no longer applicable (`Dashboard.lapsed`),
not counted as missing. A year's rules are those in force on its 1 January: as the document
wrote them, or as the standing agency amended them from a date on (`quota_amendments`), listed
in `Dashboard.amended`.

The counts are kept as things happen (`QuotaCount`, `domain.quota_counts`), so a board after a
change costs a grouped query over a few rows a unit; the units of each year (the tree) are kept
in `cache.units_cache`, and each board in the process under the registration data's version
(`registrations.domain.cache.records`), which any change to a candidate, registration, entry or
organisation replaces. What the dashboard says about them (cell texts, status labels, chart
labels) is in `registrations.interfaces.quota_table` and `interfaces.charts`.
"""

import datetime
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from dienhinh.core.actors import Actor
from dienhinh.core.cache import ProcessStore
from dienhinh.orgs.enums import OrgKind, OrgStatus
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import scope_roots
from dienhinh.programs.enums import MilestoneKind, ProgramStatus, QuotaPeriod, SubjectType
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import board_lines
from dienhinh.registrations.domain.cache import records, units_cache
from dienhinh.registrations.domain.unit_counts import UnitCounts, hold_counts, unit_counts
from dienhinh.registrations.enums import RegistrationStatus
from dienhinh.registrations.models import Registration

RED_DAYS = 30
GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"


@dataclass
class Requirement:
    minimums: dict[str, int] = field(default_factory=dict)
    any_of: list[tuple[tuple[str, ...], int]] = field(default_factory=list)
    per: str = QuotaPeriod.YEAR
    texts: list[str] = field(default_factory=list)

    @property
    def types(self) -> set[str]:
        types = set(self.minimums)
        for group, _n in self.any_of:
            types |= set(group)
        return types

    def shortfall(self, counts: dict[str, int]) -> int:
        """How many more entries the unit needs (0: met)."""
        missing = sum(max(0, n - counts.get(t, 0)) for t, n in self.minimums.items())
        for group, n in self.any_of:
            missing += max(0, n - sum(counts.get(t, 0) for t in group))
        return missing


NO_QUOTA = Requirement()


def requirements_by_kind(program: Program, year: int | None = None) -> dict[str, Requirement]:
    """Organisation kind -> the combined requirement of every quota naming that kind (in `year`:
    the rules in force on its 1 January, as written or as amended from a date on; see
    `quota_amendments`)."""
    return _rules(program, year)[0]


def _rules(
    program: Program, year: int | None
) -> tuple[dict[str, Requirement], list[tuple[str, datetime.date]]]:
    """`requirements_by_kind`, and the amended rules among them: (text, in force from)."""
    result: dict[str, Requirement] = {}
    amended: list[tuple[str, datetime.date]] = []
    for quota in program.quotas.all():
        if year is not None and not quota.applies_in(year):
            continue
        if quota.effective_from is not None:
            amended.append((quota.text, quota.effective_from))
        for kind in quota.org_kinds:
            req = result.setdefault(kind, Requirement(per=quota.per))
            for t, n in (quota.minimums or {}).items():
                req.minimums[t] = max(req.minimums.get(t, 0), int(n))
            if quota.any_of:
                req.any_of.append(
                    (
                        tuple(quota.any_of.get("subject_types", [])),
                        int(quota.any_of.get("count", 0)),
                    )
                )
            if quota.per == QuotaPeriod.PERIOD:
                req.per = QuotaPeriod.PERIOD
            req.texts.append(quota.text)
    return result, sorted(amended)


def default_year(
    program: Program,
    registrations: QuerySet[Registration],
    scope_key: tuple[Hashable, ...] | None = None,
) -> int:
    """The year the dashboard opens on: the latest with registrations up to the current year
    (a stray draft for a future year never decides it), else the current year within the
    program's period.

    `registrations` is the queryset the user may see (so a unit lands on its own latest year);
    with `scope_key` (what identifies that queryset, e.g. the user's scope roots) the answer is
    cached like the counts.
    """

    def latest() -> int | None:
        found: int | None = (
            registrations.filter(program=program, year__lte=timezone.localdate().year)
            .exclude(status=RegistrationStatus.WITHDRAWN)
            .aggregate(latest=Max("year"))["latest"]
        )
        return found

    year = records.kept(("default-year", program.pk, scope_key), latest) if scope_key else latest()
    if year:
        return year
    today = timezone.localdate().year
    return min(max(today, program.period_start.year), program.period_end.year)


def deadline(program: Program, year: int) -> datetime.date | None:
    """The registration deadline for `year`: the milestone's date, set by the document or by the
    standing agency; None when neither fixed one (Guide 2533 sets none: no unit is "late")."""
    dates = [
        m.due_date
        for m in program.milestones.all()
        if m.kind == MilestoneKind.REGISTRATION_DEADLINE and m.due_date
    ]
    same_year = [d for d in dates if d.year == year]
    if same_year:
        return min(same_year)
    if dates:
        return min(dates)
    return None


@dataclass(eq=False)
class Row:
    """One unit's line of the table. The unit is kept as plain values (a `Unit`); its
    Organisation is made only when the row is shown or exported."""

    unit: "Unit"
    district: Organisation | None
    requirement: Requirement
    counts: dict[str, int]
    in_progress: int
    colour: str
    shortfall: int
    types: list[str] = field(default_factory=list)

    @property
    def owes(self) -> bool:
        """Whether the unit owes a quota (a unit that registered without one is shown grey)."""
        return bool(self.requirement.texts)

    @property
    def formed_from_others(self) -> bool:
        """Whether the unit was formed from others (its history is on its page)."""
        return self.unit.formed_from_others

    @cached_property
    def organisation(self) -> Organisation:
        u = self.unit
        return Organisation(
            id=u.id, code=u.code, name=u.name, kind=u.kind, path=u.path, parent_id=u.parent_id
        )

    @cached_property
    def cells_for_types(self) -> list[dict[str, Any]]:
        return self.cells(self.types)

    def cells(self, types: list[str]) -> list[dict[str, Any]]:
        """Per subject type: registered, required (None where no minimum applies), short."""
        cells = []
        for t in types:
            registered = self.counts.get(t, 0)
            required = self.requirement.minimums.get(t)
            cells.append(
                {
                    "type": t,
                    "registered": registered,
                    "required": required,
                    "short": registered < (required or 0),
                }
            )
        return cells

    @property
    def registered(self) -> int:
        return sum(self.counts.values())

    @property
    def any_of(self) -> list[dict[str, Any]]:
        return [
            {
                "types": group,
                "required": n,
                "registered": sum(self.counts.get(t, 0) for t in group),
            }
            for group, n in self.requirement.any_of
        ]


@dataclass
class Dashboard:
    program: Program
    year: int
    deadline: datetime.date | None
    days_left: int | None
    types: list[str]
    rows: list[Row]
    totals: dict[str, Any]
    by_field: list[tuple[str, str, int]]  # (field code, name, registered); None: no field
    by_type: list[tuple[str, int]]  # (subject type, registered)
    by_district: list[tuple[str, int]]  # (local unit's name, registered); "" for units in none
    districts: list[Organisation]  # the local units of the year: districts, else communes
    colour_counts: dict[str, int]
    # The local units of the year are communes (after the reform of 01/07/2025), not districts.
    by_commune: bool = False
    # Quotas of kinds of unit that existed before the year and no longer do: (text, ended on).
    lapsed: list[tuple[str, datetime.date | None]] = field(default_factory=list)
    # The year's rules set by an amendment of the standing agency: (text, in force from).
    amended: list[tuple[str, datetime.date]] = field(default_factory=list)


def _colour(shortfall: int, days_left: int | None, owes: bool = True) -> str:
    if not owes:
        return GREY
    if shortfall == 0:
        return GREEN
    if days_left is not None and days_left <= RED_DAYS:
        return RED
    return AMBER


class Unit(NamedTuple):
    """A unit of the cached table: plain values, cheap to keep and to unpickle."""

    id: int
    code: str
    name: str
    kind: str
    path: str
    parent_id: int | None
    district_id: int | None
    counts: dict[str, int]  # registered (submitted or accepted) by subject type
    in_progress: int
    shortfall: int
    formed_from_others: bool = False


UNIT_FIELDS = ["id", "code", "name", "kind", "path", "parent_id", "predecessor_paths"]
DISTRICT_FIELDS = ["id", "name", "path"]


def existed_in(orgs: QuerySet[Organisation], year: int) -> QuerySet[Organisation]:
    """The organisations that existed on 1 January of `year`: not ended by then, and not formed
    after it from other units (the communes of 01/07/2025 begin in 2026; the districts ended on
    that day are the local units of 2025)."""
    first = datetime.date(year, 1, 1)
    existed: QuerySet[Organisation] = (
        orgs.filter(Q(status=OrgStatus.ACTIVE) | Q(ended_on__gt=first))
        .annotate(formed_on=Min("predecessor_links__effective_on"))
        .filter(Q(formed_on__isnull=True) | Q(formed_on__lte=first))
    )
    return existed


def _lapsed(
    program: Program, year: int, reqs: dict[str, Requirement], present: set[str]
) -> list[tuple[str, datetime.date]]:
    """Quotas every kind of which no longer exists under the program in `year` but did before:
    (text, the day the last such unit ended). One query, only when some kind has no unit."""
    missing = set(reqs) - present
    if not missing:
        return []
    gone = {
        kind: ended
        for kind, ended in Organisation.objects.filter(
            path__startswith=program.organisation.path,
            kind__in=sorted(missing),
            ended_on__isnull=False,
        )
        .values_list("kind")
        .annotate(last=Max("ended_on"))
        .order_by()
        if ended.year < year
    }
    still = {text for kind, req in reqs.items() if kind not in gone for text in req.texts}
    out: dict[str, datetime.date] = {}
    for kind, ended in gone.items():
        for text in reqs[kind].texts:
            if text not in still:
                out[text] = max(ended, out.get(text, ended))
    return sorted(out.items())


def _skeleton(program: Program, year: int, reqs: dict[str, Requirement]) -> dict[str, Any]:
    """The units owing a quota that existed in `year`, and the local units grouping them, as
    plain values in path order: {"units": [(id, code, name, kind, path, parent_id,
    predecessor_paths, district_id), ...], "others": {id: (the same), ...} (the units of the year
    owing none), "districts": [(id, name, path), ...], "by_commune", "lapsed"}. It changes only
    with the tree (kept under `cache.units_cache`), the same for every
    user and every change of the registrations."""
    root = program.organisation.path
    under = Organisation.objects.filter(path__startswith=root)
    districts = list(
        existed_in(under.filter(kind=OrgKind.DISTRICT), year)
        .order_by("path")
        .values_list(*DISTRICT_FIELDS)
    )
    by_commune = not districts
    if by_commune:  # after the reform the communes are the local units
        districts = list(
            existed_in(under.filter(kind=OrgKind.COMMUNE), year)
            .order_by("path")
            .values_list(*DISTRICT_FIELDS)
        )
    units = _with_district(
        existed_in(under.filter(kind__in=list(reqs)), year).order_by("path"), districts
    )
    others = _with_district(existed_in(under.exclude(kind__in=list(reqs)), year), districts)
    return {
        "units": units,
        # The units owing no quota, by id: a row when they register all the same.
        "others": {u[0]: u for u in others},
        "districts": districts,
        "by_commune": by_commune,
        "lapsed": _lapsed(program, year, reqs, {u[3] for u in units}),
    }


def _with_district(
    orgs: QuerySet[Organisation], districts: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """Each unit's values and the nearest district (or commune) on the way up (the unit itself,
    when it is one)."""
    district_ids = {d[0] for d in districts}
    return [
        (
            *values,
            next(
                (
                    int(x)
                    for x in reversed(values[4].strip("/").split("/"))
                    if int(x) in district_ids
                ),
                None,
            ),
        )
        for values in orgs.values_list(*UNIT_FIELDS)
    ]


def _unit_table(
    program: Program, year: int, field_id: int | None, reqs: dict[str, Requirement]
) -> dict[str, Any]:
    """Every unit of the program that has a quota (or registered this year without owing one),
    with its counts: plain values only.

    {"units": [Unit, ...], "districts": [(id, name, path), ...], ...}, in path order. The counts
    by unit are kept up to date from the log of changes (`unit_counts`: right after a change,
    only the units it names are summed again); the units come from the skeleton, kept until the
    tree changes.
    """
    tree_version = units_cache.version()
    skeleton = units_cache.get_or_set(
        ("skeleton", program.pk, program.organisation.path, year, repr(sorted(reqs.items()))),
        lambda: _skeleton(program, year, reqs),
        version=tree_version,
    )
    any_period = any(r.per == QuotaPeriod.PERIOD for r in reqs.values())
    kept = unit_counts(program.pk, year, field_id, any_period, tree_version)
    key = (tree_version, program.pk, year, field_id, repr(sorted(reqs.items())))
    previous = _tables.get(key)
    if previous is not None:
        as_of, table = previous
        if as_of == kept.as_of:
            return table  # type: ignore[no-any-return]
        if kept.since == as_of:
            patched = _patched_table(table, kept, skeleton, year, reqs)
            if patched is not None:
                _tables.put(key, (kept.as_of, patched))
                return patched
    table = _table(kept, skeleton, year, reqs, tree_version)
    _tables.put(key, (kept.as_of, table))
    return table


# The tables of units made from the kept sums, by the sums they were made from: a table is
# brought up to date by making again the units summed again (`UnitCounts.changed`).
_DEFAULT_ENTRIES = 32
_tables = ProcessStore(entries=_DEFAULT_ENTRIES)


def _unit(org: tuple[Any, ...], kept: UnitCounts, year: int, reqs: dict[str, Requirement]) -> Unit:
    org_id, code, name, kind, path, parent_id, predecessor_paths, district = org
    req = reqs.get(kind, NO_QUOTA)
    whole_period = req.per == QuotaPeriod.PERIOD
    per_type: dict[str, int] = {}
    for (y, t), n in kept.counts.get(org_id, {}).items():
        if whole_period or y == year:
            per_type[t] = per_type.get(t, 0) + n
    return Unit(
        org_id,
        code,
        name,
        kind,
        path,
        parent_id,
        district,
        per_type,
        kept.progress.get(org_id, 0),
        req.shortfall(per_type),
        bool(predecessor_paths),
    )


def _registered_without_quota(org_id: int, kept: UnitCounts, year: int) -> bool:
    return bool(
        kept.progress.get(org_id) or any(y == year for y, _t in kept.counts.get(org_id, ()))
    )


def _table(
    kept: UnitCounts,
    skeleton: dict[str, Any],
    year: int,
    reqs: dict[str, Requirement],
    tree_version: str,
) -> dict[str, Any]:
    orgs = skeleton["units"]
    # Who registered this year without owing a quota is shown too (grey): the other units of
    # the year are in the skeleton. Their kinds owe no quota, so the lapsed quotas stay.
    others = skeleton["others"]
    extra = [
        others[org_id]
        for org_id in {*kept.counts, *kept.progress}
        if org_id in others and _registered_without_quota(org_id, kept, year)
    ]
    if extra:
        orgs = sorted([*orgs, *extra], key=lambda u: u[4])
    units = [_unit(org, kept, year, reqs) for org in orgs]
    return {
        "units": units,
        "index": {u.id: i for i, u in enumerate(units)},
        "orgs": orgs,
        "districts": skeleton["districts"],
        "by_commune": skeleton["by_commune"],
        "lapsed": skeleton["lapsed"],
        "tree": tree_version,
        "sums": kept,
        # The units with rows in the year (and the field, if one is chosen).
        "counted": frozenset(kept.progress),
    }


def _patched_table(
    table: dict[str, Any],
    kept: UnitCounts,
    skeleton: dict[str, Any],
    year: int,
    reqs: dict[str, Requirement],
) -> dict[str, Any] | None:
    """`table` with the units summed again made again (None: a unit owing no quota starts or
    stops showing, the table is made whole)."""
    units = list(table["units"])
    others = skeleton["others"]
    for org_id in kept.changed:
        shown = org_id in table["index"]
        if org_id in others:
            if shown != _registered_without_quota(org_id, kept, year):
                return None
            if not shown:
                continue
        elif not shown:
            continue  # not a unit of the year
        i = table["index"][org_id]
        units[i] = _unit(table["orgs"][i], kept, year, reqs)
    return {
        **table,
        "units": units,
        "counted": frozenset(kept.progress),
        "sums": kept,
        "patched_from": table["sums"].as_of,
    }


def _organisation(fields: list[str], values: tuple[Any, ...]) -> Organisation:
    """An Organisation holding the cached values, for reading (rows shown, the CSV)."""
    return Organisation(**dict(zip(fields, values, strict=True)))


def _in_scope(path: str, roots: list[str] | None) -> bool:
    return roots is None or any(path.startswith(r) for r in roots)


def build(
    program: Program,
    year: int,
    user: "Actor | None",
    *,
    subject_type: str | None = None,
    field_id: int | None = None,
    district_id: int | None = None,
    colour: str | None = None,
    organisation: Organisation | None = None,
    today: datetime.date | None = None,
) -> Dashboard:
    """The dashboard for the organisations of the program that `user` covers (None: all).

    The result is kept in the process for the same data version, scope, filters, quota rules,
    deadline and language: it must not be changed by the caller.
    """
    today = today or timezone.localdate()
    reqs, amended = _rules(program, year)
    due = deadline(program, year)
    days_left = (due - today).days if due else None
    root_path = (organisation or program.organisation).path
    roots = scope_roots(user) if user is not None else None
    # A scope holding the whole board (a standing agency's) is the board of no scope: one key.
    if roots is not None and any(root_path.startswith(r) for r in roots):
        roots = None
    version = records.version()
    key = (
        "board",
        program.pk,
        year,
        subject_type,
        field_id,
        district_id,
        colour,
        root_path,
        None if roots is None else tuple(sorted(roots)),
        due,
        days_left,
        repr(sorted(reqs.items())),
        repr(amended),
    )
    return records.kept(
        key,
        lambda: _assemble(
            program,
            year,
            reqs,
            amended,
            due,
            days_left,
            root_path,
            roots,
            subject_type=subject_type,
            field_id=field_id,
            district_id=district_id,
            colour=colour,
        ),
        version=version,
    )


def _assemble(
    program: Program,
    year: int,
    reqs: dict[str, Requirement],
    amended: list[tuple[str, datetime.date]],
    due: datetime.date | None,
    days_left: int | None,
    root_path: str,
    roots: list[str] | None,
    *,
    subject_type: str | None,
    field_id: int | None,
    district_id: int | None,
    colour: str | None,
) -> Dashboard:
    table = _unit_table(program, year, field_id, reqs)
    types = [t for t in program.subject_types if t in SubjectType.values]
    if subject_type:
        types = [t for t in types if t == subject_type]
    # Most users' scope holds the whole table (a standing agency) or one subtree: test each
    # unit's path only when it must be.
    if roots is not None and any(root_path.startswith(r) for r in roots):
        roots = None
    lines = _lines(
        table,
        (
            program.pk,
            year,
            tuple(types),
            field_id,
            district_id,
            colour,
            root_path,
            None if roots is None else tuple(sorted(roots)),
            days_left,
            repr(sorted(reqs.items())),
        ),
        reqs,
        types,
        days_left,
        root_path,
        roots,
        subject_type,
        district_id,
        colour,
    )
    districts = lines.extra
    rows = lines.ordered
    if colour in (RED, AMBER, GREEN, GREY):
        rows = [r for r in rows if r.colour == colour]
    sums = lines.sums
    colour_counts = {c: sums.get(("colour", c), 0) for c in (RED, AMBER, GREEN, GREY)}
    totals: dict[str, Any] = {
        "registered": {t: sums.get(("registered", t), 0) for t in types},
        "required": {t: sums.get(("required", t), 0) for t in types},
        "any_of_required": sums.get("any_of_required", 0),
        "in_progress": sums.get("in_progress", 0),
        "organisations": sums.get("organisations", 0),
        "met": sums.get("met", 0),
    }
    totals["all_registered"] = sum(totals["registered"].values())

    shown_ids = sorted(r.unit.id for r in rows)

    by_field = board_lines.by_field(program, year, table, shown_ids, field_id, subject_type)
    by_type = [(t, totals["registered"][t]) for t in types]
    district_totals = {
        part[1]: sums.get(("district", part[1]), 0)
        for part, n in sums.items()
        if n and isinstance(part, tuple) and part[0] == "district rows"
    }
    by_district = sorted(district_totals.items(), key=lambda kv: (kv[0] == "", kv[0]))
    return Dashboard(
        program=program,
        year=year,
        deadline=due,
        days_left=days_left,
        types=types,
        rows=rows,
        totals=totals,
        by_field=by_field,
        by_type=by_type,
        by_district=by_district,
        districts=districts,
        colour_counts=colour_counts,
        by_commune=table.get("by_commune", False),
        lapsed=table.get("lapsed", []),
        amended=amended,
    )


# The rows of each board (program, year, filters, scope, deadline's distance, rules) with their
# totals, by the table they were made from: right after a change only the changed units' rows
# are made again (`board_lines`).
_boards = ProcessStore(entries=_DEFAULT_ENTRIES)
_ORDER = {RED: 0, AMBER: 1, GREEN: 2, GREY: 3}


def _row_key(row: Row) -> tuple[int, str]:
    return (_ORDER[row.colour], row.unit.path)


def _lines(
    table: dict[str, Any],
    key: Hashable,
    reqs: dict[str, Requirement],
    types: list[str],
    days_left: int | None,
    root_path: str,
    roots: list[str] | None,
    subject_type: str | None,
    district_id: int | None,
    colour: str | None,
) -> board_lines.Lines:
    """The board's rows in order with their totals' parts: kept, brought up to date row by row
    from those made from the table this one was patched from, or made whole."""
    source = (table["tree"], table["sums"].as_of)
    kept = _boards.get(key)
    if kept is not None and kept.source == source:
        return kept  # type: ignore[no-any-return]
    if kept is not None and kept.source[0] == table["tree"]:
        district_by_id = {d.pk: d for d in kept.extra}
    else:
        districts = [_organisation(DISTRICT_FIELDS, d) for d in table["districts"]]
        district_by_id = {d.pk: d for d in districts}

    def make(unit: Unit) -> Row | None:
        if not unit.path.startswith(root_path) or not _in_scope(unit.path, roots):
            return None
        req = reqs.get(unit.kind, NO_QUOTA)
        if subject_type and subject_type not in (req.types or unit.counts):
            return None
        if district_id and unit.district_id != district_id:
            return None
        return Row(
            unit,
            district_by_id.get(unit.district_id),
            req,
            unit.counts,
            unit.in_progress,
            _colour(unit.shortfall, days_left, bool(req.texts)),
            unit.shortfall,
            types,
        )

    def parts(row: Row) -> board_lines.Parts:
        out: board_lines.Parts = {("colour", row.colour): 1}
        if colour in (RED, AMBER, GREEN, GREY) and row.colour != colour:
            return out
        for t in types:
            out["registered", t] = row.counts.get(t, 0)
            out["required", t] = row.requirement.minimums.get(t, 0)
        district = row.district.name if row.district else ""
        out.update(
            {
                "any_of_required": sum(n for _g, n in row.requirement.any_of),
                "in_progress": row.in_progress,
                "organisations": int(row.owes),
                "met": int(row.colour == GREEN),
                ("district", district): row.registered,
                ("district rows", district): 1,
            }
        )
        return out

    if kept is not None and kept.source == (table["tree"], table.get("patched_from")):
        index, units = table["index"], table["units"]
        changed = [units[index[u]] for u in sorted(table["sums"].changed) if u in index]
        lines = board_lines.patched(kept, source, changed, make, _row_key, parts)
    else:
        lines = board_lines.made(
            source, table["units"], make, _row_key, parts, list(district_by_id.values())
        )
    _boards.put(key, lines)
    return lines


def warm_boards() -> int:
    """Build each active program's board of its default year for the whole program (the
    standing agency's, with no filter), and the tables of units and sums it is made from, so
    that a server's workers forked after the warm-up (`core.warmup`) find them; the number of
    boards."""
    year_now = timezone.localdate().year
    programs = list(
        Program.objects.filter(status=ProgramStatus.ACTIVE, period_end__year__gte=year_now)
        .select_related("organisation")
        .order_by("pk")
    )
    hold_boards(len(programs))
    built = 0
    for program in programs:
        build(program, default_year(program, Registration.objects.all()), None)
        built += 1
    return built


def hold_boards(boards: int) -> None:
    """Room in this process for `boards` boards built ahead, beside what the stores hold by
    default for the boards asked for as the requests come: with more active programs than that
    (34 at national scale, for 32), the warm-up's last boards dropped its first, and each worker
    built those again on its first request for them (80 ms, one dashboard request in twenty)."""
    for store in (_tables, _boards):
        store.hold(_DEFAULT_ENTRIES + boards)
    records.hold(_DEFAULT_ENTRIES + boards)
    units_cache.hold(_DEFAULT_ENTRIES + boards)
    hold_counts(boards)


def units_behind(program: Program, year: int, today: datetime.date | None = None) -> list[Row]:
    """Every unit of the program still short of its quota (for reminders; no user scope)."""
    return [r for r in build(program, year, None, today=today).rows if r.shortfall]
