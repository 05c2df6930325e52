"""A reviewer's word on a candidate's qualitative criterion (rule kind "attest")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.registrations.models.candidates import Candidate, Evidence


class Attestation(models.Model):
    """The standing agency attests (met) or refuses (not met) one qualitative criterion of a
    candidate, with a note and the evidence it relied on. Rows are only added: the latest per
    criterion is the one the eligibility engine reads; the earlier ones are the history."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="attestations")
    criterion_code = models.CharField(_("criterion"), max_length=40)
    granted = models.BooleanField(_("attested"))
    note = models.TextField(_("note"))
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="+")
    # The names of the evidence files as they were when attested (files may be removed later).
    evidence_names = models.TextField(_("evidence relied on"), blank=True)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attested_by_name = models.CharField(_("attested by"), max_length=200)
    attested_at = models.DateTimeField(_("attested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["candidate", "criterion_code", "attested_at", "id"]

    def __str__(self):
        return f"{self.criterion_code} · {self.candidate}"

    def audit_scope_path(self) -> str:
        return self.candidate.organisation.path
