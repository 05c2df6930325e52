"""A program's export, imported into a fresh installation (another database, migrated from
nothing), exports the same tables, files and history again; the API call is scoped to the
caller (another's draft program answers 404); a hostile archive is refused before anything is
written, the error naming the member and row."""

import datetime
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import override

from dienhinh.api import importer
from dienhinh.api.export import archive_file
from dienhinh.api.importer import ImportRefused, import_archive
from dienhinh.documents.signing.files import add_signed_file
from dienhinh.honours.domain import holds, replication
from dienhinh.honours.models import (
    BallotTally,
    ConflictDeclaration,
    FollowUp,
    Participation,
    SessionCandidate,
    Spending,
)
from dienhinh.orgs.models import Organisation
from dienhinh.portal.models import MediaAppearance, Story
from dienhinh.programs.domain.editing import copy_program
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import attestations, dossiers, evidence
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Candidate, DossierKind
from tests.honours import factories as hf
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


SIGNED = b"%PDF-1.7\n% signed elsewhere\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def build_archive(program, actor) -> bytes:
    """The export's bytes (read back from the temporary file it is written to)."""
    with archive_file(program, actor) as archive:
        return archive.read()


def _manifest(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return json.loads(archive.read("manifest.json"))


def _table(data: bytes, name: str) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return json.loads(archive.read(f"json/{name}.json"))


def _manage(env, *args):
    return subprocess.run(  # noqa: S603 - our own manage.py on a scratch database
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


def _whole_record(personas):
    """One candidate of each kind of record: facts, evidence, attestation, hold, dossier,
    follow-up, a learning visit, a closed vote (paper and online totals, one candidate's
    hidden), an open vote, spending, a published story with its photo, a media appearance, a
    signed PDF; and their history in the audit trail, as the domain writes it."""
    standing, officer = personas["standing"], personas["officer_a"]
    c = f.candidate("LC-SYT", "Nguyễn Thị Khứ Hồi", recognition_date=None)
    proof = evidence.add_evidence(
        c, SimpleUploadedFile("bằng khen.pdf", PDF), actor=officer, description="Bằng khen"
    )
    attestations.attest(
        c,
        actor=standing,
        code=next(iter(attestations.attestable(c))),
        granted=True,
        note="Đã xác minh",
        evidence_ids=[proof.pk],
    )
    holds.place_hold(c, actor=officer, kind="complaint", reason="Đơn thư chưa giải quyết")
    registration = f.registration("LC-SYT", [c], year=2027)
    dossiers.freeze(
        list(registration.entries.all()), kind=DossierKind.SUBMITTED, actor=f.TEST_ACTOR
    )

    recognised = ExemplarState.RECOGNISED
    shown = hf.exemplar("LC-SYT", name="Trạm Y tế khứ hồi", state=recognised)
    FollowUp.objects.create(exemplar=shown, kind="visit", date="2025-05-01", text="Thăm")
    replication.add_learning_visit(
        shown,
        actor=standing,
        date=datetime.date(2025, 5, 3),
        visitors="Đoàn Trạm Y tế xã Bình Lư",
        participants=12,
        organisation=Organisation.objects.get(code="LC-TAMDUONG"),
        note="Học cách tổ chức khám lưu động",
    )
    add_signed_file(
        actor=officer,
        program=f.program(),
        organisation=Organisation.objects.get(code="LC-SYT"),
        year=2027,
        kind="signed_form",
        data=SIGNED,
        filename="bieu-mau-da-ky.pdf",
    )
    online, hidden = hf.exemplar("LC-SYT"), hf.exemplar("LC-SYT")
    session = hf.voted(standing, [shown])  # paper, every member present agrees; closed
    members = [seat.member for seat in session.roster.all()]
    for position, (ex, voters) in enumerate([(online, members), (hidden, members[:1])], 1):
        SessionCandidate.objects.create(session=session, exemplar=ex, position=position)
        Participation.objects.bulk_create(
            Participation(session=session, member=m, exemplar=ex) for m in voters
        )
        BallotTally.objects.create(session=session, exemplar=ex, choice="agree", count=len(voters))
    ConflictDeclaration.objects.create(
        session=session, member=members[-1], exemplar=hidden, reason="Người nhà"
    )
    hf.session(
        standing, [hf.exemplar("LC-SYT", state=recognised)]
    )  # still open: its ballots stay sealed
    Spending.objects.create(
        program=f.program(), date=datetime.date(2025, 4, 1), purpose="review", amount=1_500_000
    )
    Story.objects.create(
        exemplar=shown,
        title="Trạm y tế giữa bản",
        body="<p>Câu chuyện.</p>",
        photo=ContentFile(PNG, name="anh.png"),
        photo_alt="Trạm y tế",
        is_published=True,
        published_at=timezone.now(),
        updated_by=standing,
    )
    MediaAppearance.objects.create(
        exemplar=shown, channel="press", date=datetime.date(2025, 5, 2), title="Bài báo"
    )
    return session, hidden


# Times as the database holds them, to the microsecond: one under a millisecond (JSON's usual
# milliseconds wrote it ".000", and the import read a whole second back), one on the second.
UNDER_A_MS = datetime.datetime(2025, 3, 1, 8, 0, 0, 123, tzinfo=datetime.UTC)
ON_THE_SECOND = datetime.datetime(2025, 3, 2, 8, 0, 0, tzinfo=datetime.UTC)


def _stamp(name: str) -> None:
    Candidate.objects.filter(name=name).update(created_at=UNDER_A_MS, updated_at=ON_THE_SECOND)


def test_times_are_exported_to_the_microsecond_in_utc(personas):
    f.candidate("LC-SYT", "Trần Văn Giây")
    _stamp("Trần Văn Giây")
    data = build_archive(Program.objects.get(code="lai-chau-2533"), personas["standing"])
    (row,) = [r for r in _table(data, "candidates") if r["name"] == "Trần Văn Giây"]
    assert row["created_at"] == "2025-03-01T08:00:00.000123Z"
    assert row["updated_at"] == "2025-03-02T08:00:00.000000Z"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "2025-03-01T08:00:00.000123Z" in archive.read("csv/candidates.csv").decode()


def test_export_import_round_trip_into_a_fresh_database(personas, tmp_path):
    session, hidden = _whole_record(personas)
    _stamp("Nguyễn Thị Khứ Hồi")
    program = Program.objects.get(code="lai-chau-2533")
    first = build_archive(program, personas["standing"])
    path = tmp_path / "export.zip"
    path.write_bytes(first)
    manifest = _manifest(first)
    before = manifest["tables"]
    for name in [
        "candidates",
        "evidence",
        "attestations",
        "attestation_evidence",
        "holds",
        "dossiers",
        "follow_ups",
        "vote_sessions",
        "session_candidates",
        "session_members",
        "conflicts",
        "participations",
        "tallies",
        "paper_counts",
        "spending",
        "stories",
        "media_appearances",
        "learning_visits",
        "signed_files",
        "audit",
        "people",
    ]:
        assert before[name]["rows"] > 0, name

    # The files themselves, with their checksums; who did what by user name, nothing secret.
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        for stored, meta in manifest["files"].items():
            data = archive.read(f"files/{stored}")
            assert hashlib.sha256(data).hexdigest() == meta["sha256"]
    assert sorted(hashlib.sha256(d).hexdigest() for d in (PDF, PNG, SIGNED)) == sorted(
        m["sha256"] for m in manifest["files"].values()
    )
    (signed,) = _table(first, "signed_files")
    assert manifest["files"][signed["file"]] == {
        "size": len(SIGNED),
        "sha256": hashlib.sha256(SIGNED).hexdigest(),
    }
    assert (signed["sha256"], signed["added_by"]) == (
        manifest["files"][signed["file"]]["sha256"],
        "lc.canbo",
    )
    (visit,) = _table(first, "learning_visits")
    assert (visit["participants"], visit["recorded_by"]) == (12, "lc.snv")
    # The history of the exported rows, with no trace of the installation (ids, chain).
    trail = _table(first, "audit")
    actions = {row["action"] for row in trail}
    assert {"evidence.add", "hold.place", "exemplar.learning", "signed_file.add"} <= actions
    assert set(trail[0]) == {
        "at",
        "actor",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "scope_path",
        "changes",
        "reason",
    }
    named = {p["username"] for p in _table(first, "people")}
    assert {row["actor"] for row in trail} - {None} <= named
    assert trail == sorted(trail, key=lambda row: row["at"])
    people = {p["username"]: p for p in _table(first, "people")}
    assert {"lc.canbo", "lc.snv"} <= set(people)
    assert set(people["lc.snv"]) == {"username", "last_name", "first_name"}
    assert {e["uploaded_by"] for e in _table(first, "evidence")} == {"lc.canbo"}
    # Ballot secrecy: no sealed ballot, no key; hidden totals stay hidden; open sessions out.
    assert "ballots" not in before and "key_id" not in before["vote_sessions"]["columns"]
    assert [s["id"] for s in _table(first, "vote_sessions")] == [session.pk]
    assert hidden.pk not in {t["exemplar_id"] for t in _table(first, "tallies")}
    stamped = [c for c in _table(first, "candidates") if c["name"] == "Nguyễn Thị Khứ Hồi"]
    assert stamped[0]["created_at"] == "2025-03-01T08:00:00.000123Z"

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DIENHINH_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "fresh-media"),
    }
    _manage(env, "migrate", "--no-input", "--verbosity", "0")
    _manage(env, "import_program", str(path))
    again = tmp_path / "again.zip"
    _manage(env, "export_program", program.code, "--out", str(again))

    after = _manifest(again.read_bytes())
    # The history again, and the import's own entry after it (the fresh chain intact).
    trail_again = _table(again.read_bytes(), "audit")
    assert trail_again[:-1] == trail
    assert trail_again[-1]["action"] == "program.import"
    _manage(env, "verify_audit")
    # Row by row first, so that a difference names its table and row, then the checksums.
    for name in before:
        if name != "audit":
            assert _table(again.read_bytes(), name) == _table(first, name), name
    assert {k: v["sha256"] for k, v in after["tables"].items() if k != "audit"} == {
        k: v["sha256"] for k, v in before.items() if k != "audit"
    }
    assert after["files"] == manifest["files"]
    for stored, meta in manifest["files"].items():
        data = (tmp_path / "fresh-media" / stored).read_bytes()
        assert hashlib.sha256(data).hexdigest() == meta["sha256"]


