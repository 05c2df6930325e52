"""Commendation decisions, the honours they confer (revocable), spending from the fund."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.honours.enums import HonourForm, SpendingPurpose
from dienhinh.programs.models import Program
from dienhinh.registrations.models import Candidate, Exemplar


class Decision(models.Model):
    """A commendation decision (quyết định khen thưởng)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("number"), max_length=60)
    date = models.DateField(_("date"))
    authority = models.CharField(_("issuing authority"), max_length=200)
    form = models.CharField(_("form"), max_length=20, choices=HonourForm.choices)
    level = models.CharField(_("level"), max_length=100, blank=True)
    amount = models.PositiveBigIntegerField(_("amount per honour (VND)"), default=0)
    exemplars = models.ManyToManyField(Exemplar, through="Honour", related_name="decisions")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why the standing officer commended outside the chain (no closed vote selecting the
    # exemplar, or an eligibility "fail"); the honours it covers name their grounds.
    override_reason = models.TextField(_("reason for the override"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"

    def audit_scope_path(self) -> str:
        return self.program.organisation.path


class HonourQuerySet(models.QuerySet["Honour"]):
    def current(self) -> "HonourQuerySet":
        """Honours not revoked: what lists and the public portal show."""
        return self.filter(is_revoked=False)


class Honour(models.Model):
    """One exemplar honoured by one decision. Revocation hides it but keeps the row."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="honours")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="honours")
    is_revoked = models.BooleanField(_("revoked"), default=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    # What the decision's override covered for this exemplar: "no_vote", "ineligible".
    override_grounds = models.JSONField(_("overridden"), default=list, blank=True)

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-decision__date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "exemplar"], name="unique_honour")
        ]

    def __str__(self):
        return f"{self.decision} · {self.exemplar}"

    def audit_scope_path(self) -> str:
        return self.exemplar.organisation.path


class Spending(models.Model):
    """Money spent from the emulation–commendation fund (quỹ thi đua, khen thưởng)."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="spendings"
    )
    date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=12, choices=SpendingPurpose.choices)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    # Given when the same decision is paid again (a second instalment, a correction).
    repeat_reason = models.TextField(_("reason for paying the decision again"), blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="spendings"
    )
    review = models.ForeignKey(
        "honours.ReviewRound",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spendings",
    )

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date} · {self.amount}"

    def audit_scope_path(self) -> str:
        return self.program.organisation.path


class Hold(models.Model):
    """A candidate under discipline, inspection or an unresolved complaint: not commended until
    the standing agency clears it (Decree 152/2025/NĐ-CP, Art. 4)."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Under disciplinary review")
        INSPECTION = "inspection", _("Under inspection or investigation")
        COMPLAINT = "complaint", _("Unresolved complaint or denunciation")

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="holds")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    clear_reason = models.TextField(_("reason for clearing"), blank=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["-placed_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.candidate}"

    @property
    def is_active(self) -> bool:
        return self.cleared_at is None

    @staticmethod
    def _name(user) -> str:
        return (user.get_full_name() or user.get_username()) if user else "—"

    @property
    def placed_by_name(self) -> str:
        return self._name(self.placed_by)

    @property
    def cleared_by_name(self) -> str:
        return self._name(self.cleared_by)

    def audit_scope_path(self) -> str:
        return self.candidate.organisation.path
