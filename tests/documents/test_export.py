import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from dienhinh.core.files import safe_cell
from dienhinh.documents.exporters import get_exporter
from dienhinh.documents.forms.registration import build_registration_form
from dienhinh.documents.model import place_and_date
from dienhinh.documents.sources import registration_form_data

pytestmark = pytest.mark.django_db


def _poppler(*args: str) -> str:
    """Run a poppler-utils program (installed by CI) and return its output."""
    program = shutil.which(args[0])
    assert program, f"{args[0]} (poppler-utils) is not installed"
    done = subprocess.run([program, *args[1:]], capture_output=True, check=True)  # noqa: S603
    return done.stdout.decode()


def _form(program, unit, year=2024):
    return build_registration_form(registration_form_data(program, unit, year))


def test_place_and_date_is_vietnamese():
    import datetime

    assert (
        place_and_date("Lai Châu", datetime.date(2024, 8, 5))
        == "Lai Châu, ngày 05 tháng 8 năm 2024"
    )
    assert place_and_date("Lai Châu", None, 2024) == "Lai Châu, ngày ... tháng ... năm 2024"


def test_form_preamble_comes_from_the_program(lc, org, filled):
    doc = _form(lc, org("LC-SYT"))
    assert doc.title == "BIỂU ĐĂNG KÝ"
    assert doc.subtitle == (
        "Xây dựng và nhân rộng các mô hình tiêu biểu, điển hình tiên tiến trên địa bàn tỉnh Lai Châu"
    )
    assert (
        "Hướng dẫn số 2533/HD-UBND ngày 02/7/2024 của Ủy ban nhân dân tỉnh Lai Châu" in doc.preamble
    )
    assert [s.heading for s in doc.sections] == [
        "I. TẬP THỂ",
        "II. CÁ NHÂN",
        "III. HỘ GIA ĐÌNH",
        "IV. MÔ HÌNH",
    ]
    assert doc.header.place_date.startswith("Lai Châu, ngày")
    assert doc.footer.signature.title == "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"


def test_empty_form_keeps_the_official_two_sections(lc, org):
    doc = _form(lc, org("LC-SGDDT"))
    assert [s.heading for s in doc.sections] == ["I. TẬP THỂ", "II. CÁ NHÂN"]
    assert [c.title for c in doc.sections[0].table.columns][:4] == [
        "STT",
        "Đơn vị",
        "Địa chỉ",
        "Người đứng đầu; phụ trách đơn vị",
    ]


def test_quang_binh_variant(qb, org):
    doc = _form(qb, org("QB-SXD-QLXD"))
    assert doc.header.place_date.startswith("Quảng Bình, ngày")
    assert "Kế hoạch số 2690/KH-SXD ngày 25/10/2022 của Sở Xây dựng tỉnh Quảng Bình" in doc.preamble
    assert [s.heading for s in doc.sections] == ["I. TẬP THỂ", "II. CÁ NHÂN"]


def test_pdf_text_font_and_page(lc, org, filled, tmp_path):
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(get_exporter("pdf").render(_form(lc, org("LC-SYT"))))
    text = _poppler("pdftotext", str(pdf), "-")
    for heading in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIỂU ĐĂNG KÝ",
        "TẬP THỂ",
        "CÁ NHÂN",
        "Lò Thị",
    ):
        assert heading in text
    fonts = _poppler("pdffonts", str(pdf))
    assert "Tinos" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip())
    # Page 1 as a picture, kept in test-results/ so a person can look at it after the run.
    results = Path(__file__).resolve().parents[2] / "test-results"
    results.mkdir(exist_ok=True)
    _poppler(
        "pdftoppm",
        "-r",
        "60",
        "-png",
        "-singlefile",
        "-f",
        "1",
        "-l",
        "1",
        str(pdf),
        str(results / "registration-form-page1"),
    )
    page = results / "registration-form-page1.png"
    from PIL import Image

    width, height = Image.open(page).size
    assert abs(max(width, height) / min(width, height) - 297 / 210) < 0.02


