"""The honours-built document data: the minutes signed by the secretary and the chair."""

import io
import shutil
import subprocess
import unicodedata

import pytest
from django.urls import reverse
from docx import Document as Docx

from dienhinh.documents.honours import SIGN_NOTE, SIGNERS, minutes_document
from dienhinh.honours.domain import voting
from dienhinh.honours.enums import VoteChoice
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_session(personas):
    members = factories.council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50)
    for member in members:
        voting.cast_vote(session, exemplar, member=member, choice=VoteChoice.AGREE)
    factories.close(session, personas["standing"])
    return session


def test_minutes_carry_secretary_and_chair_as_two_signature_blocks(closed_session):
    doc = minutes_document(closed_session)
    signatures = doc.footer.signatures
    assert (
        [s.title for s in signatures] == list(SIGNERS) == ["THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG"]
    )
    assert [s.note for s in signatures] == [SIGN_NOTE, SIGN_NOTE]
    # No hand-made signing table any more: the results are the only section.
    assert [s.heading for s in doc.sections] == ["KẾT QUẢ KIỂM PHIẾU"]
    assert doc.footer.recipients_label == "Nơi nhận:"
    assert doc.footer.recipients[-1] == "Lưu: VT."
    assert "THƯ KÝ" not in " ".join(doc.footer.recipients)


def _download(client, session, fmt) -> bytes:
    url = reverse("documents:session_minutes_download", kwargs={"pk": session.pk, "fmt": fmt})
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_minutes_pdf_shows_both_signers_once_and_the_recipients(
    client_for, closed_session, tmp_path
):
    program = shutil.which("pdftotext")
    assert program, "pdftotext (poppler-utils) is not installed"
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(_download(client_for("standing"), closed_session, "pdf"))
    done = subprocess.run([program, str(pdf), "-"], capture_output=True, check=True)  # noqa: S603
    text = unicodedata.normalize("NFC", done.stdout.decode())
    for title in SIGNERS:
        assert text.count(title) == 1, title
    assert "Nơi nhận" in text and "Thành viên Hội đồng" in text


def _docx_text(data: bytes) -> str:
    docx = Docx(io.BytesIO(data))
    parts = [p.text for p in docx.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(docx.tables)
    return "\n".join(parts)


def test_minutes_docx_has_both_signers_and_the_recipients(client_for, closed_session):
    text = _docx_text(_download(client_for("admin"), closed_session, "docx"))
    for title in SIGNERS:
        assert title in text, title
    assert "Nơi nhận" in text and "Lưu: VT." in text
