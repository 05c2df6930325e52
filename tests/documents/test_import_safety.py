"""Hostile files end in a clear message, parsing runs in a limited child, bodies are bounded."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from drills import hostile_files

from dienhinh.documents.importing import checks, sandbox
from dienhinh.documents.importing.service import read_rows
from dienhinh.documents.models import DocumentJob
from tests.documents.conftest import candidate_tuples

pytestmark = pytest.mark.django_db
FORM = "/documents/form/lai-chau-2533/LC-SYT"

# The drill's files, and a fragment of what each must say in Vietnamese (the English fragment
# is the drill's own expectation, hostile_files.FILES).
VIETNAMESE = {
    "styles-bomb.xlsx": "xl/styles.xml",
    "shared-strings-bomb.xlsx": "xl/sharedStrings.xml",
    "docx-merge-bomb.docx": "ô gộp",
    "rows-bomb.xlsx": "dòng",
    "merged-bomb.xlsx": "ô gộp",
    "huge-cell.xlsx": "dài quá 4000 ký tự",
    "macros.xlsm": "macro",
    "dde-formula.xlsx": "DDE",
    "dde-field.docx": "DDE",
    "duplicate-members.xlsx": "nhiều lần",
    "hidden-sheet.xlsx": "bị ẩn",
    "hidden-row.xlsx": "bị ẩn",
    "white-text.xlsx": "cùng màu với nền",
    "zero-width-name.xlsx": "ký tự vô hình",
}
WARNED = {"hidden-sheet.xlsx", "zero-width-name.xlsx"}  # imported, with a warning


@pytest.fixture(scope="module")
def drill_files():
    return {name: hostile_files.build(name) for name in hostile_files.FILES}


@pytest.mark.parametrize("name", sorted(VIETNAMESE))
def test_every_drill_file_ends_in_a_clear_message(lc, drill_files, name):
    assert set(VIETNAMESE) | set(hostile_files.HEAVY) >= set(hostile_files.FILES)
    fields = list(lc.fields.all())
    for language, fragment in (("en", hostile_files.FILES[name][1]), ("vi", VIETNAMESE[name])):
        with translation.override(language):
            report = read_rows(drill_files[name], fields, lc.subject_types)
            said = [str(p) for p in (report.warnings if name in WARNED else report.problems)]
        assert report.ok == (name in WARNED), said
        assert any(fragment.lower() in s.lower() for s in said), (language, said)


def test_the_drill_s_heavy_file_is_within_every_limit(lc, drill_files):
    report = read_rows(drill_files["heavy-but-legal.xlsx"], list(lc.fields.all()), lc.subject_types)
    assert report.ok and len(report.rows) == 2000


def test_the_hidden_sheet_is_not_read_and_the_zero_width_characters_are_removed(lc, drill_files):
    fields = list(lc.fields.all())
    report = read_rows(drill_files["hidden-sheet.xlsx"], fields, lc.subject_types)
    assert [r.name for r in report.rows] == ["Khoa Nội"]  # not "Khoa Ẩn"
    report = read_rows(drill_files["zero-width-name.xlsx"], fields, lc.subject_types)
    assert [r.name for r in report.rows] == ["Khoa Nội"]


def test_hidden_row_and_invisible_text_are_named_by_row_and_column(lc, drill_files):
    fields = list(lc.fields.all())
    with translation.override("en"):
        hidden = read_rows(drill_files["hidden-row.xlsx"], fields, lc.subject_types)
        white = read_rows(drill_files["white-text.xlsx"], fields, lc.subject_types)
        assert [str(p) for p in hidden.problems] == [
            "Sheet “Biểu đăng ký”, row 4: the row is hidden; show it (or delete it) and upload "
            "the file again."
        ]
        assert str(white.problems[0]).startswith("Sheet “Biểu đăng ký”, row 3, column “F”:")


def _zip(members, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, content in members:
            z.writestr(name, content)
    return out.getvalue()


def test_each_part_has_its_own_size_limit():
    styles = b"<styleSheet>" + b"x" * (3 * 1024 * 1024) + b"</styleSheet>"
    data = _zip(
        [("[Content_Types].xml", b"<x/>"), ("xl/workbook.xml", b"<x/>"), ("xl/styles.xml", styles)],
        zipfile.ZIP_STORED,
    )
    with translation.override("en"), pytest.raises(checks.ImportRejected) as refused:
        checks.screen(data)
    assert "The part “xl/styles.xml” of the file unpacks to 3.0 MB" in str(refused.value)


def test_printer_settings_are_not_macros():
    data = _zip(
        [
            ("[Content_Types].xml", b"<x/>"),
            ("xl/workbook.xml", b"<x/>"),
            ("xl/printerSettings/printerSettings1.bin", b"\0" * 100),
        ]
    )
    assert checks.screen(data).kind == "xlsx"


def _hog_memory(progress):
    blocks = []
    while True:
        blocks.append(bytearray(50 * 1024 * 1024))


def _spin(progress):
    while True:
        pass


def _sleep(progress):
    time.sleep(30)


def _crash(progress):
    import os

    os._exit(3)


def _answer(value, progress):
    progress(50)
    return value * 2


@pytest.mark.parametrize(
    ("fn", "limits", "kind"),
    [
        (_hog_memory, sandbox.Limits(memory_mb=64, cpu_seconds=20, wall_seconds=30), "memory"),
        (_spin, sandbox.Limits(memory_mb=256, cpu_seconds=1, wall_seconds=30), "cpu"),
        (_sleep, sandbox.Limits(memory_mb=256, cpu_seconds=20, wall_seconds=1), "time"),
        (_crash, sandbox.Limits(), "crash"),
    ],
    ids=["memory", "cpu", "wall-clock", "crash"],
)
def test_the_child_is_held_to_its_limits(fn, limits, kind):
    with pytest.raises(sandbox.LimitExceeded) as exceeded:
        sandbox.run(fn, limits=limits)
    assert exceeded.value.kind == kind
    assert exceeded.value.message


def test_the_child_reports_progress_and_returns_its_result():
    seen = []
    assert sandbox.run(_answer, 21, limits=sandbox.Limits(), on_progress=seen.append) == 42
    assert seen == [50]


def _greedy_reader(data, fields, subject_types, progress):
    """A reader as greedy as a parser on a bomb would be."""
    progress(30)
    _hog_memory(progress)


def test_an_import_job_over_its_memory_limit_fails_with_a_message(
    tasks_inline, settings, monkeypatch, client_for, lc, org
):
    from dienhinh.documents.importing import service
    from tests.documents.test_import import _workbook_with

    settings.DIENHINH = {**settings.DIENHINH, "IMPORT_MEMORY_MB": 64}
    monkeypatch.setattr(service, "read_rows", _greedy_reader)
    before = candidate_tuples(lc, org("LC-SYT"))
    upload = SimpleUploadedFile("f.xlsx", _workbook_with(["1", "Khoa Nội", "", "", "k", "", ""]))
    response = client_for("officer_a").post(f"{FORM}/import/?year=2024", {"file": upload})
    job = DocumentJob.objects.get()
    assert response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.status == "failed" and not job.upload
    assert (
        job.problems[0]["text"] == "Đọc tệp cần nhiều bộ nhớ hơn mọi biểu mẫu; tệp đã bị từ chối."
    )
    assert candidate_tuples(lc, org("LC-SYT")) == before


def test_a_bomb_upload_becomes_a_failed_job_with_its_reason(
    tasks_inline, client_for, lc, org, drill_files
):
    upload = SimpleUploadedFile("f.docx", drill_files["docx-merge-bomb.docx"])
    client_for("officer_a").post(f"{FORM}/import/?year=2024", {"file": upload})
    job = DocumentJob.objects.get()
    assert job.status == "failed"
    assert "ô gộp" in job.problems[0]["text"]
    page = client_for("officer_a").get(f"/documents/jobs/{job.pk}/").content.decode()
    assert job.problems[0]["text"] in page


def test_a_body_over_the_limit_is_refused_before_it_is_read(client_for, settings):
    client = client_for("officer_a")
    response = client.generic(
        "POST",
        f"{FORM}/import/",
        b"x",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert "11 MB" in response.content.decode()
    response = client.generic("POST", f"{FORM}/import/", b"x", CONTENT_LENGTH="lots")
    assert response.status_code == 400