def test_docx_page_setup_and_fonts(lc, org, filled):
    out = Docx(io.BytesIO(get_exporter("docx").render(_form(lc, org("LC-SYT")))))
    section = out.sections[0]
    assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert out.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= out.styles["Normal"].font.size.pt <= 14
    assert Mm(1)  # imported for clarity of units
    text = "\n".join(c.text for t in out.tables for r in t.rows for c in r.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Bệnh viện Đa khoa tỉnh" in text


def test_formulas_are_neutralised(lc, org):
    from dienhinh.documents.sources import CandidateRow, FormData, program_info, unit_info

    data = FormData(
        program_info(lc),
        unit_info(org("LC-SYT")),
        2024,
        rows=[
            CandidateRow(
                "collective",
                '=HYPERLINK("http://x")',
                address="+1",
                head_name="-2",
                solutions="@SUM(A1)",
            )
        ],
    )
    wb = load_workbook(io.BytesIO(get_exporter("xlsx").render(build_registration_form(data))))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert '\'=HYPERLINK("http://x")' in values and "'+1" in values and "'@SUM(A1)" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@")) for v in values)
    assert safe_cell("-2") == "'-2"
    with zipfile.ZipFile(
        io.BytesIO(get_exporter("xlsx").render(build_registration_form(data)))
    ) as z:
        assert "<f>" not in "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets")
        )


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_export_command(lc, filled, tmp_path, fmt):
    out = tmp_path / f"form.{fmt}"
    call_command(
        "export_registration",
        program="lai-chau-2533",
        org="LC-SYT",
        year=2024,
        format=fmt,
        output=str(out),
        stdout=io.StringIO(),
    )
    assert out.stat().st_size > 1000


def test_download_view_scoped(client_for, filled):
    url = "/documents/form/lai-chau-2533/LC-SYT/download.docx?year=2024"
    assert client_for("officer_a").get(url).status_code == 200
    assert client_for("officer_b").get(url).status_code == 404
    assert (
        client_for("officer_a").get("/documents/form/lai-chau-2533/LC-SYT/download.exe").status_code
        == 404
    )


def test_summary_lists_the_units(client_for, filled):
    response = client_for("standing").get(
        "/documents/summary/lai-chau-2533/download.xlsx?year=2024"
    )
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert "Sở Y tế tỉnh Lai Châu" in values and "Tổng cộng" in values


def _export_args(tmp_path, **overrides):
    args = {
        "program": "lai-chau-2533",
        "org": "LC-SYT",
        "year": 2024,
        "format": "xlsx",
        "output": str(tmp_path / "form.xlsx"),
        "stdout": io.StringIO(),
    }
    return {**args, **overrides}


def test_export_command_missing_folder_is_a_clear_error(lc, filled, tmp_path):
    from django.core.management.base import CommandError

    missing = tmp_path / "no" / "such"
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command(
            "export_registration", **_export_args(tmp_path, output=str(missing / "f.xlsx"))
        )
    assert error.value.returncode == 2
    assert str(error.value) == (
        f"The folder “{missing}” does not exist; create it or choose another output."
    )
    assert not missing.exists()


@pytest.mark.parametrize(("option", "value"), [("program", "nope"), ("org", "NOPE")])
def test_export_command_unknown_program_or_unit_exits_2(db, tmp_path, option, value):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("export_registration", **_export_args(tmp_path, **{option: value}))
    assert error.value.returncode == 2 and value in str(error.value)


def test_export_command_pdf_logs_no_rendering_steps(lc, filled, tmp_path, caplog, capfd):
    out = tmp_path / "form.pdf"
    call_command("export_registration", **_export_args(tmp_path, format="pdf", output=str(out)))
    assert out.stat().st_size > 1000
    noisy = [r for r in caplog.records if r.name.startswith(("weasyprint", "fontTools"))]
    assert noisy == []
    assert "Step " not in capfd.readouterr().err


def _pages(pdf_bytes, tmp_path) -> list[str]:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(pdf_bytes)
    return _poppler("pdftotext", "-layout", str(pdf), "-").split("\f")


def _lai_chau_form(lc, unit, rows):
    from dienhinh.documents.sources import FormData, program_info, unit_info

    return build_registration_form(FormData(program_info(lc), unit_info(unit), 2024, rows=rows))


@pytest.mark.parametrize("collectives", range(1, 8))
def test_form_signature_never_alone_on_a_page(lc, org, tmp_path, collectives):
    from dienhinh.documents.sources import CandidateRow

    unit = org("LC-SYT")
    unit.head_name = "Nguyễn Văn An"
    rows = [
        CandidateRow("collective", f"Khoa {i}", address="P", head_name="A", solutions="x")
        for i in range(collectives)
    ]
    rows.append(CandidateRow("individual", "Lò Thị Bình"))
    doc = _lai_chau_form(lc, unit, rows)
    pages = [p for p in _pages(get_exporter("pdf").render(doc), tmp_path) if p.strip()]
    last = pages[-1]
    assert "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" in last and "Nguyễn Văn An" in last
    assert "Lò Thị" in last  # the end of the table came along
    if collectives == 1:
        assert len(pages) == 1  # it fits under the table: no page of its own


