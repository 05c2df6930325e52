import io
import zipfile

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dienhinh.core.actors import system
from dienhinh.documents.exporters import get_exporter
from dienhinh.documents.forms.registration import build_registration_form
from dienhinh.documents.importing.service import import_file
from dienhinh.documents.sources import registration_form_data
from tests.documents.conftest import candidate_tuples

pytestmark = pytest.mark.django_db
HEADER = [
    "STT",
    "Đơn vị",
    "Địa chỉ",
    "Người đứng đầu; phụ trách đơn vị",
    "Điển hình thuộc lĩnh vực",
    "Các giải pháp thực hiện xây dựng, nhân rộng điển hình (nêu khái quát)",
    "Ghi chú",
]


def _xlsx(rows, header=HEADER, title="I. TẬP THỂ"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _import(data, lc, unit, dry_run=False):
    return import_file(
        data, program=lc, organisation=unit, year=2024, actor=system("test"), dry_run=dry_run
    )


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


def _tuples(rows):
    """The rows as candidate_tuples() lists them."""
    fields = ("subject_type", "name", "address", "head_name", "position", "workplace")
    tail = ("solutions", "notes")
    return sorted(
        (*(getattr(r, f) for f in fields), r.field_code, *(getattr(r, f) for f in tail))
        for r in rows
    )


def _added(program, unit, before):
    """Candidates of the unit that were not there before (the demo data holds some already)."""
    left = list(before)
    added = []
    for t in candidate_tuples(program, unit):
        if t in left:
            left.remove(t)
        else:
            added.append(t)
    return added


def test_round_trip_xlsx(lc, org, filled):
    unit = org("LC-SYT")
    data = get_exporter("xlsx").render(
        build_registration_form(registration_form_data(lc, unit, 2024))
    )
    other = org("LC-SGDDT")
    before = candidate_tuples(lc, other)
    report = _import(data, lc, other)
    assert report.ok, [str(p) for p in report.problems]
    assert report.saved.created == 4
    assert _added(lc, other, before) == _tuples(filled)


def test_round_trip_docx(lc, org, filled):
    unit = org("LC-SYT")
    data = get_exporter("docx").render(
        build_registration_form(registration_form_data(lc, unit, 2024))
    )
    before = candidate_tuples(lc, org("LC-SGDDT"))
    report = _import(data, lc, org("LC-SGDDT"))
    assert report.ok, [str(p) for p in report.problems]
    assert _added(lc, org("LC-SGDDT"), before) == _tuples(filled)


def test_reimport_does_not_duplicate(lc, org, filled):
    unit = org("LC-SYT")
    data = get_exporter("xlsx").render(
        build_registration_form(registration_form_data(lc, unit, 2024))
    )
    before = candidate_tuples(lc, unit)
    report = _import(data, lc, unit)
    assert report.ok and report.saved.created == 0 and report.saved.unchanged == 4
    assert candidate_tuples(lc, unit) == before


def test_dry_run_saves_nothing(lc, org):
    unit = org("LC-SYT")
    before = candidate_tuples(lc, unit)
    report = _import(_xlsx([["1", "Khoa Nội", "", "", "k", "", ""]]), lc, unit, dry_run=True)
    assert report.ok and len(report.rows) == 1 and report.saved is None
    assert candidate_tuples(lc, unit) == before


def test_field_by_letter_or_name_and_legacy_text(lc, org):
    unit = org("LC-SYT")
    rows = [
        ["1", "Khoa Ngo¹i", "", "", "c.1", "", ""],
        ["2", "Khoa Nội", "", "", "cai cach hanh chinh (cchc)", "", ""],
        ["3", "Phoøng Keá hoaïch", "", "", "k) Cải cách hành chính (CCHC)", "", ""],
    ]
    with translation.override("vi"):
        report = _import(_xlsx(rows), lc, unit)
        warnings = [str(w) for w in report.warnings]
    assert report.ok, [str(p) for p in report.problems]
    assert [(r.name, r.field_code) for r in report.rows] == [
        ("Khoa Ngoại", "c.1"),
        ("Khoa Nội", "k"),
        ("Phòng Kế hoạch", "k"),
    ]
    assert len(warnings) == 2
    assert warnings[0].startswith(
        "Trang tính “I. TẬP THỂ”, dòng 2, cột “Đơn vị”: được gõ bằng bảng mã TCVN3"
    )


def _bomb():
    return _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"0" * (60 * 1024 * 1024)})


