"""Background exports and imports. Tasks take a DocumentJob id; the job records progress and outcome.

`manage.py db_worker` runs them; the views enqueue them when a document has more rows than
settings.DIENHINH["BACKGROUND_ROW_THRESHOLD"].
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from dienhinh.documents.certificates import (
    certificates_filename,
    decision_honours,
    render_certificates,
)
from dienhinh.documents.exporters import get_exporter
from dienhinh.documents.forms.registration import build_registration_form
from dienhinh.documents.importing.service import import_file
from dienhinh.documents.models import DocumentJob
from dienhinh.documents.sources import registration_form_data
from dienhinh.documents.summary import build_summary

logger = logging.getLogger(__name__)
Status = DocumentJob.Status


def problem_dicts(problems) -> list[dict]:
    return [
        {
            "text": str(p),
            "message": p.message,
            "sheet": p.sheet,
            "row": p.row,
            "column": p.column,
        }
        for p in problems
    ]


def _fail(job: DocumentJob, message: str) -> None:
    job.status = Status.FAILED
    job.message = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at", "problems"])
    job.delete_files()
    job.save(update_fields=["upload", "result"])


def _start(job_id: int) -> DocumentJob | None:
    job = (
        DocumentJob.objects.select_related("program", "organisation", "requested_by")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.finished:
        return None
    job.attempts += 1
    job.started_at = job.heartbeat_at = timezone.now()
    job.progress, job.status = 5, Status.RUNNING
    job.save(update_fields=["attempts", "started_at", "heartbeat_at", "progress", "status"])
    return job


def export_document(job: DocumentJob) -> None:
    """Render the job's document and store it as the job's result file."""
    exporter = get_exporter(job.format)
    if job.subject == DocumentJob.Subject.CERTIFICATES:
        content = render_certificates(
            decision_honours(job.decision_id or 0),
            blank=job.print_on_blank,
            progress=job.set_progress,
        )
        _done(job, content, certificates_filename(job.decision, job.print_on_blank), exporter)
        return
    if job.subject == DocumentJob.Subject.SUMMARY:
        doc = build_summary(job.program, job.year)
    else:
        doc = build_registration_form(
            registration_form_data(job.program, job.organisation, job.year)
        )
    job.set_progress(40)
    content = exporter.render(doc)
    job.set_progress(90)
    _done(job, content, exporter.filename(doc), exporter)


def _done(job: DocumentJob, content: bytes, filename: str, exporter) -> None:
    job.filename = filename
    job.result.save(f"result.{exporter.extension}", ContentFile(content), save=False)
    job.status = Status.DONE
    job.progress = 100
    job.message = _("The document is ready.")
    job.finished_at = timezone.now()
    job.save()


@task()
def run_export(job_id: int) -> str:
    job = _start(job_id)
    if job is None:
        return "skipped"
    try:
        export_document(job)
    except Exception:
        logger.exception("Document export %s failed", job_id)
        _fail(job, _("The document could not be produced. Please try again later."))
        return Status.FAILED
    return job.status


def import_document(job: DocumentJob) -> None:
    """Import the job's uploaded file; its problems are recorded and nothing is saved on any.

    The file is read in a child process under the operating system's limits (the job's progress
    and heartbeat are written meanwhile), then saved here in one transaction. The upload is
    deleted when the job ends, whatever the outcome.
    """
    with job.upload.open("rb") as fh:
        data = fh.read()
    job.set_progress(10)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        report = import_file(
            data,
            program=job.program,
            organisation=job.organisation,
            year=job.year,
            actor=job.requested_by,
            dry_run=job.dry_run,
            isolated=True,
            progress=job.set_progress,
            heartbeat=job.beat,
            decisions=job.decisions,
        )
        job.problems = problem_dicts(report.problems)
        job.warnings = problem_dicts(report.warnings)
        job.matches = [m.as_dict() for m in report.matches]
        job.message = str(report.summary())
    job.progress = 100
    if report.ok and report.matches and not job.dry_run:
        job.status = Status.REVIEW  # the upload stays until the officer answers
        job.save()
        return
    job.status = Status.DONE if report.ok else Status.FAILED
    job.finished_at = timezone.now()
    job.upload.delete(save=False)
    job.save()


@task()
def run_import(job_id: int) -> str:
    job = _start(job_id)
    if job is None:
        return "skipped"
    try:
        import_document(job)
    except Exception:
        logger.exception("Document import %s failed", job_id)
        with translation.override(job.language or settings.LANGUAGE_CODE):
            _fail(job, _("The file could not be imported. Please try again later."))
        return Status.FAILED
    return job.status
