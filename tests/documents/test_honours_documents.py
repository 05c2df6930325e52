"""Vote minutes (biên bản kiểm phiếu) and review reports as DOCX, PDF and XLSX downloads."""

import io
import shutil
import subprocess
import unicodedata

import pytest
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook

from dienhinh.honours.domain import reviews, voting
from dienhinh.honours.enums import VoteChoice
from dienhinh.honours.models import ReviewRound
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db

NAME = "Trạm Y tế xã Sìn Hồ"
HEADINGS = [
    "STT",
    "Họ và tên / Tập thể",
    "Đơn vị",
    "Tổng số thành viên",
    "Có mặt",
    "Phiếu hợp lệ",
    "Đồng ý",
    "Không đồng ý",
    "Không biểu quyết",
    "Tỷ lệ đồng ý",
    "Kết quả",
]


def _pdftotext(data: bytes, tmp_path) -> str:
    program = shutil.which("pdftotext")
    assert program, "pdftotext (poppler-utils) is not installed"
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(data)
    done = subprocess.run([program, str(pdf), "-"], capture_output=True, check=True)  # noqa: S603
    return done.stdout.decode()


@pytest.fixture
def closed_session(personas):
    members = factories.council_of(3)
    passed = factories.exemplar(state=S.RECOGNISED, name=NAME)
    other = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED)
    session = factories.session(personas["standing"], [passed, other], threshold=50)
    for member in members:
        voting.cast_vote(session, passed, member=member, choice=VoteChoice.AGREE)
        voting.cast_vote(session, other, member=member, choice=VoteChoice.DISAGREE)
    factories.close(session, personas["standing"])
    return session


def _download(client, name, pk, fmt):
    response = client.get(reverse(f"documents:{name}", kwargs={"pk": pk, "fmt": fmt}))
    assert response.status_code == 200, response.status_code
    return response


def test_minutes_pdf_is_a_vietnamese_administrative_document(client_for, closed_session, tmp_path):
    response = _download(
        client_for("standing"), "session_minutes_download", closed_session.pk, "pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="bien-ban-kiem-phieu')
    text = unicodedata.normalize("NFC", _pdftotext(response.content, tmp_path))
    # A table cell may wrap a long name over two lines.
    text = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "HỘI ĐỒNG THI ĐUA",
        "BIÊN BẢN",
        "Kiểm phiếu",
        NAME,
        "Tỷ lệ đồng",
        "Đạt",
        "Tổng cộng",
        "THƯ KÝ",
        "CHỦ TỊCH HỘI ĐỒNG",
        "ngày 01 tháng 3 năm 2025",
    ):
        assert expected in text, expected


def test_minutes_docx_has_the_results_table(client_for, closed_session):
    response = _download(client_for("admin"), "session_minutes_download", closed_session.pk, "docx")
    docx = Docx(io.BytesIO(response.content))
    grids = [t for t in docx.tables if t.rows[0].cells[0].text == "STT"]
    assert len(grids) == 1
    (grid,) = grids
    assert [c.text for c in grid.rows[0].cells][: len(HEADINGS)] == HEADINGS
    assert [c.text for c in grid.rows[0].cells][-2:] == ["Tỷ lệ đồng ý", "Kết quả"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in grid.rows[1:]}
    # Three members, all present: 3 agree of 3 is 100%, passed; the other 0%, not passed.
    assert rows[NAME][3:] == ["3", "3", "3", "3", "0", "0", "100,0%", "Đạt"]
    assert rows["Tổng cộng"][-1] == "1 đạt"
    assert any("BIÊN BẢN" in p.text for p in docx.paragraphs)


def test_minutes_follow_the_page_scope(client_for, closed_session, personas):
    url = reverse(
        "documents:session_minutes_download", kwargs={"pk": closed_session.pk, "fmt": "docx"}
    )
    assert client_for("council").get(url).status_code == 200  # a member, once closed
    assert client_for("officer_a").get(url).status_code == 404
    assert client_for("qb_standing").get(url).status_code == 404
    bad = reverse(
        "documents:session_minutes_download", kwargs={"pk": closed_session.pk, "fmt": "exe"}
    )
    assert client_for("standing").get(bad).status_code == 404
    page = client_for("standing").get(reverse("honours:session_minutes", args=[closed_session.pk]))
    assert url in page.content.decode()


def test_open_session_minutes_are_not_downloadable(client_for, personas):
    # Secret ballot: no counts leave an open session, not even for the secretary.
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar])
    url = reverse("documents:session_minutes_download", kwargs={"pk": session.pk, "fmt": "pdf"})
    assert client_for("council").get(url).status_code == 404
    assert client_for("standing").get(url).status_code == 404


@pytest.fixture
def review(personas):
    a = factories.exemplar(state=S.RECOGNISED, name=NAME)
    b = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED)
    review = ReviewRound.objects.create(
        program=a.program, kind="preliminary", title="Sơ kết 2 năm", date=a.program.issued_on
    )
    reviews.shortlist(review, a, actor=personas["standing"], typical=True)
    reviews.shortlist(review, b, actor=personas["standing"])
    return review


def test_review_report_in_three_formats(client_for, review, tmp_path):
    client = client_for("standing")
    book = load_workbook(
        io.BytesIO(_download(client, "review_report_download", review.pk, "xlsx").content)
    )
    assert book.sheetnames[:2] == ["I. DANH SÁCH ĐIỂN HÌNH", "II. THEO LĨNH VỰC"]
    values = [c for row in book["IV. THEO ĐƠN VỊ"].iter_rows(values_only=True) for c in row]
    assert "Tổng cộng" in values and "2" in values
    shortlist = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert NAME in shortlist
    text = _pdftotext(
        _download(client, "review_report_download", review.pk, "pdf").content, tmp_path
    )
    assert "BÁO CÁO" in unicodedata.normalize("NFC", text)
    docx = Docx(io.BytesIO(_download(client, "review_report_download", review.pk, "docx").content))
    assert len([t for t in docx.tables if t.rows[0].cells[0].text == "STT"]) == 4
    url = reverse("documents:review_report_download", kwargs={"pk": review.pk, "fmt": "xlsx"})
    assert client_for("officer_a").get(url).status_code == 404
    assert client_for("council").get(url).status_code == 404
