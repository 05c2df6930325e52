"""Replication (nhân rộng): another organisation adopts an exemplar's model."""

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