def _workbook_with(*rows, header=HEADER):
    return _xlsx(list(rows), header=header)


# A fragment of the problem each case must report, in English and in Vietnamese.
NOT_OFFICE = ("not an Excel", "không phải là tệp Excel (.xlsx) hoặc Word (.docx)")
DAMAGED = ("damaged", "bị hỏng, không mở được")
TOO_MUCH_DATA = ("far more", "vượt xa một biểu mẫu thông thường")
NO_TABLE = ("No table of the registration form", "Không tìm thấy bảng của biểu đăng ký")
UNKNOWN_FIELD = ("unknown field of work", "không xác định được lĩnh vực")
SAME_NAME = ("the same name as row 2", "trùng tên với dòng 2")
LONGER_255 = ("longer than 255 characters", "dài quá 255 ký tự")

CORPUS = [
    ("empty", b"", ("The file is empty", "Tệp không có dữ liệu")),
    ("text", b"hello, world", NOT_OFFICE),
    ("pdf renamed", b"%PDF-1.7\n%...", NOT_OFFICE),
    ("png renamed", b"\x89PNG\r\n\x1a\n" + b"0" * 100, NOT_OFFICE),
    ("html renamed", b"<html><body>x</body></html>", NOT_OFFICE),
    ("csv renamed", "STT,Đơn vị\n1,A\n".encode(), NOT_OFFICE),
    (
        "encrypted OLE",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        ("password-protected", "được đặt mật khẩu"),
    ),
    (
        "old xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 2048,
        ("old Office format", "định dạng Office cũ"),
    ),
    ("truncated zip", b"PK\x03\x04" + b"\0" * 30, DAMAGED),
    ("zip header only", b"PK\x05\x06" + b"\0" * 18, NOT_OFFICE),
    ("plain zip", None, NOT_OFFICE),
    ("zip bomb size", None, TOO_MUCH_DATA),
    ("zip bomb ratio", None, TOO_MUCH_DATA),
    ("odt-like zip", None, NOT_OFFICE),
    ("workbook xml garbage", None, ("Excel file cannot be read", "Không đọc được tệp Excel")),
    (
        "too big",
        b"PK" + b"0" * (5 * 1024 * 1024 + 10),
        ("the limit is 5 MB", "giới hạn cho phép là 5 MB"),
    ),
    ("no known table", None, NO_TABLE),
    ("wrong headers", None, NO_TABLE),
    ("empty name", None, ("the name is empty", "tên đang để trống")),
    ("unknown field letter", None, UNKNOWN_FIELD),
    ("unknown field name", None, UNKNOWN_FIELD),
    ("duplicate names", None, SAME_NAME),
    ("duplicate names folded", None, SAME_NAME),
    ("name too long", None, LONGER_255),
    ("address too long", None, LONGER_255),
    ("head too long", None, ("longer than 200 characters", "dài quá 200 ký tự")),
    ("too many rows", None, ("more than 2000 rows", "Tệp có hơn 2000 dòng")),
    ("one bad row among good", None, ("row 3", "dòng 3")),
    ("docx without tables", None, NO_TABLE),
    ("docx garbage", None, ("Word file cannot be read", "Không đọc được tệp Word")),
    ("encrypted zip flag", None, ("encrypted", "đã được mã hóa")),
    ("bad member crc", None, DAMAGED),
]


