"""An entry's dossier as it stood when it counted: at submission, or at a correction."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.registrations.models.registrations import Entry


class DossierKind(models.TextChoices):
    SUBMITTED = "submitted", _("As submitted")
    CORRECTED = "corrected", _("Corrected by the standing agency")


class Dossier(models.Model):
    """The candidate's facts, evidence list and verdict, frozen as plain data (JSON).

    Taken for each entry when its registration is submitted (again for a returned entry sent
    once more), and when the standing agency corrects the record of an accepted candidate.
    Never changed: what a decision, minutes or report relied on is the dossier of its time.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="dossiers")
    kind = models.CharField(_("kind"), max_length=10, choices=DossierKind.choices)
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now, editable=False)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    candidate_version = models.PositiveIntegerField(_("candidate version"))
    data = models.JSONField(_("dossier"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["entry", "taken_at", "id"]
        indexes = [models.Index(fields=["entry", "taken_at"])]

    def __str__(self):
        return f"{self.data.get('name', '')} · {self.get_kind_display()}"