def test_import_refuses_an_installation_that_holds_the_records(personas):
    data = build_archive(Program.objects.get(code="lai-chau-2533"), personas["officer_a"])
    with pytest.raises(ImportRefused):
        import_archive(io.BytesIO(data))


def test_api_export_is_scoped_to_the_caller(client_for, personas):
    own = f.candidate("LC-SYT", "Của đơn vị A")
    other = f.candidate("LC-BINHLU", "Của đơn vị B")
    for unit, user in (("LC-SYT", "officer_a"), ("LC-BINHLU", "officer_b")):
        add_signed_file(
            actor=personas[user],
            program=f.program(),
            organisation=Organisation.objects.get(code=unit),
            year=2027,
            kind="evidence",
            data=SIGNED,
            filename=f"{unit}.pdf",
        )
    response = client_for("officer_a").get("/api/v1/programs/lai-chau-2533/export/")
    assert response.status_code == 200 and response.streaming  # sent from its file
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="lai-chau-2533.zip"'
    data = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        ids = {row["id"] for row in json.loads(archive.read("json/candidates.json"))}
        signed = json.loads(archive.read("json/signed_files.json"))
        trail = json.loads(archive.read("json/audit.json"))
        assert {"manifest.json", "csv/candidates.csv", "csv/audit.csv"} <= set(archive.namelist())
    assert own.pk in ids and other.pk not in ids
    assert [row["filename"] for row in signed] == ["LC-SYT.pdf"]
    assert trail == []  # a unit does not read the audit trail


