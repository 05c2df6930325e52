import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from dienhinh.documents.models import DocumentJob
from tests.documents.conftest import candidate_tuples
from tests.documents.test_import import _workbook_with

pytestmark = pytest.mark.django_db
FORM = "/documents/form/lai-chau-2533/LC-SYT"


@pytest.fixture
def background(settings, tmp_path):
    """Tasks run at once, and any document of more than one row goes to a background job."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DIENHINH = {**settings.DIENHINH, "BACKGROUND_ROW_THRESHOLD": 1}
    settings.MEDIA_ROOT = tmp_path


def test_export_above_the_threshold_runs_as_a_job(background, client_for, filled):
    client = client_for("officer_a")
    response = client.get(f"{FORM}/download.xlsx?year=2024")
    assert response.status_code == 200
    assert b'method="post"' in response.content and DocumentJob.objects.count() == 0

    response = client.post(f"{FORM}/download.xlsx?year=2024")
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    assert (job.kind, job.status, job.progress, job.year) == ("export", "done", 100, 2024)
    assert job.requested_by.username == "lc.canbo"
    # Stored under a random name, downloaded under the document's own.
    assert job.result.name.startswith("documents/results/") and "LC-SYT" not in job.result.name

    page = client.get(response["Location"])
    download = f"/documents/jobs/{job.pk}/download/"
    assert page.status_code == 200
    assert b"<progress" in page.content and download.encode() in page.content

    file = client.get(download)
    assert file.status_code == 200
    assert file["Content-Disposition"].startswith("attachment")
    assert job.filename in file["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(file.streaming_content)))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert "Lò Thị Bình" in values


def test_below_the_threshold_stays_inline(settings, client_for, filled):
    settings.DIENHINH = {**settings.DIENHINH, "BACKGROUND_ROW_THRESHOLD": 4}
    response = client_for("officer_a").get(f"{FORM}/download.xlsx?year=2024")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert DocumentJob.objects.count() == 0


@pytest.mark.parametrize("persona", ["officer_b", "head_b", "qb_officer", "council"])
def test_job_is_refused_to_another_unit(background, client_for, filled, persona):
    client_for("officer_a").post(f"{FORM}/download.pdf?year=2024")
    job = DocumentJob.objects.get()
    client = client_for(persona)
    for suffix in ("", "progress/", "download/"):
        assert client.get(f"/documents/jobs/{job.pk}/{suffix}").status_code == 404
    # The unit's head and the standing agency do see it.
    assert client_for("head_a").get(f"/documents/jobs/{job.pk}/download/").status_code == 200
    assert client_for("standing").get(f"/documents/jobs/{job.pk}/download/").status_code == 200


def test_summary_job_needs_the_standing_agency(background, client_for, filled):
    response = client_for("standing").post(
        "/documents/summary/lai-chau-2533/download.xlsx?year=2024"
    )
    job = DocumentJob.objects.get()
    assert response.status_code == 302
    assert (job.subject, job.status, job.organisation.code) == ("summary", "done", "LC")
    assert client_for("standing").get(f"/documents/jobs/{job.pk}/download/").status_code == 200
    assert client_for("officer_a").get(f"/documents/jobs/{job.pk}/download/").status_code == 404


def test_failing_import_job_records_problems_and_saves_nothing(background, client_for, lc, org):
    unit = org("LC-SYT")
    before = candidate_tuples(lc, unit)
    upload = SimpleUploadedFile(
        "f.xlsx",
        _workbook_with(
            ["1", "Khoa Nội", "", "", "k", "", ""], ["2", "Khoa Ngoại", "", "", "zz", "", ""]
        ),
    )
    response = client_for("officer_a").post(f"{FORM}/import/?year=2024", {"file": upload})
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    assert (job.kind, job.status, job.format, job.dry_run) == ("import", "failed", "xlsx", False)
    assert job.problems and job.problems[0]["column"] == "Điển hình thuộc lĩnh vực"
    assert job.problems[0]["row"] == 3
    assert job.message == "Phát hiện 1 lỗi; không có dữ liệu nào được nhập."
    assert job.problems[0]["text"].startswith(
        "Trang tính “I. TẬP THỂ”, dòng 3, cột “Điển hình thuộc lĩnh vực”: "
        "không xác định được lĩnh vực “zz”"
    )
    assert not job.upload and not job.result
    assert candidate_tuples(lc, unit) == before

    page = client_for("officer_a").get(response["Location"])
    assert job.problems[0]["text"] in page.content.decode()
    assert client_for("officer_a").get(f"/documents/jobs/{job.pk}/download/").status_code == 404


def test_import_job_saves_the_rows(background, client_for, lc, org):
    unit = org("LC-SYT")
    before = len(candidate_tuples(lc, unit))
    upload = SimpleUploadedFile(
        "f.xlsx",
        _workbook_with(
            ["1", "Khoa Nội", "", "", "k", "", ""], ["2", "Khoa Ngoại", "", "", "k", "", ""]
        ),
    )
    client_for("officer_a").post(f"{FORM}/import/?year=2024", {"file": upload})
    job = DocumentJob.objects.get()
    assert job.status == "done" and job.problems == []
    assert len(candidate_tuples(lc, unit)) == before + 2


def test_progress_partial_polls_until_done(client_for, lc, org, personas):
    job = DocumentJob.objects.create(
        kind="export",
        program=lc,
        organisation=org("LC-SYT"),
        requested_by=personas["officer_a"],
        format="xlsx",
        year=2024,
        status="running",
        progress=40,
    )
    url = f"/documents/jobs/{job.pk}/progress/"
    body = client_for("officer_a").get(url).content.decode()
    assert f'hx-get="{url}"' in body and 'hx-trigger="every 1s"' in body
    assert 'value="40"' in body and "<script" not in body and "style=" not in body

    job.status, job.progress, job.message = "failed", 100, "Boom"
    job.save()
    body = client_for("officer_a").get(url).content.decode()
    assert "hx-trigger" not in body and "hx-get" not in body
    assert "Boom" in body and 'value="100"' in body


def test_summary_shows_quota_status(client_for, lc):
    from dienhinh.documents.summary import quota_status
    from dienhinh.registrations.domain import quotas

    dashboard = quotas.build(lc, 2024, None)
    assert dashboard.rows, "the demo program has units with quotas"
    response = client_for("standing").get("/documents/summary/lai-chau-2533/?year=2024")
    body = response.content.decode()
    assert response.status_code == 200 and "Tình hình thực hiện chỉ tiêu theo đơn vị" in body
    units = quota_status(lc, 2024)
    assert len(units) == len(dashboard.rows)
    for row in dashboard.rows:
        assert row.organisation.name in body
    met = sum(1 for r in dashboard.rows if r.shortfall == 0)
    assert body.count("badge--green") == met
    assert body.count("badge--amber") == len(dashboard.rows) - met


def test_summary_document_has_the_quota_section(client_for, lc):
    response = client_for("standing").get(
        "/documents/summary/lai-chau-2533/download.xlsx?year=2024"
    )
    wb = load_workbook(io.BytesIO(response.content))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert "III. TÌNH HÌNH THỰC HIỆN CHỈ TIÊU" in values
    assert any(v == "Đạt" or (isinstance(v, str) and v.startswith("Còn thiếu")) for v in values)
