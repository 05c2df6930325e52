"""PDFs of documents with large tables: typeset by Typst (documents.render.typeset) through the
same public paths as every PDF (the exporter, export_registration, the signed form), with the
official layout, the embedded Tinos font and Vietnamese text that comes back as written."""

import io
import json
import unicodedata

import pytest

from dienhinh.documents.exporters import get_exporter
from dienhinh.documents.model import (
    Column,
    Document,
    Footer,
    Header,
    Section,
    Signature,
    Table,
    place_and_date,
)
from tests.documents.test_export import _poppler
from tests.documents.test_signing import _run

pytestmark = pytest.mark.django_db

NAMES = ["Trạm Y tế xã Tả Lèng", "Hộ ông Vàng A Páo", "Trường Tiểu học Mường Tè", "Lò Thị Bình"]


def _summary(rows: int) -> Document:
    import datetime

    table = Table([Column("STT", 12), Column("Đơn vị", 70), Column("Tổng số", 22)])
    for i in range(1, rows + 1):
        table.rows.append([str(i), f"{NAMES[i % 4]} (đơn vị {i})", str(i % 13)])
    return Document(
        header=Header(
            issuer="BAN THI ĐUA - KHEN THƯỞNG TỈNH LAI CHÂU",
            place_date=place_and_date("Lai Châu", datetime.date(2025, 10, 15)),
        ),
        title="TỔNG HỢP ĐĂNG KÝ",
        subtitle="Xây dựng và nhân rộng điển hình tiên tiến năm 2025",
        sections=[Section("I. THEO ĐƠN VỊ VÀ ĐỐI TƯỢNG", table)],
        footer=Footer(recipients=["Lưu: VT."], signature=Signature(title="NGƯỜI TỔNG HỢP")),
    )


