"""Background document jobs: a large export or import run by the task worker, with its progress."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _random_name(prefix: str, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{prefix}/{uuid.uuid4().hex}.{ext}"


def result_path(_job, filename: str) -> str:
    return _random_name("results", filename)


def upload_path(_job, filename: str) -> str:
    return _random_name("uploads", filename)


class DocumentJob(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")

    class Subject(models.TextChoices):
        FORM = "form", _("Registration form")
        SUMMARY = "summary", _("Registration summary")
        CERTIFICATES = "certificates", _("Certificates of a decision")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        REVIEW = "review", _("Waiting for your confirmation")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject = models.CharField(
        _("document"), max_length=12, choices=Subject.choices, default=Subject.FORM
    )
    # Certificates: the decision whose honours they are, and whether for pre-printed blanks.
    decision = models.ForeignKey(
        "honours.Decision", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    print_on_blank = models.BooleanField(_("print on blank forms"), default=False)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="document_jobs"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="document_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document_jobs",
    )
    format = models.CharField(_("format"), max_length=10)
    year = models.PositiveIntegerField(_("year"))
    dry_run = models.BooleanField(_("check only"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.TextField(_("message"), blank=True)
    upload = models.FileField(_("uploaded file"), upload_to=upload_path, blank=True)
    result = models.FileField(_("result file"), upload_to=result_path, blank=True)
    filename = models.CharField(_("download name"), max_length=200, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # Rows that may be candidates the unit registered before (importing.matching.Match), and
    # the officer's answers: row index -> candidate id or "new".
    matches = models.JSONField(_("possible matches"), default=list, blank=True)
    decisions = models.JSONField(_("decisions"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Written every few seconds while a worker runs the job: a job whose heartbeat is older than
    # the lease lost its worker (see documents.jobs.reap_stale).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="docjob_status_beat_idx")]
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")

    def __str__(self):
        return f"{self.get_kind_display()} {self.program_id}/{self.organisation_id} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def settled(self) -> bool:
        """Nothing will change without someone: finished, or waiting for a confirmation."""
        return self.finished or self.status == self.Status.REVIEW

    def set_progress(self, percent: int, status: str | None = None) -> None:
        self.progress = max(0, min(100, percent))
        self.heartbeat_at = timezone.now()
        fields = ["progress", "heartbeat_at"]
        if status:
            self.status = status
            fields.append("status")
        self.save(update_fields=fields)

    def beat(self) -> None:
        """Record that the worker running this job is alive."""
        self.heartbeat_at = timezone.now()
        DocumentJob.objects.filter(pk=self.pk).update(heartbeat_at=self.heartbeat_at)

    def delete_files(self) -> None:
        for file in (self.upload, self.result):
            if file:
                file.delete(save=False)


def signed_path(_obj, filename: str) -> str:
    return _random_name("signed", filename)


class SignedFile(models.Model):
    """A signed PDF of a unit: the registration form signed here or elsewhere (the signing
    plug-in of a VGCA token, another system), or evidence. Its verification verdict is kept
    beside it (the badge), as stated when it was checked."""

    class Kind(models.TextChoices):
        SIGNED_FORM = "signed_form", _("Signed registration form")
        EVIDENCE = "evidence", _("Evidence")

    class Origin(models.TextChoices):
        PRODUCED = "produced", _("Signed in the system")
        UPLOADED = "uploaded", _("Uploaded")

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="signed_files"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="signed_files"
    )
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    file = models.FileField(_("file"), upload_to=signed_path)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    verdict = models.JSONField(_("verification"), default=dict)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signed file")
        verbose_name_plural = _("signed files")

    def __str__(self):
        return self.filename

    @property
    def signed_at(self):
        from django.utils.dateparse import parse_datetime

        value = (self.verdict or {}).get("signed_at") or ""
        return parse_datetime(value) if value else None

    @property
    def problem_texts(self) -> list[str]:
        from dienhinh.documents.signing.verify import Verdict

        return Verdict.from_dict(self.verdict or {}).problem_texts()

    def audit_scope_path(self) -> str:
        return self.organisation.path
