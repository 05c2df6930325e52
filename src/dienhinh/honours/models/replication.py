"""Replication (nhân rộng): another organisation adopts an exemplar's model; learning (học tập):
people come to learn from it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.honours.enums import ReplicationOutcome
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.models import Exemplar


class Replication(models.Model):
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="replications")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("adopting organisation"),
        on_delete=models.PROTECT,
        related_name="replications",
    )
    date = models.DateField(_("date"))
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=ReplicationOutcome.choices,
        default=ReplicationOutcome.IN_PROGRESS,
    )
    progress = models.TextField(_("progress"), blank=True)

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.exemplar} → {self.organisation}"

    def audit_scope_path(self) -> str:
        return self.exemplar.organisation.path


class LearningVisit(models.Model):
    """The chain's last step, learning from an exemplar (học tập, Plan 2690 §I.2): who came to
    learn (a delegation, a unit, a movement launched to follow it), when, and how many people."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="learning_visits")
    date = models.DateField(_("date"))
    visitors = models.CharField(_("who came to learn"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("their organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.PositiveIntegerField(_("number of people"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("learning visit")
        verbose_name_plural = _("learning visits")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.visitors} → {self.exemplar}"

    def audit_scope_path(self) -> str:
        return self.exemplar.organisation.path
