"""Jobs whose worker died are requeued or failed; old jobs and their files are pruned."""

import datetime
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from dienhinh.documents import jobs
from dienhinh.documents.models import DocumentJob
from tests.documents.test_import import _workbook_with

pytestmark = pytest.mark.django_db


def _job(lc, org, personas, *, status="running", beat_ago=120, attempts=1, upload=True):
    job = DocumentJob(
        kind="import",
        program=lc,
        organisation=org("LC-SYT"),
        requested_by=personas["officer_a"],
        format="xlsx",
        year=2024,
        status=status,
        progress=40,
        attempts=attempts,
        language="vi",
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=beat_ago),
    )
    if upload:
        job.upload.save(
            "upload.xlsx",
            ContentFile(_workbook_with(["1", "Khoa Nội", "", "", "k", "", ""])),
            save=False,
        )
    job.save()
    return job


def test_a_job_whose_worker_died_runs_again(
    tasks_inline, lc, org, personas, django_capture_on_commit_callbacks
):
    job = _job(lc, org, personas, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.reap_stale() == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)  # the worker (here: at once) ran it again
    assert not job.upload


def test_a_job_whose_worker_died_twice_fails_with_a_message_and_its_file_is_deleted(
    tasks_inline, lc, org, personas
):
    job = _job(lc, org, personas, attempts=2)
    path = job.upload.path
    assert os.path.exists(path)
    assert jobs.reap_stale() == [job.pk]
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.message == (
        "Tiến trình xử lý công việc này đã dừng 2 lần trước khi xong; không có dữ liệu nào "
        "được lưu. Vui lòng tải tệp lên lại sau."
    )
    assert not job.upload and not os.path.exists(path)


def test_a_live_job_is_left_alone(tasks_inline, lc, org, personas):
    job = _job(lc, org, personas, beat_ago=5)
    assert jobs.reap_stale() == []
    job.refresh_from_db()
    assert job.status == "running"


def test_the_progress_page_notices_a_dead_worker(tasks_inline, lc, org, personas, client_for):
    job = _job(lc, org, personas, attempts=2)
    body = client_for("officer_a").get(f"/documents/jobs/{job.pk}/progress/").content.decode()
    assert "đã dừng 2 lần" in body and "hx-trigger" not in body


def test_old_jobs_and_stray_files_are_pruned(tasks_inline, lc, org, personas, settings):
    old = _job(lc, org, personas, status="done", upload=False)
    old.result.save("result.xlsx", ContentFile(b"x"), save=False)
    old.finished_at = timezone.now() - datetime.timedelta(days=8)
    old.save()
    recent = _job(lc, org, personas, status="done", upload=False)
    recent.finished_at = timezone.now() - datetime.timedelta(days=1)
    recent.save()
    result_path = old.result.path
    stray = settings.MEDIA_ROOT / "documents" / "uploads" / "stray.xlsx"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"x")
    two_hours_ago = (timezone.now() - datetime.timedelta(hours=2)).timestamp()
    os.utime(stray, (two_hours_ago, two_hours_ago))

    out = io.StringIO()
    call_command("document_jobs", stdout=out)
    assert "old jobs deleted: 1, orphan files deleted: 1" in out.getvalue()
    assert list(DocumentJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not os.path.exists(result_path) and not stray.exists()


def test_retention_is_configurable(tasks_inline, lc, org, personas, settings):
    settings.DIENHINH = {**settings.DIENHINH, "JOB_RETENTION_DAYS": 30}
    job = _job(lc, org, personas, status="failed", upload=False)
    job.finished_at = timezone.now() - datetime.timedelta(days=8)
    job.save()
    assert jobs.prune() == (0, 0)


@pytest.mark.parametrize(("persona", "status"), [("admin", 200), ("officer_a", 302)])
def test_jobs_are_listed_for_the_administrator(lc, org, personas, client_for, persona, status):
    _job(lc, org, personas, upload=False)
    response = client_for(persona).get("/admin/documents/documentjob/")
    assert response.status_code == status
    if status == 200:
        assert "LC-SYT" in response.content.decode() or "Sở Y tế" in response.content.decode()