def _build(name):
    long = "A" * 300
    good = ["1", "Khoa Nội", "", "", "k", "", ""]
    builders = {
        "plain zip": lambda: _zip({"a.txt": b"x"}),
        "zip bomb size": _bomb,
        "zip bomb ratio": lambda: _zip(
            {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"0" * (6 * 1024 * 1024)}
        ),
        "odt-like zip": lambda: _zip({"[Content_Types].xml": b"<x/>", "content.xml": b"<x/>"}),
        "workbook xml garbage": lambda: _zip(
            {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<not xml"}
        ),
        "no known table": lambda: _workbook_with(["a", "b"], header=["x", "y"]),
        "wrong headers": lambda: _workbook_with(good, header=["STT", "Tên", "Địa chỉ"]),
        "empty name": lambda: _workbook_with(["1", "", "Địa chỉ", "", "k", "", ""]),
        "unknown field letter": lambda: _workbook_with(["1", "Khoa", "", "", "zz", "", ""]),
        "unknown field name": lambda: _workbook_with(
            ["1", "Khoa", "", "", "Hàng không vũ trụ", "", ""]
        ),
        "duplicate names": lambda: _workbook_with(good, good),
        "duplicate names folded": lambda: _workbook_with(
            good, ["2", "KHOA NOI", "", "", "k", "", ""]
        ),
        "name too long": lambda: _workbook_with(["1", long, "", "", "k", "", ""]),
        "address too long": lambda: _workbook_with(["1", "Khoa", long, "", "k", "", ""]),
        "head too long": lambda: _workbook_with(["1", "Khoa", "", long, "k", "", ""]),
        "too many rows": lambda: _workbook_with(
            *[[str(i), f"Khoa {i}", "", "", "k", "", ""] for i in range(2100)]
        ),
        "one bad row among good": lambda: _workbook_with(
            good, ["2", "Khoa B", "", "", "??", "", ""]
        ),
        "docx without tables": _docx_without_tables,
        "docx garbage": lambda: _zip(
            {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<oops"}
        ),
        "encrypted zip flag": _encrypted_flag,
        "bad member crc": _bad_crc,
    }
    return builders[name]()


def _docx_without_tables():
    from docx import Document

    out = io.BytesIO()
    doc = Document()
    doc.add_paragraph("Không có bảng")
    doc.save(out)
    return out.getvalue()


def _encrypted_flag():
    data = bytearray(
        _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}, zipfile.ZIP_STORED)
    )
    # Set the "encrypted" general-purpose bit in every local and central header.
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            data[i + offset] |= 1
            start = i + 4
    return bytes(data)


def _bad_crc():
    data = bytearray(
        _zip(
            {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<workbook/>"}, zipfile.ZIP_STORED
        )
    )
    i = data.find(b"<workbook/>")
    data[i + 1] = ord("W")
    return bytes(data)


@pytest.mark.parametrize(("name", "content", "expected"), CORPUS, ids=[c[0] for c in CORPUS])
def test_hostile_corpus_is_refused_and_saves_nothing(lc, org, name, content, expected):
    from dienhinh.registrations.models import Candidate, Registration

    assert len(CORPUS) >= 30
    data = content if content is not None else _build(name)
    before = (Candidate.objects.count(), Registration.objects.count())
    for language, fragment in zip(("en", "vi"), expected, strict=True):
        with translation.override(language):
            report = _import(data, lc, org("LC-SYT"))
            problems = [str(p) for p in report.problems]
        assert not report.ok
        assert any(fragment in p for p in problems), (language, problems)
        assert (Candidate.objects.count(), Registration.objects.count()) == before


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Sheet “I. TẬP THỂ”, row 2, column “Điển hình thuộc lĩnh vực”: "
            "unknown field of work “zz”: give its letter (e.g. k, c.1) or its name.",
        ),
        (
            "vi",
            "Trang tính “I. TẬP THỂ”, dòng 2, cột “Điển hình thuộc lĩnh vực”: "
            "không xác định được lĩnh vực “zz”: hãy ghi ký hiệu (ví dụ: k, c.1) "
            "hoặc tên lĩnh vực.",
        ),
    ],
)
def test_problem_names_sheet_row_and_column(lc, org, language, expected):
    with translation.override(language):
        report = _import(_workbook_with(["1", "Khoa", "", "", "zz", "", ""]), lc, org("LC-SYT"))
        assert [str(p) for p in report.problems] == [expected]