def test_the_standing_agency_exports_its_provinces_history_only(personas):
    """The audit table is the trail as the exporter may read it: a province's standing agency
    sees its province's entries, another province's none."""
    c = f.candidate("LC-SYT", "Có lịch sử")
    evidence.add_evidence(
        c, SimpleUploadedFile("giay.pdf", PDF), actor=personas["officer_a"], description="Giấy"
    )
    program = Program.objects.get(code="lai-chau-2533")
    own = _table(build_archive(program, personas["standing"]), "audit")
    assert any(row["action"] == "evidence.add" and row["object_id"] for row in own)
    assert _table(build_archive(program, personas["qb_standing"]), "audit") == []


@pytest.mark.parametrize("name", ["qb_officer", "officer_a", "anonymous"])
def test_another_draft_program_cannot_be_exported(client_for, personas, name):
    draft = copy_program(
        Program.objects.get(code="lai-chau-2533"),
        actor=personas["standing"],
        code="lai-chau-nhap",
    )
    url = f"/api/v1/programs/{draft.code}/export/"
    assert client_for(name).get(url).status_code == (401 if name == "anonymous" else 404)
    assert client_for("standing").get(url).status_code == 200


def test_a_unit_exports_no_vote_no_spending_and_no_draft_story(personas):
    _whole_record(personas)
    data = build_archive(Program.objects.get(code="lai-chau-2533"), personas["officer_a"])
    tables = _manifest(data)["tables"]
    assert tables["evidence"]["rows"] == 1 and tables["holds"]["rows"] == 1
    for name in ("vote_sessions", "tallies", "paper_counts", "spending", "media_appearances"):
        assert tables[name]["rows"] == 0, name


