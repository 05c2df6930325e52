"""A program's whole record, as far as the actor may see it, in a ZIP for another system; and
its import into an empty installation.

The archive holds one JSON file (typed values, read back by the import) and one CSV file (for
people and spreadsheets) per table, and `manifest.json`: the format and version, the program,
when and by whom, and each table's columns, row count and SHA-256. Rows are the records' own
columns, ordered by id; links to people (who recorded what) are left out, and so is a link to a
record outside the archive. Left out entirely: evidence files, frozen dossiers, attestations,
council votes, holds, spending and the portal's stories.
"""

import csv
import hashlib
import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from dienhinh.core import audit
from dienhinh.core.actors import system
from dienhinh.honours.models import (
    Decision,
    FollowUp,
    Honour,
    Replication,
    ReviewEntry,
    ReviewRound,
)
from dienhinh.orgs import queries as org_queries
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Criterion, Field, Milestone, Program, Quota
from dienhinh.registrations.domain import queries
from dienhinh.registrations.models import (
    AnnualRating,
    Candidate,
    CulturalFamilyYear,
    Discipline,
    Entry,
    Exemplar,
    FieldMetric,
    Recognition,
    Registration,
    Violation,
)

FORMAT = "dienhinh-program-export"
VERSION = 1

# Tables in the order an import creates them.
TABLES: list[tuple[str, type[models.Model]]] = [
    ("organisations", Organisation),
    ("programs", Program),
    ("fields", Field),
    ("criteria", Criterion),
    ("quotas", Quota),
    ("milestones", Milestone),
    ("candidates", Candidate),
    ("ratings", AnnualRating),
    ("recognitions", Recognition),
    ("cultural_years", CulturalFamilyYear),
    ("violations", Violation),
    ("disciplines", Discipline),
    ("metrics", FieldMetric),
    ("registrations", Registration),
    ("entries", Entry),
    ("exemplars", Exemplar),
    ("follow_ups", FollowUp),
    ("replications", Replication),
    ("reviews", ReviewRound),
    ("review_entries", ReviewEntry),
    ("decisions", Decision),
    ("honours", Honour),
]


class ImportRefused(Exception):
    """The archive is not one of ours, or the installation already holds its records."""


def querysets(program: Program, actor: Any) -> dict[str, models.QuerySet]:
    """Each table's rows the actor may see, as the web pages scope them."""
    cands = queries.candidates(actor).filter(program=program)
    regs = queries.registrations(actor).filter(program=program)
    exemplars = queries.exemplars(actor).filter(program=program)
    honours = org_queries.scoped(
        Honour.objects.filter(decision__program=program), actor, "exemplar__organisation"
    )
    sets: dict[str, models.QuerySet] = {
        "programs": Program.objects.filter(pk=program.pk),
        "fields": Field.objects.filter(program=program),
        "criteria": Criterion.objects.filter(program=program),
        "quotas": Quota.objects.filter(program=program),
        "milestones": Milestone.objects.filter(program=program),
        "candidates": cands,
        "ratings": AnnualRating.objects.filter(candidate__in=cands),
        "recognitions": Recognition.objects.filter(candidate__in=cands),
        "cultural_years": CulturalFamilyYear.objects.filter(candidate__in=cands),
        "violations": Violation.objects.filter(candidate__in=cands),
        "disciplines": Discipline.objects.filter(candidate__in=cands),
        "metrics": FieldMetric.objects.filter(candidate__in=cands),
        "registrations": regs,
        "entries": Entry.objects.filter(registration__in=regs, candidate__in=cands),
        "exemplars": exemplars,
        "follow_ups": FollowUp.objects.filter(exemplar__in=exemplars),
        "replications": Replication.objects.filter(exemplar__in=exemplars),
        "reviews": ReviewRound.objects.filter(program=program)
        if org_queries.covers(actor, program.organisation, ("standing_officer", "administrator"))
        else ReviewRound.objects.none(),
        "decisions": Decision.objects.filter(pk__in=honours.values("decision_id")),
        "honours": honours,
    }
    sets["review_entries"] = ReviewEntry.objects.filter(
        review__in=sets["reviews"], exemplar__in=exemplars
    )
    # The organisations the rows name, and every one above them (the tree stays whole).
    named: set[int] = {program.organisation_id}
    if program.standing_agency_id:
        named.add(program.standing_agency_id)
    for key in ("candidates", "registrations", "exemplars"):
        named |= set(sets[key].values_list("organisation_id", flat=True))
    named |= set(sets["replications"].values_list("organisation_id", flat=True))
    paths = Organisation.objects.filter(pk__in=named).values_list("path", flat=True)
    ids = {int(p) for path in paths for p in path.strip("/").split("/") if p}
    sets["organisations"] = Organisation.objects.filter(pk__in=ids)
    return sets


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields]