def test_import_command_exit_codes(lc, org, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(_workbook_with(["1", "Khoa Nội", "", "", "k", "", ""]))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    args = {"program": "lai-chau-2533", "org": "LC-SYT", "year": 2024}
    before = candidate_tuples(lc, org("LC-SYT"))
    call_command("import_registration", str(good), dry_run=True, **args)
    assert candidate_tuples(lc, org("LC-SYT")) == before
    call_command("import_registration", str(good), **args)
    assert len(_added(lc, org("LC-SYT"), before)) == 1
    capsys.readouterr()
    for language, expected in (
        ("en", "The file is not an Excel (.xlsx) or Word (.docx) file."),
        ("vi", "Tệp không phải là tệp Excel (.xlsx) hoặc Word (.docx)."),
    ):
        with translation.override(language), pytest.raises(SystemExit) as exit_info:
            call_command("import_registration", str(bad), **args)
        assert exit_info.value.code == 2
        assert expected in capsys.readouterr().err
    assert len(_added(lc, org("LC-SYT"), before)) == 1


def test_import_view_reads_the_file_in_a_job(tasks_inline, client_for, lc, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = candidate_tuples(lc, org("LC-SYT"))
    upload = SimpleUploadedFile("f.xlsx", _workbook_with(["1", "Khoa Nội", "", "", "k", "", ""]))
    client = client_for("officer_a")
    response = client.post(
        "/documents/form/lai-chau-2533/LC-SYT/import/?year=2024", {"file": upload}
    )
    assert response.status_code == 302 and response["Location"].startswith("/documents/jobs/")
    assert len(_added(lc, org("LC-SYT"), before)) == 1
    page = client.get(response["Location"])
    assert "Đã nhập: thêm mới 1, cập nhật 0, giữ nguyên 0." in page.content.decode()


def test_import_view_refuses_what_is_not_a_form_at_once(client_for, lc, org):
    """The archive's directory is read in the request: no job for a file that is no form."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dienhinh.documents.models import DocumentJob

    upload = SimpleUploadedFile("f.xlsx", b"garbage")
    response = client_for("officer_a").post(
        "/documents/form/lai-chau-2533/LC-SYT/import/", {"file": upload}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tệp không phải là tệp Excel (.xlsx) hoặc Word (.docx)." in body
    assert "Phát hiện 1 lỗi; không có dữ liệu nào được nhập." in body
    assert DocumentJob.objects.count() == 0


def _set_status(program, unit, year, status):
    from dienhinh.registrations.models import Registration

    Registration.objects.filter(program=program, organisation=unit, year=year).update(status=status)


@pytest.mark.parametrize("status", ["accepted", "submitted", "awaiting_approval"])
def test_dry_run_reports_a_registration_that_can_no_longer_change(lc, org, filled, status):
    unit = org("LC-SYT")
    _set_status(lc, unit, 2024, status)
    data = _workbook_with(["1", "Khoa Nội", "", "", "k", "", ""])
    before = candidate_tuples(lc, unit)
    with translation.override("en"):
        checked = _import(data, lc, unit, dry_run=True)
        imported = _import(data, lc, unit)
        checked_problems = [str(p) for p in checked.problems]
        imported_problems = [str(p) for p in imported.problems]
    assert not checked.ok and checked.saved is None
    assert checked_problems == imported_problems
    assert "The registration for 2024 is “" in checked_problems[0]
    assert candidate_tuples(lc, unit) == before


def test_dry_run_of_a_new_or_draft_registration_is_valid(lc, org, filled):
    data = _workbook_with(["1", "Khoa Nội", "", "", "k", "", ""])
    assert _import(data, lc, org("LC-SYT"), dry_run=True).ok  # a draft
    assert _import(data, lc, org("LC-SGDDT"), dry_run=True).ok  # none yet: it would be created


def test_import_command_dry_run_exits_2_on_an_accepted_registration(lc, org, filled, tmp_path):
    _set_status(lc, org("LC-SYT"), 2024, "accepted")
    path = tmp_path / "form.xlsx"
    path.write_bytes(_workbook_with(["1", "Khoa Nội", "", "", "k", "", ""]))
    err = io.StringIO()
    with translation.override("vi"), pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_registration",
            str(path),
            program="lai-chau-2533",
            org="LC-SYT",
            year=2024,
            dry_run=True,
            stdout=io.StringIO(),
            stderr=err,
        )
    assert exit_info.value.code == 2
    assert "Đã tiếp nhận" in err.getvalue()
    assert "Tệp hợp lệ" not in err.getvalue()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"program": "nope", "org": "LC-SYT"}, "nope"),
        ({"program": "lai-chau-2533", "org": "NOPE"}, "NOPE"),
    ],
)
def test_import_command_unknown_program_or_unit_exits_2(tmp_path, db, options, expected):
    from django.core.management.base import CommandError

    path = tmp_path / "form.xlsx"
    path.write_bytes(_workbook_with(["1", "Khoa Nội", "", "", "k", "", ""]))
    with pytest.raises(CommandError) as error:
        call_command("import_registration", str(path), **options)
    assert error.value.returncode == 2 and expected in str(error.value)


def test_formula_like_notes_are_imported_as_text(lc, org):
    unit = org("LC-SGDDT")
    data = _xlsx(
        [
            ["1", "Khoa Nội", "", "", "k", "", "=1+1"],  # openpyxl stores this as a formula
            ["2", "Khoa Ngoại", "", "", "k", "", "-5 ngày"],
        ]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "<f>1+1</f>" in z.read("xl/worksheets/sheet1.xml").decode()
    report = _import(data, lc, unit)
    assert report.ok, [str(p) for p in report.problems]
    assert [(r.name, r.notes) for r in report.rows] == [
        ("Khoa Nội", "=1+1"),
        ("Khoa Ngoại", "-5 ngày"),
    ]
    notes = {t[1]: t[-1] for t in candidate_tuples(lc, unit)}
    assert notes["Khoa Nội"] == "=1+1" and notes["Khoa Ngoại"] == "-5 ngày"

    # Exported neutralised, and the same text again when that file is imported.
    exported = get_exporter("xlsx").render(
        build_registration_form(registration_form_data(lc, unit, 2024))
    )
    with zipfile.ZipFile(io.BytesIO(exported)) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets"))
    assert "<f>" not in sheets
    values = {c.value for ws in load_workbook(io.BytesIO(exported)) for r in ws for c in r}
    assert "'=1+1" in values and "'-5 ngày" in values
    again = _import(exported, lc, unit)
    assert again.ok and again.saved.unchanged == 2 and again.saved.created == 0


def test_a_refusal_of_the_registrations_app_is_a_problem_not_an_error(lc, org, monkeypatch):
    from dienhinh.documents.importing import save
    from dienhinh.registrations.domain import DomainError

    def refuse(*args, **kwargs):
        raise DomainError("Submitted meanwhile.")

    # The registrations app's set_entries, as the import calls it.
    monkeypatch.setattr(save, "set_entries", refuse)
    report = _import(_workbook_with(["1", "Khoa Nội", "", "", "k", "", ""]), lc, org("LC-SYT"))
    assert [str(p) for p in report.problems] == ["Submitted meanwhile."]
    assert report.saved is None
