import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from dienhinh.registrations.models import Evidence
from tests.registrations import factories as f

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _upload(client, candidate, name, content, content_type="application/pdf"):
    return client.post(
        f"/registrations/candidates/{candidate.pk}/evidence/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        follow=True,
    )


def test_pdf_png_and_docx_are_accepted_by_their_content(db, client_for):
    c = f.candidate()
    client = client_for("officer_a")
    _upload(client, c, "quyet-dinh.pdf", PDF)
    _upload(client, c, "anh.png", PNG, "image/png")
    _upload(client, c, "bao-cao.docx", _docx(), "application/octet-stream")
    kinds = sorted(Evidence.objects.filter(candidate=c).values_list("kind", flat=True))
    assert kinds == ["docx", "pdf", "png"]
    stored = Evidence.objects.get(candidate=c, kind="pdf")
    assert "quyet-dinh" not in stored.file.name  # a random name on disk
    assert stored.original_name == "quyet-dinh.pdf"


def test_a_pdf_that_is_really_text_is_refused(db, client_for):
    c = f.candidate()
    response = _upload(client_for("officer_a"), c, "quyet-dinh.pdf", b"just text, not a PDF")
    assert not Evidence.objects.filter(candidate=c).exists()
    assert (
        "“quyet-dinh.pdf” không phải là tệp PDF, PNG, JPEG hoặc Word (DOCX); nội dung thực tế "
        "của tệp cho thấy định dạng khác."
    ) in response.content.decode()


def test_a_zip_that_is_not_a_docx_is_refused(db, client_for):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    c = f.candidate()
    _upload(client_for("officer_a"), c, "x.docx", buf.getvalue())
    assert not Evidence.objects.filter(candidate=c).exists()


def test_too_big_is_refused(db, client_for, settings):
    settings.DIENHINH = {**settings.DIENHINH, "EVIDENCE_MAX_BYTES": 100}
    c = f.candidate()
    content = PDF + b"0" * 200
    response = _upload(client_for("officer_a"), c, "big.pdf", content)
    assert not Evidence.objects.filter(candidate=c).exists()
    # Sizes as the page writes them: a non-breaking space before the unit.
    assert (
        f"“big.pdf” có dung lượng {len(content)}\xa0byte; giới hạn cho phép là 100\xa0byte."
    ) in response.content.decode()


def test_download_within_scope_and_404_for_another_unit(db, client_for):
    c = f.candidate()
    _upload(client_for("officer_a"), c, "quyet-dinh.pdf", PDF)
    ev = Evidence.objects.get(candidate=c)
    response = client_for("standing").get(f"/registrations/evidence/{ev.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    for outsider in ("officer_b", "qb_officer", "qb_standing", "council"):
        assert client_for(outsider).get(f"/registrations/evidence/{ev.pk}/").status_code == 404
