"""Backups: the database (SQLite's online backup or pg_dump) and the uploaded files, with a
manifest of SHA-256 checksums; restore into an empty installation after checking them."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from dienhinh.core.models import AuditChainHead

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(alias: str) -> dict[str, str]:
    db = connections[alias].settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _db_name(alias: str) -> str:
    name = connections[alias].settings_dict["NAME"]
    return str(name)


def _dump_database(output: Path, alias: str) -> str:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        target = output / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot while others keep writing.
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target.name
    if connection.vendor == "postgresql":
        target = output / "database.dump"
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
        command += ["--file", str(target), _db_name(alias)]
        subprocess.run(command, env=_pg_env(alias), check=True, capture_output=True)  # noqa: S603
        return target.name
    raise BackupError(f"No backup method for the {connection.vendor} database.")


def _copy_media(output: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, output / "media", symlinks=False)
    else:
        (output / "media").mkdir()


def _files(root: Path) -> dict[str, dict[str, Any]]:
    return {
        str(path.relative_to(root)): {"sha256": _sha256(path), "size": path.stat().st_size}
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def backup(output: Path, alias: str = "default") -> dict[str, Any]:
    """Write the database and the uploaded files into `output` (new or empty) with a manifest."""
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty.")
    output.mkdir(parents=True, exist_ok=True)
    head = AuditChainHead.objects.using(alias).filter(pk=1).first()
    database = _dump_database(output, alias)
    _copy_media(output)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": connections[alias].vendor,
        "database": database,
        # The audit chain's head when the backup began (the dump holds at least this much).
        "audit_head": {"seq": head.seq, "hash": head.hash} if head else None,
        "files": _files(output),
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def check(source: Path) -> dict[str, Any]:
    """The manifest of a backup after checking every file's size and checksum."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source / MANIFEST} cannot be read: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    found = _files(source)
    for name, expected in manifest["files"].items():
        if name not in found:
            raise BackupError(f"{name} is missing from the backup.")
        if found[name] != expected:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    extra = sorted(set(found) - set(manifest["files"]))
    if extra:
        raise BackupError(f"{extra[0]} is not in the manifest.")
    return manifest


def _installation_empty(alias: str) -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if "core_user" in tables:
            cursor.execute("SELECT COUNT(*) FROM core_user")
            if cursor.fetchone()[0]:
                return False
    media = Path(settings.MEDIA_ROOT)
    return not (media.is_dir() and any(media.iterdir()))


def restore(source: Path, alias: str = "default") -> dict[str, Any]:
    """Restore a checked backup into this installation, which must hold no users or files."""
    manifest = check(source)
    connection = connections[alias]
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database, this installation uses "
            f"{connection.vendor}."
        )
    if not _installation_empty(alias):
        raise BackupError("This installation is not empty: restore only into a new one.")
    dump = source / manifest["database"]
    if connection.vendor == "sqlite":
        connection.close()
        target = sqlite3.connect(_db_name(alias))
        origin = sqlite3.connect(dump)
        try:
            origin.backup(target)
        finally:
            origin.close()
            target.close()
    else:
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        command += ["--exit-on-error", "--single-transaction", "--dbname", _db_name(alias)]
        connection.close()
        dump_path = str(dump)
        subprocess.run([*command, dump_path], env=_pg_env(alias), check=True, capture_output=True)  # noqa: S603
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "media", media, dirs_exist_ok=True)
    return manifest
