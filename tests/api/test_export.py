"""A program's export, imported into a fresh installation (another database, migrated from
nothing), exports the same tables again; the API call is scoped to the caller."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dienhinh.api.export import ImportRefused, build_archive, import_archive
from dienhinh.honours.models import FollowUp
from dienhinh.programs.models import Program
from tests.honours import factories as hf
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).parents[2]


def _manifest(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return json.loads(archive.read("manifest.json"))


def _manage(env, *args):
    return subprocess.run(  # noqa: S603 - our own manage.py on a scratch database
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


def test_export_import_round_trip_into_a_fresh_database(personas, tmp_path):
    c = f.candidate("LC-SYT", "Nguyễn Thị Khứ Hồi", recognition_date=None)
    f.registration("LC-SYT", [c], year=2027)
    exemplar = hf.exemplar("LC-SYT", name="Trạm Y tế khứ hồi")
    FollowUp.objects.create(exemplar=exemplar, kind="visit", date="2025-05-01", text="Thăm")
    program = Program.objects.get(code="lai-chau-2533")
    first = build_archive(program, personas["standing"])
    path = tmp_path / "export.zip"
    path.write_bytes(first)

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DIENHINH_VAR_DIR": str(tmp_path / "var"),
    }
    _manage(env, "migrate", "--no-input", "--verbosity", "0")
    _manage(env, "import_program", str(path))
    again = tmp_path / "again.zip"
    _manage(env, "export_program", program.code, "--out", str(again))

    before, after = _manifest(first)["tables"], _manifest(again.read_bytes())["tables"]
    assert before["candidates"]["rows"] > 0 and before["follow_ups"]["rows"] > 0
    assert {k: v["sha256"] for k, v in after.items()} == {k: v["sha256"] for k, v in before.items()}


def test_import_refuses_an_installation_that_holds_the_records(personas):
    data = build_archive(Program.objects.get(code="lai-chau-2533"), personas["officer_a"])
    with pytest.raises(ImportRefused):
        import_archive(data)


def test_api_export_is_scoped_to_the_caller(client_for):
    own = f.candidate("LC-SYT", "Của đơn vị A")
    other = f.candidate("LC-TAMDUONG", "Của đơn vị B")
    response = client_for("officer_a").get("/api/v1/programs/lai-chau-2533/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        ids = {row["id"] for row in json.loads(archive.read("json/candidates.json"))}
        assert {"manifest.json", "csv/candidates.csv"} <= set(archive.namelist())
    assert own.pk in ids and other.pk not in ids
