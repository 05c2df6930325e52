"""A program's whole record, as far as the actor may see it, in a ZIP for another system (its
import into an empty installation: `api.importer`).

The archive holds one JSON file (typed values, read back by the import) and one CSV file (for
people and spreadsheets) per table, the files themselves (evidence, signed PDFs, story photos)
under `files/`, and `manifest.json`: the format and version, the program, when and by whom, each
table's columns, row count and SHA-256, and each file's size and SHA-256. The `audit` table is
the history of the archive's rows as the exporter may read it (`api.archive_audit`). The
archive is written to a temporary file, member by member (`write_archive`), never held whole
in memory.

Rows are the records' own columns, ordered by id (an import keeps the ids); times are ISO 8601 in
UTC to the microsecond, as the database holds them, so that an import keeps them exactly and
exporting it again gives the same bytes, whatever the database (not JSON's usual milliseconds,
which lose the rest and write a time of 0.000123 s as ".000", read back as a whole second). A
link to a record outside the archive is left out (empty). Links to people (who recorded, attested, voted...) are the person's user name,
and the `people` table names them (user name, family and given names: no password, e-mail or
other account data). Council votes are exported as the web shows them once a session is closed:
its roster and attendance, who took part on which candidate (never how), conflicts declared,
and the totals as recorded (counted at closing, or the counting committee's paper counts) where
the session may show them; sealed ballots and ballot keys never leave the installation, and a
candidate whose totals stay hidden (quorum missed, fewer voters than the session's minimum)
has none in the archive. Open sessions are left out (their ballots are still sealed).
"""

import csv
import datetime
import hashlib
import io
import json
import tempfile
import zipfile
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dienhinh.api import archive_audit
from dienhinh.core import audit
from dienhinh.honours import permissions as honours_permissions
from dienhinh.honours.domain import counting
from dienhinh.honours.enums import SessionStatus
from dienhinh.honours.models import (
    BallotTally,
    ConflictDeclaration,
    Decision,
    FollowUp,
    Hold,
    Honour,
    LearningVisit,
    PaperCount,
    Participation,
    Replication,
    ReviewEntry,
    ReviewRound,
    SessionCandidate,
    SessionMember,
    Spending,
    VoteSession,
)
from dienhinh.orgs import queries as org_queries
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.roles import STANDING
from dienhinh.programs.models import Criterion, Field, Milestone, Program, Quota
from dienhinh.registrations.domain import queries
from dienhinh.registrations.models import (
    AnnualRating,
    Attestation,
    Candidate,
    CulturalFamilyYear,
    Discipline,
    Dossier,
    Entry,
    Evidence,
    Exemplar,
    FieldMetric,
    Recognition,
    Registration,
    Violation,
)

FORMAT = "dienhinh-program-export"
VERSION = 3
PEOPLE = "people"
PEOPLE_COLUMNS = ["username", "last_name", "first_name"]
FILES_PREFIX = "files/"


def _portal(name: str) -> type[models.Model]:
    # The portal is a sibling of the API (neither imports the other): its models by name.
    return apps.get_model("portal", name)


def _documents(name: str) -> type[models.Model]:
    # So are the documents (signed files).
    return apps.get_model("documents", name)


def tables() -> list[tuple[str, type[models.Model]]]:
    """The tables in the order an import creates them (a row's links point upwards)."""
    return [
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
        ("evidence", Evidence),
        ("attestations", Attestation),
        ("attestation_evidence", Attestation.evidence.through),
        ("holds", Hold),
        ("registrations", Registration),
        ("entries", Entry),
        ("dossiers", Dossier),
        ("exemplars", Exemplar),
        ("follow_ups", FollowUp),
        ("replications", Replication),
        ("learning_visits", LearningVisit),
        ("reviews", ReviewRound),
        ("review_entries", ReviewEntry),
        ("decisions", Decision),
        ("honours", Honour),
        ("spending", Spending),
        ("vote_sessions", VoteSession),
        ("session_candidates", SessionCandidate),
        ("session_members", SessionMember),
        ("conflicts", ConflictDeclaration),
        ("participations", Participation),
        ("tallies", BallotTally),
        ("paper_counts", PaperCount),
        ("stories", _portal("Story")),
        ("media_appearances", _portal("MediaAppearance")),
        ("signed_files", _documents("SignedFile")),
    ]


# Columns never exported: the ballot key of a vote session (its private half is outside the
# database, and a closed session's is destroyed).
LEFT_OUT = {"honours.VoteSession": {"key_id", "public_key"}}


def _shown_totals(sessions: models.QuerySet[VoteSession]) -> Q:
    """(session, exemplar) pairs whose totals the web shows (`counting.CandidateResult.shown`)."""
    q = Q(pk__in=[])
    for session in sessions:
        shown = [row.exemplar.pk for row in counting.results(session) if row.shown]
        if shown:
            q |= Q(session=session, exemplar_id__in=shown)
    return q


