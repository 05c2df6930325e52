"""A follow-up of an exemplar being nurtured: progress, inspection, difficulty, help (Plan 2690 §II.1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.honours.enums import FollowUpKind
from dienhinh.registrations.models import Exemplar


class FollowUp(models.Model):
    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="followups")
    kind = models.CharField(_("kind"), max_length=12, choices=FollowUpKind.choices)
    date = models.DateField(_("date"))
    text = models.TextField(_("text"))
    # Inspections only: the assessment of the exemplar's effect and influence.
    effect = models.TextField(_("effect"), blank=True)
    influence = models.TextField(_("influence"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(_("author"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["exemplar", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.date}"

    def audit_scope_path(self) -> str:
        return self.exemplar.organisation.path