# Hostile archives -------------------------------------------------------------------------


def _rebuilt(data: bytes, change=None, extra=(), compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The archive again, `change(name, bytes)` applied to its members (the manifest's checksum
    kept in step), with `extra` (name, bytes) members added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {n: source.read(n) for n in source.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    with zipfile.ZipFile(out, "w", compression) as target:
        for name, content in members.items():
            if change:
                content = change(name, content)
            if name.startswith("json/"):
                table = name.removeprefix("json/").removesuffix(".json")
                manifest["tables"][table]["sha256"] = hashlib.sha256(content).hexdigest()
            target.writestr(name, content)
        for name, content in extra:
            target.writestr(name, content)
        target.writestr("manifest.json", json.dumps(manifest))
    return out.getvalue()


def _refused(data: bytes) -> str:
    users = get_user_model().objects.count()
    with override("en"), pytest.raises(ImportRefused) as refused:
        import_archive(io.BytesIO(data))
    assert get_user_model().objects.count() == users
    return str(refused.value)


@pytest.fixture
def archive(personas):
    return build_archive(Program.objects.get(code="lai-chau-2533"), personas["officer_a"])


@pytest.mark.parametrize("name", ["files/../../../etc/cron.d/x", "/etc/passwd", "run.sh"])
def test_a_member_outside_the_export_is_refused_by_name(archive, name):
    assert name in _refused(_rebuilt(archive, extra=[(name, b"x")]))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(archive):
    bomb = "json/ratings.json"
    message = _refused(_rebuilt(archive, lambda n, c: b" " * (8 << 20) if n == bomb else c))
    assert bomb in message and "200" in message


def test_an_oversized_member_is_refused_by_name(archive, monkeypatch):
    monkeypatch.setattr(importer, "MAX_TABLE_BYTES", 64 * 1024)
    big = "json/programs.json"
    pad = b" " * (65 * 1024)
    message = _refused(_rebuilt(archive, lambda n, c: c + pad if n == big else c))
    assert big in message


def test_a_bad_row_is_named_by_member_and_row(archive):
    def bad_date(name, content):
        if name != "json/programs.json":
            return content
        rows = json.loads(content)
        rows[0]["issued_on"] = "31/02/2024"
        return json.dumps(rows).encode()

    message = _refused(_rebuilt(archive, bad_date))
    assert message.startswith("json/programs.json, row 1 (id ") and "issued_on" in message


def test_a_link_to_a_row_outside_the_archive_is_named(archive):
    def dangling(name, content):
        if name != "json/candidates.json":
            return content
        rows = json.loads(content)
        rows[0]["organisation_id"] = 987654
        return json.dumps(rows).encode()

    message = _refused(_rebuilt(archive, dangling))
    assert "json/candidates.json, row 1" in message and "987654" in message


def test_a_tampered_table_fails_its_checksum(archive):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, content.replace(b"lai-chau", b"lai-chou"))
    assert "json/programs.json" in _refused(out.getvalue())


@pytest.mark.parametrize(
    ("column", "value"),
    [("object_id", "987654"), ("actor", "nguoi.la"), ("object_type", "core.auditentry")],
)
def test_an_audit_entry_outside_the_archive_is_named(personas, column, value):
    c = f.candidate("LC-SYT", "Có lịch sử")
    evidence.add_evidence(
        c, SimpleUploadedFile("giay.pdf", PDF), actor=personas["officer_a"], description="Giấy"
    )
    data = build_archive(Program.objects.get(code="lai-chau-2533"), personas["standing"])

    def foreign(name, content):
        if name != "json/audit.json":
            return content
        rows = json.loads(content)
        rows[0][column] = value
        return json.dumps(rows).encode()

    message = _refused(_rebuilt(data, foreign))
    assert message.startswith("json/audit.json, row 1") and value in message