def querysets(program: Program, actor: Any) -> dict[str, models.QuerySet]:
    """Each table's rows the actor may see, as the web pages scope them."""
    cands = queries.candidates(actor).filter(program=program)
    regs = queries.registrations(actor).filter(program=program)
    exemplars = queries.exemplars(actor).filter(program=program)
    honours = org_queries.scoped(
        Honour.objects.filter(decision__program=program), actor, "exemplar__organisation"
    )
    entries = Entry.objects.filter(registration__in=regs, candidate__in=cands)
    evidence = Evidence.objects.filter(candidate__in=cands)
    attestations = Attestation.objects.filter(candidate__in=cands)
    sessions = honours_permissions.visible_sessions(
        actor, VoteSession.objects.filter(program=program).exclude(status=SessionStatus.OPEN)
    )
    in_sessions = {"session__in": sessions, "exemplar__in": exemplars}
    standing = org_queries.scope_q(actor, "exemplar__organisation", STANDING)
    Story, MediaAppearance = _portal("Story"), _portal("MediaAppearance")
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
        "evidence": evidence,
        "attestations": attestations,
        "attestation_evidence": Attestation.evidence.through.objects.filter(
            attestation__in=attestations, evidence__in=evidence
        ),
        "holds": Hold.objects.filter(candidate__in=cands),
        "registrations": regs,
        "entries": entries,
        "dossiers": Dossier.objects.filter(entry__in=entries),
        "exemplars": exemplars,
        "follow_ups": FollowUp.objects.filter(exemplar__in=exemplars),
        "replications": Replication.objects.filter(exemplar__in=exemplars),
        "learning_visits": LearningVisit.objects.filter(exemplar__in=exemplars),
        "reviews": ReviewRound.objects.filter(program=program)
        if org_queries.covers(actor, program.organisation, ("standing_officer", "administrator"))
        else ReviewRound.objects.none(),
        "decisions": Decision.objects.filter(pk__in=honours.values("decision_id")),
        "honours": honours,
        "spending": Spending.objects.filter(program=program)
        if honours_permissions.may_fund(actor, program)
        else Spending.objects.none(),
        "vote_sessions": sessions,
        "session_candidates": SessionCandidate.objects.filter(**in_sessions),
        "session_members": SessionMember.objects.filter(session__in=sessions),
        "conflicts": ConflictDeclaration.objects.filter(**in_sessions),
        "participations": Participation.objects.filter(**in_sessions),
        "tallies": BallotTally.objects.filter(**in_sessions).filter(_shown_totals(sessions)),
        "paper_counts": PaperCount.objects.filter(**in_sessions).filter(_shown_totals(sessions)),
        # Published stories are public; drafts and media records are the standing agency's.
        "stories": Story._default_manager.filter(exemplar__in=exemplars).filter(
            Q(is_published=True) | standing
        ),
        "media_appearances": MediaAppearance._default_manager.filter(exemplar__in=exemplars).filter(
            standing
        ),
        # The unit's signed files, as the download link scopes them.
        "signed_files": org_queries.scoped(
            _documents("SignedFile")._default_manager.filter(program=program), actor
        ),
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
    for key in ("replications", "learning_visits", "signed_files"):
        named |= {pk for pk in sets[key].values_list("organisation_id", flat=True) if pk}
    named |= set(sessions.values_list("council_id", flat=True))
    paths = Organisation.objects.filter(pk__in=named).values_list("path", flat=True)
    ids = {int(p) for path in paths for p in path.strip("/").split("/") if p}
    sets["organisations"] = Organisation.objects.filter(pk__in=ids)
    return sets


def columns(model: type[models.Model]) -> list[models.Field]:
    left_out = LEFT_OUT.get(model._meta.label, set())
    return [f for f in model._meta.concrete_fields if f.name not in left_out]


def is_person(field: models.Field) -> bool:
    target = field.related_model if field.is_relation else None
    return target is not None and target._meta.label == settings.AUTH_USER_MODEL


def key_of(field: models.Field) -> str:
    """A column's name in the archive: a person is named by user name under the field's name
    ("recorded_by"), any other column is its database attribute ("program_id")."""
    return field.name if is_person(field) else field.attname


class ArchiveEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder with times to the microsecond, always written with six digits in UTC
    ("2025-05-01T08:30:00.000123Z"): one spelling per value, and the value read back whole."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            if timezone.is_aware(o):
                o = o.astimezone(datetime.UTC)
            return o.isoformat(timespec="microseconds").replace("+00:00", "Z")
        if isinstance(o, datetime.time) and o.tzinfo is None:
            return o.isoformat(timespec="microseconds")
        return super().default(o)


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=ArchiveEncoder))