def _is_person(field: models.Field) -> bool:
    target = field.related_model if field.is_relation else None
    return target is not None and target._meta.label == settings.AUTH_USER_MODEL


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def rows_of(sets: dict[str, models.QuerySet]) -> dict[str, list[dict[str, Any]]]:
    ids = {name: set(qs.values_list("pk", flat=True)) for name, qs in sets.items()}
    by_model = {model: name for name, model in TABLES}
    out: dict[str, list[dict[str, Any]]] = {}
    for name, model in TABLES:
        columns = _columns(model)
        rows = []
        for obj in sets[name].order_by("pk"):
            row: dict[str, Any] = {}
            for f in columns:
                value = getattr(obj, f.attname)
                if f.is_relation:
                    target = by_model.get(f.related_model)  # type: ignore[arg-type]
                    if _is_person(f) or target is None or value not in ids[target]:
                        value = None
                elif isinstance(value, bytes | memoryview):
                    value = None
                row[f.attname] = _plain(value)
            rows.append(row)
        out[name] = rows
    return out


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                for k, v in row.items()
            }
        )
    return ("\ufeff" + out.getvalue()).encode()


def build_archive(program: Program, actor: Any) -> bytes:
    """The ZIP of the program's record visible to `actor`."""
    tables = rows_of(querysets(program, actor))
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "program": program.code,
        "exported_at": timezone.now().isoformat(),
        "exported_by": audit.name_of(actor),
        "tables": {},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, model in TABLES:
            columns = [f.attname for f in _columns(model)]
            data = json.dumps(tables[name], ensure_ascii=False, sort_keys=True, indent=0).encode()
            archive.writestr(f"json/{name}.json", data)
            archive.writestr(f"csv/{name}.csv", _csv(tables[name], columns))
            manifest["tables"][name] = {
                "model": model._meta.label,
                "rows": len(tables[name]),
                "columns": columns,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        archive.writestr(
            "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        )
    return buffer.getvalue()


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise ImportRefused("The archive has no readable manifest.json.") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ImportRefused("The archive is not a program export of this version.")
    return manifest


@transaction.atomic
def import_archive(data: bytes) -> dict[str, int]:
    """Create every row of the archive with its own id, in an installation that holds none of
    its records yet (else ImportRefused, nothing written). Audit "program.import"."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = read_manifest(archive)
        tables = {}
        for name, _model in TABLES:
            raw = archive.read(f"json/{name}.json")
            if hashlib.sha256(raw).hexdigest() != manifest["tables"][name]["sha256"]:
                raise ImportRefused(f"The table {name} does not match its checksum.")
            tables[name] = json.loads(raw)
    for name, model in TABLES:
        ids = [row["id"] for row in tables[name]]
        if ids and model._default_manager.filter(pk__in=ids).exists():
            raise ImportRefused(f"The installation already holds rows of {name}: import refused.")
    if Program.objects.filter(code=manifest["program"]).exists():
        raise ImportRefused("The installation already has this program.")
    counts = {}
    for name, model in TABLES:
        fields = {f.attname: f for f in _columns(model)}
        objects = []
        for row in sorted(tables[name], key=lambda r: (r.get("depth", 0), r["id"])):
            obj = model()
            for attname, value in row.items():
                field = fields[attname]
                setattr(obj, attname, None if value is None else field.to_python(value))
            objects.append(obj)
        # auto_now(_add) columns are stamped by the insert: put the exported times back.
        stamped = [
            f
            for f in fields.values()
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        kept = [[getattr(o, f.attname) for f in stamped] for o in objects]
        model._default_manager.bulk_create(objects, batch_size=500)
        if stamped:
            for obj, values in zip(objects, kept, strict=True):
                for f, value in zip(stamped, values, strict=True):
                    setattr(obj, f.attname, value)
            model._default_manager.bulk_update(objects, [f.name for f in stamped], batch_size=500)
        counts[name] = len(objects)
    program = Program.objects.get(code=manifest["program"])
    audit.record(
        "program.import",
        program,
        actor=system("import_program"),
        after={"tables": counts, "exported_at": manifest["exported_at"]},
        scope_path=program.organisation.path,
    )
    return counts
