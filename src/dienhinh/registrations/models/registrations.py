"""A registration (biểu đăng ký): one unit's candidates for one program and year; exemplars."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import (
    COUNTED_STATUSES,
    EntryStatus,
    ExemplarState,
    RegistrationStatus,
)
from dienhinh.registrations.models.candidates import Candidate


class Registration(models.Model):
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="registrations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("registering unit"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.DRAFT,
    )
    notes = models.TextField(_("notes"), blank=True)
    # The standing agency's reason when it returned the registration (kept until resubmitted).
    return_reason = models.TextField(_("reason for return"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    # A registration is what a unit sent for a year: when the unit is merged it stays that
    # unit's, under its name then, while its candidates and exemplars follow the successor.
    keeps_original_organisation = True

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-year", "organisation__path", "id"]
        indexes = [models.Index(fields=["program", "year", "status"])]
        constraints = [
            # One live registration per unit, program and year, whatever races the web form
            # and the imports run: a withdrawn one makes room for a new one.
            models.UniqueConstraint(
                fields=["program", "organisation", "year"],
                condition=~models.Q(status=RegistrationStatus.WITHDRAWN),
                name="one_live_registration_per_unit_year",
            )
        ]

    def __str__(self):
        return f"{self.organisation.name} · {self.program.number} · {self.year}"

    def audit_scope_path(self) -> str:
        return self.organisation.path

    @property
    def shows_approval(self) -> bool:
        """The head's approval stands only while the registration is with the standing agency."""
        return self.approved_by_id is not None and self.status in COUNTED_STATUSES


class Entry(models.Model):
    """A candidate's line in a registration."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="entries")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="entries")
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.INCLUDED
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["registration", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "candidate"], name="unique_candidate_per_registration"
            )
        ]
        indexes = [
            # "Has an entry in a registration of this status", asked of each candidate of a
            # list (the status filter): answered from the index, the registration's status then
            # read by its key, without visiting the entries themselves.
            models.Index(fields=["candidate", "registration"], name="entry_candidate_reg_idx"),
        ]

    def __str__(self):
        return str(self.candidate)


class Exemplar(models.Model):
    """An accepted entry, followed through its life (điển hình): nurtured, recognised, honoured."""

    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="exemplar")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="exemplars")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="exemplars")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("registering unit"),
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=12, choices=ExemplarState.choices, default=ExemplarState.NURTURING
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # The candidate's sort key (`Candidate.name_key`), kept by the database itself (triggers,
    # migration 0018): set when the row is written, whatever the value given, and again when
    # the candidate's key changes. The lists sort on it without joining the candidates.
    name_key = models.CharField(max_length=600, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("exemplar")
        verbose_name_plural = _("exemplars")
        ordering = ["name_key", "id"]
        indexes = [
            models.Index(fields=["program", "state"]),
            # A program's exemplars in name order: a page is a range of the index.
            models.Index(fields=["program", "name_key", "id"], name="exemplar_prog_name_idx"),
            # The few exemplars whose story the public never sees (portal.models.
            # PUBLIC_STATES_EXCLUDED): the portal's lists leave them out through this small
            # index instead of joining every exemplar.
            models.Index(
                fields=["id"],
                name="exemplar_not_public_idx",
                condition=models.Q(state__in=[ExemplarState.WITHDRAWN, ExemplarState.REJECTED]),
            ),
        ]

    def __str__(self):
        return str(self.candidate)

    def audit_scope_path(self) -> str:
        return self.organisation.path