def rows_of(sets: dict[str, models.QuerySet]) -> tuple[dict[str, list[dict[str, Any]]], set[int]]:
    """Each table's rows, and the ids of the people they name."""
    ordered = tables()
    ids = {name: set(qs.values_list("pk", flat=True)) for name, qs in sets.items()}
    by_model = {model: name for name, model in ordered}
    people: set[int] = set()
    out: dict[str, list[dict[str, Any]]] = {}
    for name, model in ordered:
        fields = columns(model)
        rows = []
        for obj in sets[name].order_by("pk"):
            row: dict[str, Any] = {}
            for f in fields:
                value = getattr(obj, f.attname)
                if is_person(f):
                    if value is not None:
                        people.add(value)
                elif f.is_relation:
                    target = by_model.get(f.related_model)  # type: ignore[arg-type]
                    if target is None or value not in ids[target]:
                        value = None
                elif isinstance(f, models.FileField):
                    value = value.name or ""
                elif isinstance(value, bytes | memoryview):
                    value = None
                row[key_of(f)] = _plain(value)
            rows.append(row)
        out[name] = rows
    return out, people


def _name_people(
    tables_rows: dict[str, list[dict[str, Any]]], ids: set[int]
) -> list[dict[str, Any]]:
    """Replace the people's ids in the rows by their user names; the `people` table."""
    users = get_user_model().objects.filter(pk__in=ids).order_by("username")
    names = {u.pk: u.get_username() for u in users}
    for name, model in tables():
        keys = [f.name for f in columns(model) if is_person(f)]
        for row in tables_rows[name] if keys else ():
            for key in keys:
                if row[key] is not None:
                    row[key] = names[row[key]]
    return [{c: getattr(u, c) for c in PEOPLE_COLUMNS} for u in users]


def _csv(rows: list[dict[str, Any]], keys: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=keys)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                for k, v in row.items()
            }
        )
    return ("\ufeff" + out.getvalue()).encode()


def file_names(tables_rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The stored files the rows name (evidence files, story photos), in storage's names."""
    found = set()
    for name, model in tables():
        keys = [f.attname for f in columns(model) if isinstance(f, models.FileField)]
        for row in tables_rows[name] if keys else ():
            found |= {row[k] for k in keys if row[k]}
    return sorted(found)


def _table_json(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=0).encode()


def _add_table(
    archive: zipfile.ZipFile,
    manifest: dict[str, Any],
    name: str,
    label: str,
    keys: list[str],
    rows: list[dict[str, Any]],
) -> None:
    data = _table_json(rows)
    archive.writestr(f"json/{name}.json", data)
    archive.writestr(f"csv/{name}.csv", _csv(rows, keys))
    manifest["tables"][name] = {
        "model": label,
        "rows": len(rows),
        "columns": keys,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _add_file(archive: zipfile.ZipFile, manifest: dict[str, Any], stored: str) -> None:
    """A stored file copied into the archive a chunk at a time, with its size and SHA-256."""
    if not default_storage.exists(stored):
        return  # lost from the storage already: the row keeps its name
    digest, size = hashlib.sha256(), 0
    with (
        default_storage.open(stored, "rb") as source,
        archive.open(FILES_PREFIX + stored, "w", force_zip64=True) as target,
    ):
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    manifest["files"][stored] = {"size": size, "sha256": digest.hexdigest()}


def write_archive(program: Program, actor: Any, target: IO[bytes]) -> dict[str, Any]:
    """Write the ZIP of the program's record visible to `actor` to `target` (a file open for
    writing), member by member; the manifest."""
    sets = querysets(program, actor)
    tables_rows, people_ids = rows_of(sets)
    trail, trail_people = archive_audit.entries(tables(), sets, actor)
    people = _name_people(tables_rows, people_ids | trail_people)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "program": program.code,
        "exported_at": timezone.now().isoformat(),
        "exported_by": audit.name_of(actor),
        "tables": {},
        "files": {},
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _add_table(archive, manifest, PEOPLE, settings.AUTH_USER_MODEL, PEOPLE_COLUMNS, people)
        for name, model in tables():
            keys = [key_of(f) for f in columns(model)]
            _add_table(archive, manifest, name, model._meta.label, keys, tables_rows[name])
        _add_table(
            archive,
            manifest,
            archive_audit.AUDIT,
            archive_audit.MODEL,
            archive_audit.AUDIT_COLUMNS,
            trail,
        )
        for stored in file_names(tables_rows):
            _add_file(archive, manifest, stored)
        archive.writestr(
            "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        )
    return manifest


def archive_file(program: Program, actor: Any) -> IO[bytes]:
    """The ZIP of the program's record visible to `actor` in a temporary file (on disk, gone
    once closed), open for reading from its start."""
    target = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 - the caller closes it
    try:
        write_archive(program, actor, target)
        target.seek(0)
    except BaseException:
        target.close()
        raise
    return target
