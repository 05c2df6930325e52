"""The record kept when a candidate's personal data is erased (Law 91/2025/QH15): who, when and
why, never what was erased."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.registrations.models.candidates import Candidate


class ErasureKind(models.TextChoices):
    REQUEST = "request", _("At the person's request")
    RETENTION = "retention", _("Retention period over")


class Erasure(models.Model):
    """One candidate's erasure. The candidate's row stays (registrations and counts keep their
    lines) with its personal data replaced; this record cannot be undone or changed."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.PROTECT, related_name="erasure", verbose_name=_("candidate")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ErasureKind.choices)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The person's or the tool's name as it was then (a command acts as `core.actors.system`).
    erased_by_name = models.CharField(_("erased by"), max_length=200)
    reason = models.TextField(_("reason"))
    files_deleted = models.PositiveIntegerField(_("files deleted"), default=0)
    facts_deleted = models.PositiveIntegerField(_("facts deleted"), default=0)

    class Meta:
        verbose_name = _("erasure of personal data")
        verbose_name_plural = _("erasures of personal data")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"#{self.candidate_id} {self.erased_at:%d/%m/%Y}"
