"""Certificates: one page per honour in the official layout with a QR code that opens the portal's
verification page; print on blanks; a decision's certificates as one PDF, by command or job."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dienhinh.honours.domain import decisions
from dienhinh.honours.enums import HonourForm
from dienhinh.registrations.enums import ExemplarState
from tests.documents.test_export import _poppler
from tests.honours import factories


@pytest.fixture
def decision(personas):
    exemplars = [
        factories.exemplar("LC-SYT", state=ExemplarState.SELECTED, name=name)
        for name in ("Bệnh viện Đa khoa tỉnh Lai Châu", "Lò Thị Bình", "Trạm Y tế xã Bản Giang")
    ]
    return decisions.record_decision(
        actor=personas["standing"],
        program=exemplars[0].program,
        exemplars=exemplars,
        number="1234/QĐ-UBND",
        date=datetime.date(2025, 11, 20),
        authority="Chủ tịch Ủy ban nhân dân tỉnh Lai Châu",
        form=HonourForm.DIPLOMA_OF_MERIT,
        override_reason="Khen thưởng đột xuất",
    )


def _write(decision, tmp_path, *extra):
    path = tmp_path / "certificates.pdf"
    call_command(
        "certificates", "--decision", str(decision.pk), "--output", str(path), *extra,
        stdout=io.StringIO(),
    )  # fmt: skip
    return path


def _pages(path):
    info = _poppler("pdfinfo", str(path))
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _qr_urls(path, page=1, keep=""):
    """The QR codes read back from the rendered page, as a phone's camera would. With `keep`,
    the page's picture stays in test-results/ under that name for a person to look at."""
    import shutil
    from pathlib import Path

    import zxingcpp
    from PIL import Image

    target = path.with_name(f"page{page}")
    _poppler("pdftoppm", "-r", "150", "-png", "-singlefile", "-f", str(page), "-l", str(page),
             str(path), str(target))  # fmt: skip
    picture = target.with_suffix(".png")
    if keep:
        results = Path(__file__).resolve().parents[2] / "test-results"
        results.mkdir(exist_ok=True)
        shutil.copy(picture, results / f"{keep}.png")
    return [r.text for r in zxingcpp.read_barcodes(Image.open(picture))]


def test_one_page_per_honour_in_the_official_layout(decision, tmp_path):
    path = _write(decision, tmp_path)
    assert _pages(path) == 3
    text = _poppler("pdftotext", str(path), "-")
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BẰNG KHEN", "Lò Thị Bình",
                  "Quyết định số 1234/QĐ-UBND ngày 20/11/2025", "Mã xác thực"):  # fmt: skip
        assert words in text


def test_the_qr_code_opens_the_verification_page_which_says_revoked_after_revocation(
    decision, tmp_path, client, personas
):
    path = _write(decision, tmp_path)
    (url,) = _qr_urls(path, page=1, keep="certificate")
    assert url.startswith("http://127.0.0.1:8000/portal/verify/")
    page = client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bệnh viện Đa khoa tỉnh Lai Châu" in body and "badge--green" in body
    honour = decision.honours.order_by("id").first()
    decisions.revoke_honour(honour, actor=personas["standing"], reason="Hồ sơ không trung thực")
    body = client.get(url.removeprefix("http://127.0.0.1:8000")).content.decode()
    assert "badge--red" in body
    assert "đã bị thu hồi" in body
    honour.refresh_from_db()
    assert honour.revoked_on.strftime("%d/%m/%Y") in body
    # The revoked honour leaves the decision's certificates.
    assert _pages(_write(decision, tmp_path)) == 2


def test_print_on_blank_holds_only_the_variable_text(decision, tmp_path):
    path = _write(decision, tmp_path, "--blank")
    assert _pages(path) == 3
    text = _poppler("pdftotext", str(path), "-")
    assert "Lò Thị Bình" in text
    assert "CỘNG HÒA" not in text and "BẰNG KHEN" not in text
    assert len(_qr_urls(path, keep="certificate-blank")) == 1


def test_blank_positions_adjustable_per_form(decision, tmp_path, settings):
    import json

    from dienhinh.documents.certificates import positions

    file = tmp_path / "positions.json"
    file.write_text(json.dumps({"bang_khen": {"name": [100, 50]}}))
    settings.DIENHINH = {**settings.DIENHINH, "CERTIFICATE_POSITIONS_FILE": str(file)}
    assert positions("bang_khen")["name"] == (100.0, 50.0)
    assert positions("giay_khen")["name"] != (100.0, 50.0)


def test_unknown_decision_exits_2(db, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("certificates", "--decision", "999999", "--output", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 2


def test_decision_certificates_run_as_a_job_with_progress(decision, client_for, settings, tmp_path):
    from dienhinh.documents.models import DocumentJob

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    client = client_for("standing")
    response = client.post(reverse("documents:decision_certificates", args=[decision.pk]))
    job = DocumentJob.objects.get(subject="certificates")
    assert response.status_code == 302 and response["Location"].endswith(f"/jobs/{job.pk}/")
    assert job.status == "done" and job.progress == 100  # the task ran at once
    download = client.get(reverse("documents:job_download", args=[job.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for("officer_a").get(reverse("documents:job", args=[job.pk])).status_code == 404


def test_unit_officer_may_not_start_the_decisions_certificates(decision, client_for):
    url = reverse("documents:decision_certificates", args=[decision.pk])
    assert client_for("officer_a").post(url).status_code == 404