def _pages(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return _poppler("pdftotext", str(path), "-").split("\f")[:-1]


def _fonts(data: bytes, tmp_path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return [line.split() for line in _poppler("pdffonts", str(path)).splitlines()[2:]]


def test_large_summary_keeps_the_layout_and_the_text(tmp_path):
    doc = _summary(400)  # over the threshold (300): typeset by Typst
    data = get_exporter("pdf").render(doc)
    pages = _pages(data, tmp_path)
    assert len(pages) > 10
    text = "\n".join(pages)
    assert unicodedata.normalize("NFC", text) == text
    words = " ".join(text.split())
    # Decree 30 header block, title, heading, footer: once each, first page and last page.
    for wanted in [
        "BAN THI ĐUA - KHEN THƯỞNG TỈNH LAI CHÂU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lai Châu, ngày 15 tháng 10 năm 2025",
        "TỔNG HỢP ĐĂNG KÝ",
        "I. THEO ĐƠN VỊ VÀ ĐỐI TƯỢNG",
    ]:
        assert wanted in " ".join(pages[0].split()), wanted
        assert words.count(wanted) == 1, wanted
    assert "NGƯỜI TỔNG HỢP" in pages[-1] and "Nơi nhận:" in pages[-1]
    # Every row once, in order; the column titles repeated on every page.
    for i in range(1, 401):
        assert words.count(f"{NAMES[i % 4]} (đơn vị {i})") == 1, i
    assert all("STT" in page and "Đơn vị" in page for page in pages)
    # The signature never alone on a page: the last row goes over with it.
    assert "(đơn vị 400)" in pages[-1]
    # Only the vendored font, embedded.
    fonts = _fonts(data, tmp_path)
    assert fonts and all("Tinos" in f[0] and f[-5] == "yes" for f in fonts)
    info = _poppler("pdfinfo", str(tmp_path / "doc.pdf"))
    assert "841.89 x 595.276 pts" in info or "842 x 595 pts" in info  # A4 landscape


def test_text_is_printed_never_read_as_markup(tmp_path, settings):
    settings.DIENHINH = {**settings.DIENHINH, "TYPESET_ROW_THRESHOLD": 1}
    doc = _summary(3)
    doc.sections[0].table.rows[1][1] = '#set page(fill: red) "trích dẫn" \\ $x$ <nhãn> @ref'
    doc.sections[0].table.rows[2][1] = "Dòng một\nDòng hai"
    (page,) = _pages(get_exporter("pdf").render(doc), tmp_path)
    assert '#set page(fill: red) "trích dẫn" \\ $x$ <nhãn> @ref' in page
    lines = [line.strip() for line in page.splitlines()]
    assert any(line.endswith("Dòng một") for line in lines)
    assert any(line.startswith("3") and "Dòng hai" in line or line == "Dòng hai" for line in lines)


def _made_by(data: bytes, tmp_path) -> str:
    path = tmp_path / "made.pdf"
    path.write_bytes(data)
    info = _poppler("pdfinfo", str(path)).splitlines()
    return " ".join(line for line in info if line.startswith(("Producer:", "Creator:")))


def test_small_documents_keep_weasyprint(tmp_path, settings):
    from django.conf import settings as configured

    assert configured.DIENHINH["TYPESET_ROW_THRESHOLD"] == 300
    settings.DIENHINH = {**settings.DIENHINH, "TYPESET_ROW_THRESHOLD": 3}
    assert "WeasyPrint" in _made_by(get_exporter("pdf").render(_summary(3)), tmp_path)
    assert "Typst" in _made_by(get_exporter("pdf").render(_summary(4)), tmp_path)


@pytest.fixture
def large_form(lc, org, filled, settings):
    """The four-row registration form of LC-SYT, typeset as a large one (threshold lowered)."""
    settings.DIENHINH = {**settings.DIENHINH, "TYPESET_ROW_THRESHOLD": 2}


def test_export_command_writes_the_typeset_form(lc, large_form, tmp_path):
    out = tmp_path / "form.pdf"
    code, _out, err = _run(
        "export_registration",
        "--program", lc.code, "--org", "LC-SYT", "--year", "2024",
        "--format", "pdf", "--output", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert "Typst" in _made_by(out.read_bytes(), tmp_path)
    text = " ".join(_poppler("pdftotext", str(out), "-").split())
    for name in ["Bệnh viện Đa khoa tỉnh", "Lò Thị Bình", "Hộ ông Vàng A Páo"]:
        assert name in text
    assert unicodedata.normalize("NFC", text) == text


def test_signed_large_form_verifies_with_the_block_in_the_signature_slot(
    lc, large_form, demo_keys, tmp_path
):
    from pyhanko.pdf_utils.reader import PdfFileReader

    path = tmp_path / "signed.pdf"
    code, _out, err = _run(
        "export_registration",
        "--program", lc.code, "--org", "LC-SYT", "--year", "2024",
        "--format", "pdf", "--sign", "--output", str(path),
    )  # fmt: skip
    assert code == 0, err
    code, out, err = _run("verify_pdf", str(path))
    verdict = json.loads(out)
    assert code == 0, err
    assert verdict["intact"] and verdict["trusted"] and verdict["problems"] == []
    assert verdict["signer"] == "Hoàng Văn Thắng"

    reader = PdfFileReader(io.BytesIO(path.read_bytes()))
    (sig,) = reader.embedded_signatures
    widget = sig.sig_field["/Kids"][0] if "/Kids" in sig.sig_field else sig.sig_field
    x1, y1, x2, y2 = [float(v) for v in widget["/Rect"]]
    assert round((x2 - x1) / 72 * 25.4) == 78 and round((y2 - y1) / 72 * 25.4) == 44
    # On the last page (the footer's), in its right half, under the signature's title.
    pages = reader.root["/Pages"]["/Count"]
    assert x1 > 841.89 * 0.4 and x2 < 841.89 - 15 / 25.4 * 72 + 1
    bbox = _poppler("pdftotext", "-f", str(pages), "-l", str(pages), "-bbox", str(path), "-")
    heads = [line for line in bbox.splitlines() if ">THỦ<" in line]
    assert heads, bbox[:2000]
    head_bottom = max(float(line.split('yMax="')[1].split('"')[0]) for line in heads)
    assert 595.28 - y2 >= head_bottom - 1  # the block's top under the title (y from the top)
