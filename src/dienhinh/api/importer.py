"""Import of a program export (`api.export`) into an installation that holds none of its records.

An archive is untrusted input: before anything is parsed, its members are checked cheaply from
the ZIP's directory (known names only, no absolute path or "..", a limit on the number of
members, on each member's size, on the total and on the compression ratio); each member is then
read no further than its announced size, checked against the manifest's SHA-256, and each row
against its table's columns and the archive's other rows. An error names the member and the
row; nothing is written unless every check passes (the rows in one transaction, the files
removed again if it fails). The archive is read from its file: tables one at a time, files a
chunk at a time (checked, then copied into the storage), never the whole archive in memory.
The audit table's entries are appended to this installation's trail with their own times
(`core.audit.record_past`), before the import's own entry.
"""

import hashlib
import json
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _

from dienhinh.api.archive_audit import AUDIT
from dienhinh.api.archive_audit import parse as parse_audit
from dienhinh.api.export import (
    FILES_PREFIX,
    FORMAT,
    PEOPLE,
    PEOPLE_COLUMNS,
    VERSION,
    columns,
    is_person,
    key_of,
    tables,
)
from dienhinh.core import audit
from dienhinh.core.actors import system
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import quota_counts

# Limits of an archive, checked on its directory before anything is read.
MAX_MEMBERS = 100_000
MAX_TABLE_BYTES = 512 * 1024 * 1024  # one table's JSON (or CSV), unpacked
MAX_FILE_BYTES = 100 * 1024 * 1024  # one evidence file or photo
MAX_TOTAL_BYTES = 8 * 1024 * 1024 * 1024  # everything, unpacked
MAX_RATIO = 200  # unpacked size / packed size, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
# A stored file's name as the export writes it: folders and a name of plain characters.
SAFE_FILE = re.compile(r"^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*$")


class ImportRefused(Exception):
    """The archive is not one of ours, is unsafe or inconsistent, or the installation already
    holds its records. The message names the member (and row) at fault."""


def _table_names() -> list[str]:
    return [PEOPLE, *dict(tables()), AUDIT]


def _member_limit(name: str) -> int:
    return MAX_FILE_BYTES if name.startswith(FILES_PREFIX) else MAX_TABLE_BYTES


