"""The quota dashboard: each unit's registered vs required numbers, in a handful of GROUP BY queries.

A unit's requirement comes from the program's Quota rows whose `org_kinds` name the unit's kind:
`minimums` ({"collective": 1, "individual": 1}: each type at least so many) and/or `any_of`
({"subject_types": [...], "count": N}: N in total among those types). "Registered" counts the
entries of submitted or accepted registrations; entries still with the unit count as "in progress".
Colour: green = met; amber = behind; red = behind and the deadline is 30 days away or past.
"""

import datetime
import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from dienhinh.orgs.enums import OrgKind, OrgStatus
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import scope_q
from dienhinh.programs.enums import MilestoneKind, QuotaPeriod, SubjectType
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import COUNTED_STATUSES, RegistrationStatus
from dienhinh.registrations.models import Entry

RED_DAYS = 30
GREEN, AMBER, RED = "green", "amber", "red"

# The two GROUP BY queries are kept in the cache under a token that any change to a candidate,
# a registration or an entry discards (see `data_changed`, connected in apps.py).
VERSION_KEY = "registrations:quotas:version"
CACHE_SECONDS = 6 * 3600


def data_changed(**_kwargs) -> None:
    """Forget every cached count: now, and again once the transaction commits (a page built
    meanwhile from the data not yet committed must not stay cached)."""
    _forget()
    transaction.on_commit(_forget)


def _forget() -> None:
    try:
        with transaction.atomic():  # a savepoint: a failure leaves the caller's transaction usable
            cache.delete(VERSION_KEY)
    except DatabaseError:  # no cache table yet (a database being set up)
        pass


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or ""
    return version


def _cached(version: str, parts: tuple, compute, seconds: int = CACHE_SECONDS):
    if not version:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"registrations:quotas:{version}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached(parts: tuple, compute, seconds: int = CACHE_SECONDS):
    """`compute()`, kept until a candidate, registration or entry changes (or `seconds` pass)."""
    return _cached(_version(), parts, compute, seconds)


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

    @property
    def total_required(self) -> int:
        return sum(self.minimums.values()) + sum(n for _g, n in self.any_of)


def requirements_by_kind(program: Program) -> dict[str, Requirement]:
    """Organisation kind -> the combined requirement of every quota naming that kind."""
    result: dict[str, Requirement] = {}
    for quota in program.quotas.all():
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
    return result


def default_year(program: Program, registrations) -> int:
    """The year the dashboard opens on: the latest with registrations, else the period's end.

    `registrations` is the queryset the user may see (so a unit lands on its own latest year).
    """
    latest = (
        registrations.filter(program=program)
        .exclude(status=RegistrationStatus.WITHDRAWN)
        .aggregate(latest=Max("year"))["latest"]
    )
    return latest or program.period_end.year


def deadline(program: Program, year: int) -> datetime.date | None:
    """The registration deadline for `year`: the milestone, or else the end of the program period."""
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
    return program.period_end


@dataclass
class Row:
    organisation: Organisation
    district: Organisation | None
    requirement: Requirement
    counts: dict[str, int]
    in_progress: int
    colour: str
    shortfall: int
    cells_for_types: list[dict] = field(default_factory=list)

    def cells(self, types: list[str]) -> list[dict]:
        return [
            {
                "type": t,
                "registered": self.counts.get(t, 0),
                "required": self.requirement.minimums.get(t),
                "short": self.counts.get(t, 0) < self.requirement.minimums.get(t, 0),
            }
            for t in types
        ]

    @property
    def registered(self) -> int:
        return sum(self.counts.values())

    @property
    def any_of(self) -> list[dict]:
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
    totals: dict
    by_field: list[tuple[str, int]]
    by_type: list[tuple[str, int]]
    by_district: list[tuple[str, int]]
    districts: list[Organisation]
    colour_counts: dict[str, int]

    @property
    def total_cells(self) -> list[dict]:
        return [
            {
                "type": t,
                "registered": self.totals["registered"][t],
                "required": self.totals["required"][t],
            }
            for t in self.types
        ]


def _colour(shortfall: int, days_left: int | None) -> str:
    if shortfall == 0:
        return GREEN
    if days_left is not None and days_left <= RED_DAYS:
        return RED
    return AMBER