def test_form_prints_the_heads_name_in_docx(lc, org):
    unit = org("LC-SYT")
    unit.head_name = "Nguyễn Văn An"
    unit.save(update_fields=["head_name"])
    out = Docx(io.BytesIO(get_exporter("docx").render(_form(lc, unit))))
    footer = out.tables[-1].rows[0].cells[1].text
    assert footer.startswith("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ") and footer.endswith("Nguyễn Văn An")
    assert out.tables[-1].rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def _two_signatures(**footer):
    from dienhinh.documents.model import (
        Column,
        Document,
        Footer,
        Header,
        Section,
        Signature,
        Table,
    )

    return Document(
        header=Header(issuer="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"),
        title="BIÊN BẢN KIỂM PHIẾU",
        sections=[Section("Kết quả", Table([Column("STT"), Column("Họ và tên")], [["1", "A"]]))],
        footer=Footer(
            signatures=[
                Signature("THƯ KÝ", name="Lò Văn Thư"),
                Signature("CHỦ TỊCH HỘI ĐỒNG", "(Ký, ghi rõ họ và tên)", name="Trần Chủ Tịch"),
            ],
            **footer,
        ),
    )


def test_two_signatures_side_by_side_in_every_format(tmp_path):
    doc = _two_signatures(recipients=["Lưu: VT."])
    out = Docx(io.BytesIO(get_exporter("docx").render(doc)))
    titles, names = ([c.text.strip() for c in row.cells] for row in out.tables[-1].rows)
    assert titles == ["THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG\n(Ký, ghi rõ họ và tên)"]
    assert names == ["Lò Văn Thư", "Trần Chủ Tịch"]  # on one row: level under any note
    assert "Nơi nhận:" in out.paragraphs[-2].text and "Lưu: VT." in out.paragraphs[-1].text

    (page,) = [p for p in _pages(get_exporter("pdf").render(doc), tmp_path) if p.strip()]
    lines = page.splitlines()
    assert any("THƯ KÝ" in line and "CHỦ TỊCH HỘI ĐỒNG" in line for line in lines)
    assert any("Lò Văn Thư" in line and "Trần Chủ Tịch" in line for line in lines)
    assert page.index("Trần Chủ Tịch") < page.index("Nơi nhận:")

    ws = load_workbook(io.BytesIO(get_exporter("xlsx").render(doc))).active
    rows = [[c.value for c in row if c.value] for row in ws.iter_rows()]
    assert ["THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"] in rows and ["Lò Văn Thư", "Trần Chủ Tịch"] in rows


def test_one_signature_footer_is_unchanged_in_xlsx(lc, org, filled):
    ws = load_workbook(io.BytesIO(get_exporter("xlsx").render(_form(lc, org("LC-SYT"))))).active
    values = {c.value for row in ws.iter_rows() for c in row}
    assert "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ" not in values


def _summary_unit_row(lc, name):
    from dienhinh.documents.summary import build_summary

    table = build_summary(lc, 2024).sections[0].table
    titles = [c.title for c in table.columns]
    (row,) = [r for r in table.rows if r[1] == name]
    return dict(zip(titles, row, strict=True)), dict(zip(titles, table.rows[-1], strict=True))


@pytest.mark.parametrize("language", ["en", "vi"])
def test_summary_counts_like_the_quota_dashboard(lc, org, filled, language):
    from dienhinh.registrations.enums import RegistrationStatus
    from dienhinh.registrations.models import Registration

    name = org("LC-SYT").name
    with translation.override(language):
        draft, draft_totals = _summary_unit_row(lc, name)
    assert draft["Tổng số"] == "0" and draft["Tập thể"] == "0"
    assert draft["Đang thực hiện"] == "4" and draft["Trạng thái"] == "Dự thảo"
    Registration.objects.filter(program=lc, organisation=org("LC-SYT"), year=2024).update(
        status=RegistrationStatus.SUBMITTED
    )
    with translation.override(language):
        submitted, totals = _summary_unit_row(lc, name)
    assert submitted["Tổng số"] == "4" and submitted["Tập thể"] == "1"
    assert submitted["Đang thực hiện"] == "0" and submitted["Trạng thái"] == "Đã gửi"
    assert int(totals["Tổng số"]) == int(draft_totals["Tổng số"]) + 4
    assert int(totals["Đang thực hiện"]) == int(draft_totals["Đang thực hiện"]) - 4
