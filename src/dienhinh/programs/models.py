"""Programs as data: the document, its fields and criteria (with rule parameters), quotas, milestones."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienhinh.orgs.models import Organisation
from dienhinh.programs.enums import (
    DocKind,
    MilestoneKind,
    ProgramStatus,
    QuotaPeriod,
    RuleKind,
)


class Program(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    number = models.CharField(_("document number"), max_length=60)
    doc_kind = models.CharField(_("document kind"), max_length=10, choices=DocKind.choices)
    title = models.TextField(_("title"))
    short_title = models.CharField(_("short title"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    place = models.CharField(_("place"), max_length=100)
    issuer = models.CharField(_("issuing body"), max_length=200)
    # The program applies to this organisation and everything under it.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("applies to"),
        on_delete=models.PROTECT,
        related_name="programs",
    )
    standing_agency = models.ForeignKey(
        Organisation,
        verbose_name=_("standing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs_run",
    )
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # False when the document sets no period (Guide 2533): the dates above are then only the
    # product's working span (from the issue date), never shown as the document's.
    period_fixed = models.BooleanField(_("period fixed by the document"), default=True)
    subject_types = models.JSONField(_("subject types"), default=list)
    basis = models.JSONField(_("legal basis"), default=list, blank=True)
    purpose = models.JSONField(_("purpose"), default=list, blank=True)
    requirements = models.JSONField(_("requirements"), default=list, blank=True)
    # The standing duties the document sets for the whole period (Plan 2690 §II.1: nurture,
    # set criteria per unit, review periodically, discover, inspect and help).
    duties = models.JSONField(_("standing duties"), default=list, blank=True)
    subjects_text = models.TextField(_("subjects"), blank=True)
    responsibilities = models.JSONField(_("responsibilities"), default=list, blank=True)
    funding = models.TextField(_("funding"), blank=True)
    # The document allows the standing agency to propose a commendation outside the council's
    # vote (khen thưởng đột xuất): a decision may then commend with a stated override.
    direct_commendation = models.BooleanField(_("allows direct commendation"), default=False)
    # The unit head approves a registration only once its form is signed: a PDF signed with a
    # valid signature uploaded, or the form signed in the product (issue 16).
    approval_requires_signed_form = models.BooleanField(
        _("the head's approval requires the signed form"), default=False
    )
    # Subjects outside the annual rating regime: how many years before the recognition date a
    # recognised outstanding achievement counts (rule `outstanding_recognition` reads it). Guide
    # 2533 sets no window: 5 is the program's own reading, which the standing agency may change.
    outside_window_years = models.PositiveSmallIntegerField(
        _("window for recognitions outside the rating regime (years)"), default=5
    )
    outside_window_fixed = models.BooleanField(_("window fixed by the document"), default=False)
    # The council's vote (honours.domain.voting): a new session takes these as its defaults.
    # The threshold and quorum are shares of ALL council members; the totals are shown only
    # when at least `vote_min_voters` members voted. Neither document fixes them: the program's
    # own reading (the settings VOTE_QUORUM_PERCENT and VOTE_MIN_VOTERS when its file is silent).
    vote_threshold_percent = models.PositiveSmallIntegerField(
        _("pass threshold of the council's vote (percent of all members)"), default=50
    )
    vote_quorum_percent = models.PositiveSmallIntegerField(
        _("quorum of the council's vote (percent of all members present)"), default=50
    )
    vote_min_voters = models.PositiveSmallIntegerField(
        _("minimum number of voters for totals to be shown"), default=3
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-issued_on", "code"]

    def __str__(self):
        return f"{self.number} · {self.short_title}"

    def audit_scope_path(self) -> str:
        return self.organisation.path

    def criteria_on(self, day: datetime.date):
        """The criteria in force on `day`: amendments never rewrite past verdicts."""
        return self.criteria.filter(
            Q(effective_from__isnull=True) | Q(effective_from__lte=day),
            Q(effective_to__isnull=True) | Q(effective_to__gte=day),
        )

    def covers_organisation(self, organisation: Organisation) -> bool:
        """The program applies to `organisation` (its own organisation's subtree)."""
        return organisation.path.startswith(self.organisation.path)


class Field(models.Model):
    """A field of work (lĩnh vực), lettered as in the document; sub-fields have a parent."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="fields")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=300)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="unique_field_code")
        ]

    def __str__(self):
        return f"{self.code}) {self.name}"

    def audit_scope_path(self) -> str:
        return self.program.organisation.path


class Criterion(models.Model):
    """A criterion: general (field is null) or of a field; its rule reads its parameters here."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="criteria")
    field = models.ForeignKey(
        Field, null=True, blank=True, on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    subject_types = models.JSONField(_("subject types"), default=list)
    rule_kind = models.CharField(
        _("rule"), max_length=40, choices=RuleKind.choices, default=RuleKind.ATTEST
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    # The row this one replaced (see domain.editing.amend_criterion).
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amendments",
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["program", "field__position", "position"]

    def __str__(self):
        return self.code

    def audit_scope_path(self) -> str:
        return self.program.organisation.path

    def in_force_on(self, day: datetime.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or self.effective_to >= day
        )


class Quota(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="quotas")
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("text"))
    org_kinds = models.JSONField(_("organisation kinds"), default=list)
    per = models.CharField(_("per"), max_length=10, choices=QuotaPeriod.choices)
    # {"collective": 1, "individual": 1}: each subject type at least this many.
    minimums = models.JSONField(_("minimums"), default=dict, blank=True)
    # {"subject_types": [...], "count": N}: N in total among these types.
    any_of = models.JSONField(_("any of"), null=True, blank=True)
    # An amendment by the standing agency (registrations.domain.quota_amendments): the rule is in
    # force from `effective_from`; the quota it replaces, if any, until the day before. A year's
    # quota is the rule in force on its 1 January (the dashboard's units are those of that day).
    # None: as the document wrote it.
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amendments",
    )
    reason = models.TextField(_("reason for the amendment"), blank=True)
    amended_by = models.CharField(_("amended by"), max_length=200, blank=True)
    amended_at = models.DateTimeField(_("amended at"), null=True, blank=True)
    # Registrations of the rule's first year or later already submitted when it was set (the
    # amending officer confirmed that they count toward it).
    submitted_before = models.PositiveIntegerField(_("registrations already submitted"), default=0)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["program", "code"]

    def __str__(self):
        return self.code

    def audit_scope_path(self) -> str:
        return self.program.organisation.path

    def applies_in(self, year: int) -> bool:
        """Whether the rule is the quota of `year`: in force on its 1 January."""
        first = datetime.date(year, 1, 1)
        return (self.effective_from is None or self.effective_from <= first) and (
            self.effective_to is None or self.effective_to >= first
        )

    @property
    def first_year(self) -> int | None:
        """The first year whose quota the rule is (None: from the program's start)."""
        if self.effective_from is None:
            return None
        day = self.effective_from
        return day.year if (day.month, day.day) == (1, 1) else day.year + 1


class Milestone(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="milestones")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    quarter = models.CharField(_("quarter"), max_length=7, blank=True, help_text="2023-Q2")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["program", "position"]

    def __str__(self):
        return self.title

    def audit_scope_path(self) -> str:
        return self.program.organisation.path

    @property
    def due_date(self) -> datetime.date | None:
        """The date, or the last day of the quarter when only a quarter is known."""
        if self.date:
            return self.date
        if self.quarter:
            year, q = self.quarter.split("-Q")
            month = int(q) * 3
            first_next = datetime.date(int(year) + (month == 12), month % 12 + 1, 1)
            return first_next - datetime.timedelta(days=1)
        return None
