"""The official administrative units and the reform of 1 July 2025, loaded into the tree.

The data (`orgs/data/admin-units-2025.json.gz`, sources in the README beside it) holds the list in
force on 01/03/2025 (63 provinces, 696 districts, 10,047 communes) and the list in force from
01/07/2025 (34 provinces, 3,321 communes), each new unit with the old units it was formed from.

Loading is idempotent: a unit already in the tree (by its official code and list, or an
organisation of the same kind and name under the same parent, such as the demo's) is kept and
given its code. Loading a date on or after the reform also records the reform as history:
districts closed, old communes merged into new ones (links full or partial), provinces merged;
the records of an ended unit follow its successor and its other organisations move with it.
Everything is inserted in bulk: the whole country takes seconds.
"""

import dataclasses
import datetime
import gzip
import json
from collections import defaultdict
from functools import cache
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Field

from dienhinh.core import audit
from dienhinh.orgs.domain import _repath_subtree, _repoint_records
from dienhinh.orgs.enums import EventKind, OrgKind, OrgStatus, Share
from dienhinh.orgs.models import (
    Membership,
    Organisation,
    OrganisationEvent,
    Succession,
    organisation_search_text,
)
from dienhinh.orgs.succession import refresh_predecessor_paths

DATA = Path(__file__).resolve().parent / "data" / "admin-units-2025.json.gz"
BEFORE = datetime.date(2025, 3, 1)
REFORM = datetime.date(2025, 7, 1)
DECISION_PROVINCES = "Nghị quyết 202/2025/QH15"
DECISION_DISTRICTS = "Nghị quyết 60-NQ/TW; Nghị quyết 202/2025/QH15"
DECISION_COMMUNES = "Nghị quyết 1654–1687/NQ-UBTVQH15"
ADMIN_KINDS = (OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.COMMUNE)


class AdminUnitsError(Exception):
    """The request names no unit of the lists; the message is for the operator."""


@cache
def dataset() -> dict:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@dataclasses.dataclass
class Report:
    created: int = 0
    adopted: int = 0
    closed: int = 0
    merged: int = 0
    links: int = 0
    moved: int = 0
    records: dict = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f"units: {self.created} new, {self.adopted} already in the tree given their code; "
            f"reform: {self.closed} closed, {self.merged} merged, {self.links} links, "
            f"{self.moved} organisations moved with their unit"
        )


def _commune_type(name: str) -> str:
    for prefix in ("Đặc khu", "Phường", "Xã"):
        if name.startswith(prefix):
            return prefix
    return ""


def _select(provinces: set[str] | None, as_of: datetime.date):
    """(old province codes, new province rows) that `provinces` names for `as_of`."""
    data = dataset()
    old_codes = {p[0] for p in data["before"]["provinces"]}
    if as_of < REFORM:
        chosen = old_codes if provinces is None else provinces & old_codes
        if provinces is not None and provinces - old_codes:
            raise AdminUnitsError(f"no province coded {sorted(provinces - old_codes)} on {as_of}")
        return chosen, []
    new = data["after"]["provinces"]
    known = {p[0] for p in new}
    if provinces is not None and provinces - known:
        raise AdminUnitsError(f"no province coded {sorted(provinces - known)} on {as_of}")
    rows = [p for p in new if provinces is None or p[0] in provinces]
    return {old for p in rows for old, _full in p[2]}, rows


class _Tree:
    """The organisations being loaded, found by (list date, official code)."""

    def __init__(self):
        self.by_code: dict[tuple, Organisation] = {}
        for org in Organisation.objects.exclude(official_code="").filter(listed_on__isnull=False):
            self.by_code[(org.listed_on, org.official_code)] = org
        self.unlisted: dict[tuple, Organisation] = {}
        for org in Organisation.objects.filter(official_code="", kind__in=ADMIN_KINDS):
            self.unlisted[(org.parent_id, org.kind, org.name)] = org
        self.pending: list[Organisation] = []
        self.adopted: list[Organisation] = []

    def get(self, listed_on, code):
        return self.by_code.get((listed_on, code))

    def ensure(self, listed_on, code, kind, name, official_type, parent, org_code):
        org = self.get(listed_on, code)
        if org is not None:
            return org
        org = self.unlisted.pop((parent.pk if parent else None, kind, name), None)
        if org is not None:
            org.official_code, org.official_type, org.listed_on = code, official_type, listed_on
            self.adopted.append(org)
        else:
            org = Organisation(
                code=org_code,
                kind=kind,
                name=name,
                parent=parent,
                official_code=code,
                official_type=official_type,
                listed_on=listed_on,
            )
            org.search_text = organisation_search_text(org)
            self.pending.append(org)
        self.by_code[(listed_on, code)] = org
        return org

    def flush(self) -> tuple[int, int]:
        """Insert the new units of one level, with their paths; save the adopted ones."""
        created, adopted = len(self.pending), len(self.adopted)
        if self.pending:
            for org in self.pending:
                if org.parent is not None:
                    org.parent_id = org.parent.pk
            Organisation.objects.bulk_create(self.pending, batch_size=500)
            if any(org.pk is None for org in self.pending):  # a backend that returns no ids
                ids = dict(
                    Organisation.objects.filter(
                        code__in=[o.code for o in self.pending]
                    ).values_list("code", "pk")
                )
                for org in self.pending:
                    org.pk = ids[org.code]
            for org in self.pending:
                org.path = f"{org.parent.path if org.parent is not None else '/'}{org.pk}/"
                org.depth = org.path.count("/") - 2
            _update(["path", "depth"], self.pending)
        if self.adopted:
            _update(["official_code", "official_type", "listed_on"], self.adopted)
        self.pending, self.adopted = [], []
        return created, adopted


