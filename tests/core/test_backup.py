"""Backup and restore round-trip: an installation is backed up, restored into a fresh one, and
the two compared (every table's rows, the audit chain, the uploaded files)."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
COUNT_TABLES = """
import json
from django.db import connection
with connection.cursor() as cursor:
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
print(json.dumps(counts))
"""
EVIDENCE = "evidence/bằng-khen.pdf"


def _manage(env, *args):
    return subprocess.run(  # noqa: S603 - this checkout's manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _counts(env):
    result = _manage(env, "shell", "-c", COUNT_TABLES)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


class Installations:
    """New installations (own database and files) on the engine the suite runs on."""

    def __init__(self, base: Path):
        self.base = base
        self.db = settings.DATABASES["default"]
        self.postgres = self.db["ENGINE"].endswith("postgresql")
        self.names: list[str] = []

    def _admin(self):
        import psycopg

        return psycopg.connect(
            host=self.db["HOST"],
            port=self.db["PORT"] or 5432,
            user=self.db["USER"],
            password=self.db["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )

    def new(self, label: str) -> dict[str, str]:
        home = self.base / label
        env = {
            **os.environ,
            "DIENHINH_VAR_DIR": str(home / "var"),
            "MEDIA_ROOT": str(home / "media"),
            "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        }
        if self.postgres:
            name = f"dienhinh_backup_{label}_{uuid.uuid4().hex[:8]}"
            with self._admin() as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            self.names.append(name)
            host, port = self.db["HOST"], self.db["PORT"] or 5432
            env["DATABASE_URL"] = f"postgres://{self.db['USER']}@{host}:{port}/{name}"
        return env

    def drop(self) -> None:
        if self.names:
            with self._admin() as admin:
                for name in self.names:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def installations(tmp_path_factory):
    made = Installations(tmp_path_factory.mktemp("installations"))
    yield made
    made.drop()


@pytest.fixture(scope="module")
def source(installations):
    """A used installation (demo data, an uploaded file) and its backup."""
    env = installations.new("source")
    for command in (["migrate", "--no-input"], ["createcachetable"], ["load_demo"]):
        result = _manage(env, *command)
        assert result.returncode == 0, result.stderr
    evidence = Path(env["MEDIA_ROOT"]) / EVIDENCE
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 demo")
    backup = installations.base / "backup"
    result = _manage(env, "backup", "--output", str(backup))
    assert result.returncode == 0, result.stderr
    return env, backup


def test_backup_writes_a_manifest_with_checksums(source):
    _env, backup = source
    manifest = json.loads((backup / "manifest.json").read_text())
    assert f"media/{EVIDENCE}" in manifest["files"]
    assert manifest["database"] in manifest["files"]
    assert manifest["audit_head"]["seq"] > 0


def test_backup_restores_into_a_fresh_installation(source, installations):
    env, backup = source
    fresh = installations.new("fresh")
    result = _manage(fresh, "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert "audit trail intact" in result.stdout
    original = _counts(env)
    restored = _counts(fresh)
    assert restored == original and original["core_auditentry"] > 0
    assert _manage(fresh, "verify_audit").returncode == 0
    assert (Path(fresh["MEDIA_ROOT"]) / EVIDENCE).read_bytes() == b"%PDF-1.4 demo"


def test_a_damaged_backup_is_refused(source, installations, tmp_path):
    _env, backup = source
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    (damaged / "media" / EVIDENCE).write_bytes(b"changed")
    result = _manage(installations.new("damaged"), "restore", str(damaged))
    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr


def test_restore_refuses_an_installation_that_holds_data(source):
    env, backup = source
    result = _manage(env, "restore", str(backup))
    assert result.returncode != 0 and "not empty" in result.stderr


def test_backup_refuses_a_directory_that_holds_files(source, tmp_path):
    env, _backup = source
    (tmp_path / "old.txt").write_text("x")
    result = _manage(env, "backup", "--output", str(tmp_path))
    assert result.returncode != 0 and "not empty" in result.stderr
