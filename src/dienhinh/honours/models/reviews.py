"""Review rounds of a program: "sơ kết" (preliminary) and "tổng kết" (final), with shortlists."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.honours.enums import ReviewKind
from dienhinh.programs.models import Milestone, Program
from dienhinh.registrations.models import Exemplar


class ReviewRound(models.Model):
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="review_rounds"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReviewKind.choices)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exemplars = models.ManyToManyField(Exemplar, through="ReviewEntry", related_name="reviews")
    # The step that sends the typical exemplars up (Plan 2690 §III: after the preliminary review,
    # to Sở Nội vụ, the standing agency of the provincial council): when, to whom, by whom, and
    # the list as it was sent (name, unit, field, subject type), kept as sent.
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=200, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_list = models.JSONField(_("list sent"), default=list, blank=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["program", "date"]
        constraints = [
            models.UniqueConstraint(fields=["program", "kind"], name="unique_review_kind")
        ]

    def __str__(self):
        return self.title

    def audit_scope_path(self) -> str:
        return self.program.organisation.path


class ReviewEntry(models.Model):
    """An exemplar on a review's shortlist; `typical` ones are sent up to the standing agency."""

    review = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="entries")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="+")
    typical = models.BooleanField(_("typical, sent up"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "exemplar"], name="unique_review_entry")
        ]

    def __str__(self):
        return str(self.exemplar)