def _column(name: str) -> str:
    field = Organisation._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise ValueError(f"not a column of Organisation: {name}")
    return field.column


def _update(fields: list[str], orgs: list[Organisation]) -> None:
    """Write `fields` of many organisations: one prepared statement, many rows (Django's
    bulk_update builds a CASE per row and costs seconds per thousand)."""
    if not orgs:
        return
    qn = connection.ops.quote_name
    columns = ", ".join(f"{qn(_column(f))} = %s" for f in fields)
    # Table and column names come from the model, never from input.
    sql = f"UPDATE {qn(Organisation._meta.db_table)} SET {columns} WHERE id = %s"  # noqa: S608
    rows = [[getattr(org, f) for f in fields] + [org.pk] for org in orgs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _load_before(tree: _Tree, old_codes: set[str], report: Report) -> None:
    data = dataset()["before"]
    for code, name, kind_name in data["provinces"]:
        if code in old_codes:
            tree.ensure(BEFORE, code, OrgKind.PROVINCE, name, kind_name, None, f"HC-{code}")
    _count(report, tree.flush())
    districts = {}
    for code, province, name, kind_name in data["districts"]:
        if province in old_codes:
            parent = tree.get(BEFORE, province)
            districts[code] = tree.ensure(
                BEFORE, code, OrgKind.DISTRICT, name, kind_name, parent, f"HC-{code}"
            )
    _count(report, tree.flush())
    for code, district, name, kind_name in data["communes"]:
        if district in districts:
            tree.ensure(
                BEFORE, code, OrgKind.COMMUNE, name, kind_name, districts[district], f"HC-{code}"
            )
    _count(report, tree.flush())


def _count(report: Report, counts: tuple[int, int]) -> None:
    report.created += counts[0]
    report.adopted += counts[1]


def _load_after(tree: _Tree, rows: list, report: Report) -> dict:
    """Create the new provinces and communes; return {old unit: [(new unit, full)]}."""
    links: dict[Organisation, list[tuple[Organisation, bool]]] = defaultdict(list)
    provinces = {}
    for code, name, merges in rows:
        if [old for old, _full in merges] == [code] and tree.get(BEFORE, code) is not None:
            # Not merged (Lai Châu): the same province goes on, in both lists.
            province = tree.get(BEFORE, code)
            tree.by_code[(REFORM, code)] = province
        else:
            province = tree.ensure(
                REFORM, code, OrgKind.PROVINCE, name, name.split(" ")[0], None, f"HC25-{code}"
            )
        provinces[code] = (province, merges)
    _count(report, tree.flush())
    for province, merges in provinces.values():
        for old, full in merges:
            old_org = tree.get(BEFORE, old)
            if old_org is not None and old_org.pk != province.pk:
                links[old_org].append((province, full))
    communes = dataset()["after"]["communes"]
    chosen = set(provinces)
    for code, province, name, _merges in communes:
        if province in chosen:
            tree.ensure(
                REFORM,
                code,
                OrgKind.COMMUNE,
                name,
                _commune_type(name),
                provinces[province][0],
                f"HC25-{code}",
            )
    _count(report, tree.flush())
    for code, province, _name, merges in communes:
        if province in chosen:
            new = tree.get(REFORM, code)
            for old, full in merges:
                old_org = tree.get(BEFORE, old)
                if old_org is not None:
                    links[old_org].append((new, full))
    return links


def _principal(old: Organisation, successors: list[tuple[Organisation, bool]]) -> Organisation:
    """The successor an ended unit's records follow: the one that took all of it, else the one
    bearing its name, else the first listed (an administrator may correct it)."""
    for new, full in successors:
        if full:
            return new
    bare = old.name.split(" ", 1)[-1]
    for new, _full in successors:
        if new.name.endswith(bare):
            return new
    return successors[0][0]


def _district_links(tree: _Tree, links: dict, old_codes: set[str]) -> dict:
    """{closed district: [(new commune, whole)]}: a district's territory went to the communes
    formed from its communes; all of it to one only when that one took every commune whole."""
    communes: dict[str, list[Organisation]] = defaultdict(list)
    for code, district, _name, _kind in dataset()["before"]["communes"]:
        old = tree.get(BEFORE, code)
        if old is not None:
            communes[district].append(old)
    result = {}
    for code, province, _name, _kind in dataset()["before"]["districts"]:
        district = tree.get(BEFORE, code) if province in old_codes else None
        if district is None:
            continue
        went = [pair for old in communes[code] for pair in links.get(old, [])]
        new = {unit.pk: unit for unit, _full in went if unit.kind == OrgKind.COMMUNE}
        whole = len(new) == 1 and all(full for _unit, full in went)
        result[district] = [(unit, whole) for unit in new.values()]
    return result


def _apply_reform(tree: _Tree, links: dict, old_codes: set[str], actor, report: Report):
    data = dataset()["before"]
    user = actor if getattr(actor, "is_authenticated", False) else None
    existing = set(Succession.objects.values_list("predecessor_id", "successor_id"))
    new_links, events = [], []
    ended: dict[int, Organisation] = {}  # ended unit -> the unit its records follow
    for old, successors in links.items():
        for new, full in successors:
            if (old.pk, new.pk) not in existing:
                existing.add((old.pk, new.pk))
                decision = DECISION_PROVINCES if old.kind == OrgKind.PROVINCE else DECISION_COMMUNES
                new_links.append(
                    Succession(
                        predecessor=old,
                        successor=new,
                        effective_on=REFORM,
                        share=Share.FULL if full else Share.PARTIAL,
                        decision=decision,
                    )
                )
        if old.status == OrgStatus.ACTIVE:
            target = _principal(old, successors)
            old.status, old.merged_into, old.ended_on = OrgStatus.MERGED, target, REFORM
            ended[old.pk] = target
            events.append(
                OrganisationEvent(
                    organisation=old,
                    kind=EventKind.MERGE,
                    effective_on=REFORM,
                    old_name=old.name,
                    target=target,
                    decision=DECISION_PROVINCES
                    if old.kind == OrgKind.PROVINCE
                    else DECISION_COMMUNES,
                    recorded_by=user,
                )
            )
            report.merged += 1
    for district, successors in _district_links(tree, links, old_codes).items():
        for new, full in successors:
            if (district.pk, new.pk) not in existing:
                existing.add((district.pk, new.pk))
                new_links.append(
                    Succession(
                        predecessor=district,
                        successor=new,
                        effective_on=REFORM,
                        share=Share.FULL if full else Share.PARTIAL,
                        decision=DECISION_COMMUNES,
                    )
                )
    Succession.objects.bulk_create(new_links, batch_size=1000)
    report.links += len(new_links)
    closed = []
    for code, province, _name, _kind in data["districts"]:
        district = tree.get(BEFORE, code) if province in old_codes else None
        if district is not None and district.status == OrgStatus.ACTIVE:
            province_org = tree.get(BEFORE, province)
            heir = province_org.merged_into if province_org.merged_into_id else province_org
            district.status, district.ended_on = OrgStatus.CLOSED, REFORM
            ended[district.pk] = heir
            closed.append(district)
            events.append(
                OrganisationEvent(
                    organisation=district,
                    kind=EventKind.CLOSE,
                    effective_on=REFORM,
                    old_name=district.name,
                    decision=DECISION_DISTRICTS,
                    recorded_by=user,
                )
            )
    report.closed += len(closed)
    changed = [o for o in links if o.pk in ended] + closed
    _update(["status", "merged_into_id", "ended_on"], changed)
    for code in {p for p in old_codes if tree.get(BEFORE, p)}:  # new provinces: a create event
        province = tree.get(BEFORE, code)
        if province.merged_into_id and not province.merged_into.events.exists():
            events.append(
                OrganisationEvent(
                    organisation=province.merged_into,
                    kind=EventKind.CREATE,
                    effective_on=REFORM,
                    new_name=province.merged_into.name,
                    decision=DECISION_PROVINCES,
                    recorded_by=user,
                )
            )
    new_communes = {new.pk: new for succ in links.values() for new, _f in succ}
    with_events = set(
        OrganisationEvent.objects.filter(
            organisation_id__in=list(new_communes), kind=EventKind.CREATE
        ).values_list("organisation_id", flat=True)
    )
    for pk, new in new_communes.items():
        if pk not in with_events and new.kind == OrgKind.COMMUNE:
            events.append(
                OrganisationEvent(
                    organisation=new,
                    kind=EventKind.CREATE,
                    effective_on=REFORM,
                    new_name=new.name,
                    decision=DECISION_COMMUNES,
                    recorded_by=user,
                )
            )
    OrganisationEvent.objects.bulk_create(events, batch_size=1000)
    _follow(ended, closed, actor, report)


def _follow(ended: dict[int, Organisation], closed: list, actor, report: Report) -> None:
    """Organisations under an ended unit move with it; a merged unit's records follow it."""
    if not ended:
        return
    ids = list(ended)
    children = []
    for start in range(0, len(ids), 500):
        children += list(
            Organisation.objects.filter(
                parent_id__in=ids[start : start + 500], status=OrgStatus.ACTIVE
            ).exclude(kind__in=ADMIN_KINDS)
        )
    closed_ids = {d.pk for d in closed}
    user = actor if getattr(actor, "is_authenticated", False) else None
    for child in children:
        old_parent = child.parent
        if old_parent is None:
            continue  # a province has no parent, and is never among the children moved here
        child.parent = ended[old_parent.pk]
        child.save()
        _repath_subtree(child)
        OrganisationEvent.objects.create(
            organisation=child,
            kind=EventKind.MOVE,
            effective_on=REFORM,
            old_parent=old_parent,
            target=child.parent,
            decision=DECISION_DISTRICTS if old_parent.pk in closed_ids else DECISION_PROVINCES,
            recorded_by=user,
        )
        audit.record(
            "org.move",
            child,
            actor=actor,
            before={"parent": old_parent},
            after={"parent": child.parent},
        )
        report.moved += 1
    Membership.objects.filter(organisation_id__in=list(closed_ids), active=True).update(
        active=False
    )
    # A standing agency serving an ended unit serves its heir (Sở Nội vụ of a merged province).
    for start in range(0, len(ids), 500):
        for agency in Organisation.objects.filter(standing_for_id__in=ids[start : start + 500]):
            heir = ended.get(agency.standing_for_id or 0)
            if heir is not None:
                agency.standing_for = heir
                agency.save()
    merged = [pk for pk in ids if pk not in closed_ids]
    holders = set()
    for rel in Organisation._meta.related_objects:
        model = rel.related_model
        if model is Organisation or getattr(model, "keeps_original_organisation", False):
            continue
        if not (rel.one_to_many or rel.one_to_one):
            continue
        for start in range(0, len(merged), 500):
            holders |= set(
                model._default_manager.filter(
                    **{f"{rel.field.name}__in": merged[start : start + 500]}
                ).values_list(rel.field.name, flat=True)
            )
    for pk in sorted(holders):
        source = Organisation.objects.get(pk=pk)
        for m in Membership.objects.filter(organisation=source, active=True):
            if Membership.objects.filter(
                organisation=ended[pk], user_id=m.user_id, role=m.role, active=True
            ).exists():
                m.active = False
                m.save(update_fields=["active"])
        moved = _repoint_records(source, ended[pk])
        for label, count in moved.items():
            report.records[label] = report.records.get(label, 0) + count


@transaction.atomic
def load(*, actor, provinces: set[str] | None = None, as_of: datetime.date | None = None) -> Report:
    """Load the units in force on `as_of` (today by default) of `provinces` (codes of that date;
    all by default). On or after 01/07/2025 the units before the reform are loaded too, as
    history, with the reform's events and links."""
    as_of = as_of or datetime.date.today()
    old_codes, new_rows = _select(provinces, as_of)
    report = Report()
    tree = _Tree()
    _load_before(tree, old_codes, report)
    if as_of >= REFORM:
        links = _load_after(tree, new_rows, report)
        _apply_reform(tree, links, old_codes, actor, report)
        refresh_predecessor_paths()
    audit.record(
        "org.load_admin_units",
        actor=actor,
        after={
            "provinces": sorted(provinces) if provinces else "all",
            "as_of": as_of.isoformat(),
            "created": report.created,
            "adopted": report.adopted,
            "closed": report.closed,
            "merged": report.merged,
            "links": report.links,
            "records_moved": report.records,
        },
        scope_path="",
    )
    return report