def build(
    program: Program,
    year: int,
    user,
    *,
    subject_type: str | None = None,
    field_id: int | None = None,
    district_id: int | None = None,
    colour: str | None = None,
    organisation: Organisation | None = None,
    today: datetime.date | None = None,
) -> Dashboard:
    """The dashboard for the organisations of the program that `user` covers (None: all)."""
    today = today or timezone.localdate()
    reqs = requirements_by_kind(program)
    due = deadline(program, year)
    days_left = (due - today).days if due else None
    root_path = (organisation or program.organisation).path

    orgs = list(
        Organisation.objects.filter(
            scope_q(user, "") if user is not None else Q(),
            path__startswith=root_path,
            status=OrgStatus.ACTIVE,
            kind__in=list(reqs),
        ).only("id", "code", "name", "kind", "path", "parent_id")
    )
    districts = list(
        Organisation.objects.filter(
            path__startswith=program.organisation.path, kind=OrgKind.DISTRICT
        ).only("id", "name", "path")
    )
    district_by_path = sorted(((d.path, d) for d in districts), key=lambda p: -len(p[0]))

    def district_of(org):
        for path, d in district_by_path:
            if org.path.startswith(path):
                return d
        return None

    # Scope is applied through `orgs` (already scoped) rather than in SQL: the GROUP BY then
    # runs on the program's entries alone, without a join to the organisation tree.
    entries = Entry.objects.filter(registration__program=program)
    if field_id:
        entries = entries.filter(candidate__field_id=field_id)
    period_quota = any(r.per == QuotaPeriod.PERIOD for r in reqs.values())
    year_filter = {} if period_quota else {"registration__year": year}
    grouped = (
        entries.filter(**year_filter)
        .exclude(registration__status=RegistrationStatus.WITHDRAWN)
        .values(
            "registration__organisation_id",
            "registration__year",
            "registration__status",
            "candidate__subject_type",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    version = _version()
    grouped = _cached(
        version,
        ("grouped", program.pk, year if year_filter else None, field_id),
        lambda qs=grouped: list(qs),
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    progress: dict[int, int] = defaultdict(int)
    org_ids = {o.pk for o in orgs}
    for g in grouped:
        org_id = g["registration__organisation_id"]
        if org_id not in org_ids:
            continue
        if g["registration__status"] in COUNTED_STATUSES:
            counts[org_id][(g["registration__year"], g["candidate__subject_type"])] += g["n"]
        elif g["registration__year"] == year:
            progress[org_id] += g["n"]

    rows = []
    for org in orgs:
        req = reqs[org.kind]
        per_type: dict[str, int] = defaultdict(int)
        for (y, t), n in counts.get(org.pk, {}).items():
            if req.per == QuotaPeriod.PERIOD or y == year:
                per_type[t] += n
        if subject_type and subject_type not in req.types:
            continue
        district = district_of(org)
        if district_id and (district is None or district.pk != district_id):
            continue
        short = req.shortfall(per_type)
        row = Row(
            org,
            district,
            req,
            dict(per_type),
            progress.get(org.pk, 0),
            _colour(short, days_left),
            short,
        )
        rows.append(row)
    colour_counts = {c: sum(1 for r in rows if r.colour == c) for c in (RED, AMBER, GREEN)}
    if colour in (RED, AMBER, GREEN):
        rows = [r for r in rows if r.colour == colour]
    rows.sort(key=lambda r: ({RED: 0, AMBER: 1, GREEN: 2}[r.colour], r.organisation.path))

    types = [t for t in program.subject_types if t in SubjectType.values]
    if subject_type:
        types = [t for t in types if t == subject_type]
    for r in rows:
        r.cells_for_types = r.cells(types)
    totals = {
        "registered": {t: sum(r.counts.get(t, 0) for r in rows) for t in types},
        "required": {t: sum(r.requirement.minimums.get(t, 0) for r in rows) for t in types},
        "any_of_required": sum(n for r in rows for _g, n in r.requirement.any_of),
        "in_progress": sum(r.in_progress for r in rows),
        "organisations": len(rows),
        "met": sum(1 for r in rows if r.colour == GREEN),
    }
    totals["all_registered"] = sum(totals["registered"].values())

    shown_ids = {r.organisation.pk for r in rows}
    by_field_rows = (
        (
            entries.filter(
                registration__year=year,
                registration__status__in=COUNTED_STATUSES,
                registration__organisation_id__in=shown_ids,
            )
            .values("candidate__field__code", "candidate__field__name")
            .annotate(n=Count("id"))
            .order_by("candidate__field__code")
        )
        if shown_ids
        else []
    )
    if subject_type:
        by_field_rows = (
            by_field_rows.filter(candidate__subject_type=subject_type) if shown_ids else []
        )
    if shown_ids:
        by_field_rows = _cached(
            version,
            ("by_field", program.pk, year, field_id, subject_type, sorted(shown_ids)),
            lambda qs=by_field_rows: list(qs),
        )
    by_field = [
        (
            f"{r['candidate__field__code']}) {r['candidate__field__name']}"
            if r["candidate__field__code"]
            else "—",
            r["n"],
        )
        for r in by_field_rows
    ]
    labels = dict(SubjectType.choices)
    by_type = [(str(labels[t]), totals["registered"][t]) for t in types]
    district_totals: dict[str, int] = defaultdict(int)
    for r in rows:
        district_totals[r.district.name if r.district else ""] += r.registered
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
    )


def units_behind(program: Program, year: int, today: datetime.date | None = None) -> list[Row]:
    """Every unit of the program still short of its quota (for reminders; no user scope)."""
    return [r for r in build(program, year, None, today=today).rows if r.shortfall]
