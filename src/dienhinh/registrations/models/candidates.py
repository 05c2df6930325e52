"""A candidate (collective, individual, household or model) and the facts recorded about it."""

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.core.text import name_sort_key, nfc, search_words, title_sort_key
from dienhinh.orgs.models import Organisation
from dienhinh.programs.enums import (
    DisciplineLevel,
    Metric,
    Rating,
    SubjectType,
    ViolationKind,
)
from dienhinh.programs.models import Field, Program
from dienhinh.registrations.enums import EvidenceKind


def sort_key(subject_type: str, name: str) -> str:
    """A person's name sorts by given name first; units, households and models as written."""
    key = name_sort_key if subject_type == SubjectType.INDIVIDUAL else title_sort_key
    return key(name)[:600]


class Candidate(models.Model):
    """One subject a unit proposes as an exemplar (the rows of the registration form, Biểu đăng ký).

    The columns mean, by subject type:
      collective: name = unit, address, head_name = head (Người đứng đầu, phụ trách đơn vị)
      individual: name = full name, position, workplace, address = residence
      household:  name = head of household, address
      model:      name = model's name, address = place, head_name = owner
    """

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="candidates"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("registering unit"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    subject_type = models.CharField(_("subject type"), max_length=12, choices=SubjectType.choices)
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    head_name = models.CharField(_("head or owner"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    field = models.ForeignKey(
        Field,
        verbose_name=_("field of work"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    solutions = models.TextField(
        _("solutions for building and replicating the exemplar"), blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    # An individual's year of birth: tells two people of the same name apart (imports match a
    # person by name and year of birth). Personal data, held for that and nothing else.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    recognition_date = models.DateField(_("recognition date"), null=True, blank=True)
    rated = models.BooleanField(_("under the annual rating regime"), null=True, blank=True)
    # Household production model measures (mô hình sản xuất); None: not recorded.
    stable_years = models.PositiveSmallIntegerField(_("years stable"), null=True, blank=True)
    households_helped = models.PositiveIntegerField(
        _("farming households helped"), null=True, blank=True
    )
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)

    name_key = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    search_text = models.CharField(max_length=1200, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    TEXT_FIELDS = ("name", "address", "head_name", "position", "workplace", "solutions", "notes")

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["name_key", "id"]
        indexes = [
            models.Index(fields=["program", "organisation", "subject_type"]),
            models.Index(fields=["organisation", "name_key"]),
            # The list filtered by program and subject type, in name order: the page is read
            # from the index in order (no sort of every match) and the COUNT stays in the index.
            models.Index(
                fields=["program", "subject_type", "name_key", "id"],
                name="cand_prog_type_name_idx",
            ),
            # The same list of every subject type (the API's list of a program): read in order
            # from the index, stopping after a page, instead of sorting the whole program.
            models.Index(fields=["program", "name_key", "id"], name="cand_prog_name_idx"),
            # The COUNT of that list within a user's units (joined on the unit, semi-joined on
            # the entries for a status): read from the index alone on PostgreSQL.
            models.Index(
                fields=["program", "subject_type", "organisation", "id"],
                name="cand_prog_type_org_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_derived()
        super().save(*args, **kwargs)

    def audit_scope_path(self) -> str:
        return self.organisation.path

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the quota counts hold for it: a save that changes neither is not recounted
        # (registrations.domain.quota_counts.candidate_saved).
        loaded = instance.__dict__
        if "subject_type" in loaded and "field_id" in loaded:
            instance.counted_as = (loaded["subject_type"], loaded["field_id"])
        return instance

    def refresh_derived(self) -> None:
        """NFC text, the Vietnamese sort key and the folded search text, from the current values."""
        for name in self.TEXT_FIELDS:
            setattr(
                self,
                name,
                nfc(getattr(self, name))
                if name not in ("solutions", "notes")
                else (getattr(self, name) or "").strip(),
            )
        self.name_key = sort_key(self.subject_type, self.name)
        self.search_text = candidate_search_text(self)


def candidate_search_text(candidate) -> str:
    """What the candidate lists search: name, head, workplace and address as folded words."""
    c = candidate
    return search_words(f"{c.name} {c.head_name} {c.workplace} {c.address}")[:1200]


class AnnualRating(models.Model):
    """The yearly rating (đánh giá, xếp loại) of an official, employee or collective."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("rating"), max_length=4, choices=Rating.choices)

    class Meta:
        verbose_name = _("annual rating")
        verbose_name_plural = _("annual ratings")
        ordering = ["candidate", "year"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "year"], name="unique_rating_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.get_level_display()}"


class Recognition(models.Model):
    """An outstanding achievement recognised by a competent authority (subjects not rated)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="recognitions")
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.CharField(_("recognition"), max_length=500)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["candidate", "year", "id"]

    def __str__(self):
        return f"{self.year}: {self.text}"


class CulturalFamilyYear(models.Model):
    """A year the household was recognised as a cultural family (gia đình văn hóa)."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="cultural_years"
    )
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("cultural family year")
        verbose_name_plural = _("cultural family years")
        ordering = ["candidate", "year"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "year"], name="unique_cultural_year")
        ]

    def __str__(self):
        return str(self.year)


class Violation(models.Model):
    """A household member's violation (law, traffic safety, social evils)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="violations")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("violation"), max_length=12, choices=ViolationKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["candidate", "year", "id"]

    def __str__(self):
        return f"{self.year}: {self.get_kind_display()}"


class Discipline(models.Model):
    """A disciplinary measure against the candidate or, for a collective, one of its staff."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="disciplines")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("measure"), max_length=16, choices=DisciplineLevel.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["candidate", "year", "id"]

    def __str__(self):
        return f"{self.year}: {self.get_level_display()}"


class FieldMetric(models.Model):
    """One year's figures of a unit (administrative reform, production and business)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="metrics")
    year = models.PositiveSmallIntegerField(_("year"))
    par_index = models.DecimalField(
        Metric.PAR_INDEX.label, max_digits=5, decimal_places=2, null=True, blank=True
    )
    satisfaction_index = models.DecimalField(
        Metric.SATISFACTION_INDEX.label, max_digits=5, decimal_places=2, null=True, blank=True
    )
    late_dossiers = models.PositiveIntegerField(Metric.LATE_DOSSIERS.label, null=True, blank=True)
    revenue = models.DecimalField(
        Metric.REVENUE.label, max_digits=18, decimal_places=2, null=True, blank=True
    )
    revenue_plan = models.DecimalField(
        Metric.REVENUE_PLAN.label, max_digits=18, decimal_places=2, null=True, blank=True
    )
    budget_paid = models.DecimalField(
        Metric.BUDGET_PAID.label, max_digits=18, decimal_places=2, null=True, blank=True
    )
    budget_plan = models.DecimalField(
        Metric.BUDGET_PLAN.label, max_digits=18, decimal_places=2, null=True, blank=True
    )
    profit = models.DecimalField(
        Metric.PROFIT.label, max_digits=18, decimal_places=2, null=True, blank=True
    )
    profit_plan = models.DecimalField(
        Metric.PROFIT_PLAN.label, max_digits=18, decimal_places=2, null=True, blank=True
    )
    tax_arrears = models.DecimalField(
        Metric.TAX_ARREARS.label, max_digits=18, decimal_places=2, null=True, blank=True
    )

    METRICS = tuple(Metric.values)

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["candidate", "year"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "year"], name="unique_metric_year")
        ]

    def __str__(self):
        return str(self.year)

    def as_dict(self) -> dict[str, float]:
        return {
            name: float(value)
            for name in self.METRICS
            if (value := getattr(self, name)) is not None
        }


def _evidence_path(instance, filename: str) -> str:
    # A random name: the original name is kept in the row, never in the file system.
    suffix = {"jpeg": ".jpg"}.get(instance.kind, f".{instance.kind}")
    return str(PurePosixPath("evidence", timezone.now().strftime("%Y"), uuid.uuid4().hex + suffix))


class Evidence(models.Model):
    """A file that supports the candidate (decision, certificate, photo); served only in scope."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    kind = models.CharField(_("file type"), max_length=5, choices=EvidenceKind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["candidate", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    def audit_scope_path(self) -> str:
        return self.candidate.organisation.path