def check_directory(archive: zipfile.ZipFile) -> None:
    """The cheap checks on the ZIP's directory, before any member is unpacked."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ImportRefused(
            _("The archive has %(n)d members, more than %(max)d.")
            % {"n": len(infos), "max": MAX_MEMBERS}
        )
    known = {"manifest.json"} | {
        f"{kind}/{name}.{kind}" for name in _table_names() for kind in ("json", "csv")
    }
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise ImportRefused(_("%(member)s: the archive holds it twice.") % {"member": name})
        seen.add(name)
        stored = name.removeprefix(FILES_PREFIX)
        safe = name in known or (
            name.startswith(FILES_PREFIX)
            and SAFE_FILE.match(stored) is not None
            and ".." not in stored.split("/")
        )
        if not safe or info.is_dir():
            raise ImportRefused(
                _("%(member)s: not a member of a program export (or an unsafe path).")
                % {"member": name}
            )
        if info.file_size > _member_limit(name):
            raise ImportRefused(
                _("%(member)s: %(size)d bytes unpacked, more than the limit of %(max)d.")
                % {"member": name, "size": info.file_size, "max": _member_limit(name)}
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRefused(
                _("%(member)s: packed more than %(ratio)d times (a ZIP bomb?).")
                % {"member": name, "ratio": MAX_RATIO}
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ImportRefused(
            _("The archive unpacks to %(size)d bytes, more than the limit of %(max)d.")
            % {"size": total, "max": MAX_TOTAL_BYTES}
        )


@contextmanager
def _member(archive: zipfile.ZipFile, name: str) -> Iterator[IO[bytes]]:
    """A member open for reading; a missing or broken one is refused, naming it."""
    try:
        with archive.open(name) as member:
            yield member
    except KeyError as exc:
        raise ImportRefused(_("%(member)s: missing from the archive.") % {"member": name}) from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportRefused(
            _("%(member)s: cannot be unpacked (%(error)s).") % {"member": name, "error": exc}
        ) from exc


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member, read no further than the limit (whatever its header announced)."""
    limit = _member_limit(name)
    with _member(archive, name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise ImportRefused(
            _("%(member)s: larger than the limit of %(max)d bytes.")
            % {"member": name, "max": limit}
        )
    return data


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(_read(archive, "manifest.json"))
    except ValueError as exc:
        raise ImportRefused(_("The archive has no readable manifest.json.")) from exc
    if not isinstance(manifest, dict):
        raise ImportRefused(_("The archive has no readable manifest.json."))
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ImportRefused(_("The archive is not a program export of this version."))
    if not isinstance(manifest.get("tables"), dict) or not isinstance(manifest.get("files"), dict):
        raise ImportRefused(_("manifest.json: the tables or files are missing."))
    return manifest


def _table(archive: zipfile.ZipFile, manifest: dict[str, Any], name: str) -> list[dict]:
    member = f"json/{name}.json"
    raw = _read(archive, member)
    expected = (manifest["tables"].get(name) or {}).get("sha256")
    if hashlib.sha256(raw).hexdigest() != expected:
        raise ImportRefused(_("%(member)s: does not match its checksum.") % {"member": member})
    try:
        rows = json.loads(raw)
    except ValueError as exc:
        raise ImportRefused(_("%(member)s: not valid JSON.") % {"member": member}) from exc
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ImportRefused(_("%(member)s: not a list of rows.") % {"member": member})
    return rows


def _row_error(member: str, index: int, row: dict, message: str) -> ImportRefused:
    return ImportRefused(
        _("%(member)s, row %(row)d (id %(id)s): %(message)s")
        % {"member": member, "row": index + 1, "id": row.get("id", "?"), "message": message}
    )


Links = list[tuple[models.Model, str, str]]


def _objects(
    name: str,
    model: type[models.Model],
    rows: list[dict],
    ids: dict[type[models.Model], set[Any]],
    people: set[str],
) -> tuple[list[models.Model], Links]:
    """The table's rows as unsaved objects, each value checked (type, link within the archive,
    person named in `people`); the links to people, to set once their accounts exist."""
    member = f"json/{name}.json"
    fields = {key_of(f): f for f in columns(model)}
    objects: list[models.Model] = []
    links: Links = []
    for index, row in enumerate(rows):
        unknown = sorted(set(row) - set(fields))
        if unknown or "id" not in row:
            raise _row_error(
                member, index, row, _("unknown columns %(c)s") % {"c": ", ".join(unknown) or "id"}
            )
        obj = model()
        for key, value in row.items():
            field = fields[key]
            if value is not None and is_person(field):
                if not isinstance(value, str) or value not in people:
                    raise _row_error(
                        member,
                        index,
                        row,
                        _("%(c)s: %(v)s is not in people") % {"c": key, "v": value},
                    )
                links.append((obj, field.attname, value))
                continue
            if value is not None:
                try:
                    value = field.to_python(value)
                    if isinstance(field, models.FileField):
                        _check_file_name(value)
                    elif not field.is_relation:
                        field.run_validators(value)
                except (ValidationError, TypeError, ValueError) as exc:
                    detail = "; ".join(getattr(exc, "messages", [str(exc)]))
                    raise _row_error(member, index, row, f"{key}: {detail}") from exc
                target = field.related_model if field.is_relation else None
                if target is not None and value not in ids.get(target, set()):
                    raise _row_error(
                        member,
                        index,
                        row,
                        _("%(c)s: %(v)s is not in the archive") % {"c": key, "v": value},
                    )
            setattr(obj, field.attname, value)
        objects.append(obj)
    return objects, links


def _check_file_name(value: Any) -> None:
    stored = str(value)
    if stored and (SAFE_FILE.match(stored) is None or ".." in stored.split("/")):
        raise ValidationError(_("not a safe file name"))


def _check_people(rows: list[dict]) -> set[str]:
    for index, row in enumerate(rows):
        if set(row) != set(PEOPLE_COLUMNS) or not all(isinstance(v, str) for v in row.values()):
            raise _row_error(f"json/{PEOPLE}.json", index, row, _("not a person's names"))
        if not 0 < len(row["username"]) <= 150 or max(len(row[c]) for c in PEOPLE_COLUMNS) > 150:
            raise _row_error(f"json/{PEOPLE}.json", index, row, _("not a person's names"))
    return {row["username"] for row in rows}


def _people(rows: list[dict]) -> tuple[dict[str, Any], int]:
    """user name -> user: the installation's user of that name, or a new account that cannot
    sign in (inactive, no usable password) named as in the archive."""
    User = get_user_model()
    existing = {
        user.get_username(): user
        for user in User.objects.filter(username__in=[r["username"] for r in rows])
    }
    created = 0
    for row in rows:
        if row["username"] not in existing:
            user = User(**row, is_active=False)
            user.set_unusable_password()
            user.save()
            existing[row["username"]] = user
            created += 1
    return existing, created


def _digest(archive: zipfile.ZipFile, name: str) -> str:
    """A member's SHA-256, read a chunk at a time and no further than the limit."""
    limit, size, digest = _member_limit(name), 0, hashlib.sha256()
    with _member(archive, name) as member:
        while chunk := member.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise ImportRefused(
                    _("%(member)s: larger than the limit of %(max)d bytes.")
                    % {"member": name, "max": limit}
                )
            digest.update(chunk)
    return digest.hexdigest()


def _check_files(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> dict[str, str]:
    """Each file of the manifest checked against its SHA-256 (read from the archive, not kept);
    stored name -> SHA-256."""
    files = {}
    for stored, meta in manifest["files"].items():
        member = FILES_PREFIX + str(stored)
        digest = _digest(archive, member)
        if not isinstance(meta, dict) or digest != meta.get("sha256"):
            raise ImportRefused(_("%(member)s: does not match its checksum.") % {"member": member})
        files[str(stored)] = digest
    listed = {FILES_PREFIX + s for s in files}
    for info in archive.infolist():
        if info.filename.startswith(FILES_PREFIX) and info.filename not in listed:
            raise ImportRefused(
                _("%(member)s: not listed in the manifest.") % {"member": info.filename}
            )
    return files


def _stored_digest(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as present:
        while chunk := present.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _stored(archive: zipfile.ZipFile, files: dict[str, str]) -> Iterator[None]:
    """Copy the checked files from the archive into the storage under their own names, a chunk
    at a time; remove them again on failure."""
    written: list[str] = []
    try:
        for name, digest in files.items():
            if default_storage.exists(name):
                if _stored_digest(name) == digest:
                    continue
                raise ImportRefused(
                    _("%(member)s: the installation already has another file of that name.")
                    % {"member": FILES_PREFIX + name}
                )
            with archive.open(FILES_PREFIX + name) as member:
                saved = default_storage.save(name, File(member, name=name))
            written.append(saved)
            if saved != name:
                raise ImportRefused(
                    _("%(member)s: cannot be stored under its name.")
                    % {"member": FILES_PREFIX + name}
                )
        yield
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def _open(source: str | Path | IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise ImportRefused(_("The file is not a ZIP archive.")) from exc


def import_archive(source: str | Path | IO[bytes]) -> dict[str, int]:
    """Create every row of the archive (a ZIP file's path, or a binary file open for reading)
    with its own id, its files and its rows' history, in an installation that holds none of
    its records yet (else ImportRefused, nothing written). Audit "program.import"."""
    with _open(source) as archive:
        check_directory(archive)
        manifest = read_manifest(archive)
        rows = {name: _table(archive, manifest, name) for name in _table_names()}
        files = _check_files(archive, manifest)
        people = _check_people(rows[PEOPLE])
        objects, links, past = _convert(rows, people)
        if Program.objects.filter(code=manifest.get("program")).exists():
            raise ImportRefused(_("The installation already has this program."))
        for name, model in tables():
            ids = [o.pk for o in objects[name]]
            if ids and model._default_manager.filter(pk__in=ids).exists():
                raise ImportRefused(
                    _("The installation already holds rows of %(table)s: import refused.")
                    % {"table": name}
                )
        with _stored(archive, files), transaction.atomic():
            return _create(manifest, rows, objects, links, past)


def _convert(
    rows: dict[str, list[dict]], people: set[str]
) -> tuple[dict[str, list[models.Model]], Links, list[dict[str, Any]]]:
    """Every table's rows checked and turned into unsaved objects, and the audit table's
    entries checked (no query)."""
    ids: dict[type[models.Model], set[Any]] = {}
    for name, model in tables():
        pk = model._meta.pk
        assert pk is not None  # noqa: S101 - every model has one
        for index, row in enumerate(rows[name]):
            try:
                ids.setdefault(model, set()).add(pk.to_python(row.get("id")))
            except (ValidationError, TypeError, ValueError) as exc:
                raise _row_error(f"json/{name}.json", index, row, _("the id is not valid")) from exc
    objects: dict[str, list[models.Model]] = {}
    links: Links = []
    for name, model in tables():
        # Exported in id order; organisations above the ones they hold.
        ordered = sorted(
            rows[name], key=lambda r: r["depth"] if isinstance(r.get("depth"), int) else 0
        )
        objects[name], more = _objects(name, model, ordered, ids, people)
        links += more
    past = []
    for index, row in enumerate(rows[AUDIT]):
        try:
            past.append(parse_audit(row, tables(), ids, people))
        except ValueError as exc:
            raise _row_error(f"json/{AUDIT}.json", index, row, str(exc)) from exc
    return objects, links, past


def _create(
    manifest: dict[str, Any],
    rows: dict[str, list[dict]],
    objects: dict[str, list[models.Model]],
    links: Links,
    past: list[dict[str, Any]],
) -> dict[str, int]:
    people, created_people = _people(rows[PEOPLE])
    for obj, attname, username in links:
        setattr(obj, attname, people[username].pk)
    counts = {PEOPLE: created_people}
    for name, model in tables():
        created = objects[name]
        # auto_now(_add) columns are stamped by the insert: put the exported times back.
        stamped = [
            f
            for f in columns(model)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        kept = [[getattr(o, f.attname) for f in stamped] for o in created]
        try:
            with transaction.atomic():
                model._default_manager.bulk_create(created, batch_size=500)
        except DatabaseError as exc:
            raise ImportRefused(
                _("%(member)s: the rows break a rule of the database (%(error)s).")
                % {"member": f"json/{name}.json", "error": exc}
            ) from exc
        if name == "stories":
            for obj in created:
                obj.save()  # its search index (SQLite's full-text table), as the portal keeps it
        if stamped:
            for obj, values in zip(created, kept, strict=True):
                for f, value in zip(stamped, values, strict=True):
                    setattr(obj, f.attname, value)
            model._default_manager.bulk_update(created, [f.name for f in stamped], batch_size=500)
        counts[name] = len(created)
    quota_counts.recount(o.pk for o in objects["registrations"])
    types = ContentType.objects.get_for_models(*{entry["model"] for entry in past})
    audit.record_past(
        audit.PastEntry(
            at=entry["at"],
            actor=people[entry["actor"]] if entry["actor"] is not None else None,
            actor_name=entry["actor_name"],
            action=entry["action"],
            object_type=types[entry["model"]],
            object_id=entry["object_id"],
            object_repr=entry["object_repr"],
            scope_path=entry["scope_path"],
            changes=entry["changes"],
            reason=entry["reason"],
        )
        for entry in past
    )
    counts[AUDIT] = len(past)
    program = Program.objects.get(code=manifest["program"])
    audit.record(
        "program.import",
        program,
        actor=system("import_program"),
        after={"tables": counts, "files": len(manifest["files"]), "at": manifest["exported_at"]},
        scope_path=program.organisation.path,
    )
    return counts
