"""Keeping background document jobs honest: jobs whose worker died, and old jobs and files.

A running job's worker writes its heartbeat every few seconds (DocumentJob.beat). A job whose
heartbeat is older than the lease lost its worker (killed, out of memory, machine restarted):
`reap_stale` queues it again once, or fails it with a clear message and deletes its upload.
`prune` deletes finished jobs and their files after the retention period (and imports left
waiting for a confirmation as long), and files that no job refers to. `confirm_matches` takes the
officer's answers for rows that may be candidates registered before. `manage.py document_jobs --watch` runs both in a loop beside the task worker.
"""

import datetime
import logging
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dienhinh.core.errors import DomainError, require
from dienhinh.documents import permissions, tasks
from dienhinh.documents.importing.matching import NEW
from dienhinh.documents.models import DocumentJob

logger = logging.getLogger(__name__)
Status = DocumentJob.Status


def lease_seconds() -> int:
    return int(settings.DIENHINH.get("JOB_LEASE_SECONDS", 30))


def max_attempts() -> int:
    return int(settings.DIENHINH.get("JOB_MAX_ATTEMPTS", 2))


def retention_days() -> int:
    return int(settings.DIENHINH.get("JOB_RETENTION_DAYS", 7))


def _enqueue(job_id: int, kind: str) -> None:
    (tasks.run_import if kind == DocumentJob.Kind.IMPORT else tasks.run_export).enqueue(job_id)


def reap_stale(now: datetime.datetime | None = None, *, pk: int | None = None) -> list[int]:
    """Requeue or fail the running jobs whose heartbeat is older than the lease; their ids."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=lease_seconds())
    stale = DocumentJob.objects.filter(status=Status.RUNNING, heartbeat_at__lt=cutoff)
    if pk is not None:
        stale = stale.filter(pk=pk)
    reaped = []
    for job_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            job = (
                DocumentJob.objects.select_for_update()
                .filter(pk=job_id, status=Status.RUNNING, heartbeat_at__lt=cutoff)
                .first()
            )
            if job is None:
                continue  # another watcher got there first, or the worker came back
            retry = job.attempts < max_attempts() and (job.kind == job.Kind.EXPORT or job.upload)
            with translation.override(job.language or settings.LANGUAGE_CODE):
                if retry:
                    job.status, job.progress = Status.QUEUED, 0
                    job.message = _("The worker running this job stopped; it was queued again.")
                    job.save(update_fields=["status", "progress", "message"])
                    transaction.on_commit(partial(_enqueue, job.pk, job.kind))
                else:
                    job.status, job.finished_at = Status.FAILED, now
                    job.message = _(
                        "The worker running this job stopped %(n)s time(s) before it finished; "
                        "nothing was saved. Please upload the file again later."
                    ) % {"n": job.attempts}
                    job.delete_files()
                    job.save()
        logger.warning(
            "Document job %s lost its worker (%s)", job_id, "retry" if retry else "failed"
        )
        reaped.append(job_id)
    return reaped


def prune(now: datetime.datetime | None = None, days: int | None = None) -> tuple[int, int]:
    """Delete jobs finished more than `days` ago with their files, then files no job names.

    Returns (jobs deleted, orphan files deleted).
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days() if days is None else days)
    old = DocumentJob.objects.filter(
        status__in=[Status.DONE, Status.FAILED], finished_at__lt=cutoff
    ) | DocumentJob.objects.filter(status=Status.REVIEW, created_at__lt=cutoff)
    jobs = 0
    for job in old.iterator():
        job.delete_files()
        job.delete()
        jobs += 1
    return jobs, _prune_orphans(now - datetime.timedelta(hours=1))


def _prune_orphans(before: datetime.datetime) -> int:
    """Uploads and results on disk that no job refers to (a job deleted by hand, a crash between
    writing the file and the job), older than `before`."""
    root = Path(settings.MEDIA_ROOT)
    named: set[str] = set()
    for upload, result in DocumentJob.objects.values_list("upload", "result"):
        named.update(n for n in (upload, result) if n)
    removed = 0
    for folder in ("documents/uploads", "documents/results"):
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            name = f"{folder}/{path.name}"
            modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
            if path.is_file() and name not in named and modified < before:
                default_storage.delete(name)
                removed += 1
    return removed


def confirm_matches(job: DocumentJob, *, actor, decisions: dict[str, str]) -> None:
    """The officer's answer for each row that may be a candidate the unit registered before
    (a candidate id, or "new"); the import is queued again with them and the actor as importer.

    Refuses (NotVisible/NotPermitted) an actor who may not import for the unit; DomainError when
    the job waits for no answer or an answer is missing or not one of the offered choices.
    Side effects: the job is queued (the import writes the audit entries).
    """
    require(
        permissions.may_import(actor, job.organisation, job.program),
        visible=permissions.may_export(actor, job.organisation, job.program),
        message=_("You may not import registrations of %(unit)s.")
        % {"unit": job.organisation.name},
    )
    if job.status != Status.REVIEW:
        raise DomainError(_("This import is not waiting for a confirmation."))
    answers = {}
    for match in job.matches:
        index = str(match["index"])
        allowed = {str(c["id"]) for c in match["candidates"]} | {NEW}
        if decisions.get(index) not in allowed:
            raise DomainError(
                _("Say for “%(name)s” whether it is one of the candidates shown or a new one.")
                % {"name": match["name"]}
            )
        answers[index] = decisions[index]
    with transaction.atomic():
        job.decisions = {**job.decisions, **answers}
        job.status, job.progress, job.matches = Status.QUEUED, 0, []
        job.requested_by = actor
        job.save(update_fields=["decisions", "status", "progress", "matches", "requested_by"])
        transaction.on_commit(partial(_enqueue, job.pk, job.kind))
