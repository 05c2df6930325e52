import io
import shutil
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from docx import Document as Docx
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
    _poppler("pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p"))
    page = next(tmp_path.glob("p*.png"))
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
