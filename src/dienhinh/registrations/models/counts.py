"""The quota dashboard's counts, kept as things happen (`registrations.domain.quota_counts`)."""

from django.db import models

from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Field, Program
from dienhinh.registrations.models.registrations import Registration


class QuotaCount(models.Model):
    """One registration's entries of one subject type and field: how many count as registered
    (the registration submitted or accepted, or the entry itself accepted) and how many are still
    in progress with the unit. A withdrawn registration has no rows.

    The rows of a registration are recounted from its entries in the transaction that changes
    them (signals on Entry, Registration and Candidate); `rebuild_quota_counts` recounts all.
    Program, unit and year are copied from the registration so that the dashboard sums them
    without a join.
    """

    # No foreign-key constraints in the database: inserting a row would take a share lock on the
    # registration, program, unit and field rows, and a registration's move holds the first
    # three while it waits for the audit chain's lock, which a recount holds. The rows go with
    # their registration all the same (Django deletes them).
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="quota_counts", db_constraint=False
    )
    program = models.ForeignKey(
        Program, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    year = models.PositiveSmallIntegerField()
    subject_type = models.CharField(max_length=12)
    field = models.ForeignKey(
        Field, null=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    registered = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)

    # The registration's unit, as the registration itself keeps it through a merge.
    keeps_original_organisation = True

    class Meta:
        # Covering the dashboard's field chart (`board_lines.by_field`): read from the index alone,
        # already in field order.
        indexes = [
            models.Index(
                fields=["program", "year", "field", "registered", "organisation", "subject_type"],
                name="quota_count_field_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.subject_type} {self.field_id}: {self.registered}"


class QuotaTypeCount(models.Model):
    """The same counts without the field: one row per registration and subject type, the sum of
    its `QuotaCount` rows (written with them, in the same recount). The dashboard's table of
    units reads these: about a seventh of the rows at province scale (3,113 against 28,257)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    # Program and unit are read through the covering index below only.
    program = models.ForeignKey(
        Program, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    year = models.PositiveSmallIntegerField()
    subject_type = models.CharField(max_length=12)
    registered = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)

    keeps_original_organisation = True

    class Meta:
        # Covering the table's grouped query: read from the index alone, in group order.
        indexes = [
            models.Index(
                fields=[
                    "program",
                    "year",
                    "organisation",
                    "subject_type",
                    "registered",
                    "in_progress",
                ],
                name="quota_type_count_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.subject_type}: {self.registered}"


class QuotaCountChange(models.Model):
    """A unit of a program whose counts were rewritten, in the transaction that rewrote them: the
    dashboard's kept table of units (`domain.unit_counts`) reads only the units changed since the
    last change it applied (the ids grow in commit order: recounts hold the audit chain's lock
    until they commit). No unit (and no year): every unit of the program (a rebuild). `stamp`,
    random for each recount, tells a reader that the entry it last applied is still the one it
    read (not rolled back, nor its id given again by SQLite)."""

    program = models.ForeignKey(
        Program, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(null=True)
    stamp = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["program", "id", "organisation", "year", "stamp"], name="quota_change_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.program_id} {self.organisation_id} {self.year}"


class CandidateStatusCount(models.Model):
    """How many candidates of a unit, program and subject type have an entry in a registration
    of a given status (a candidate in two registrations counts under both statuses): the
    candidate list's total when filtered by status (`domain.candidate_counts`).

    Keyed by the candidates' own unit, so that the list's scope and unit filters (conditions on
    the candidate's unit) apply to these rows as they are. A unit's rows are counted again from
    its candidates in the transaction that changes them (with the quota counts, under the same
    lock). Unlike the quota counts, the rows follow their candidates when a unit is merged (the
    candidates' records are moved with the same update): a unit may then have several rows for
    one key until it is counted again, and only their sum is meant.
    """

    program = models.ForeignKey(
        Program, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    # Not hidden ("+"): a merge moves the rows with the unit's other records.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.DO_NOTHING,
        related_name="candidate_status_counts",
        db_constraint=False,
    )
    subject_type = models.CharField(max_length=12)
    status = models.CharField(max_length=20)
    candidates = models.PositiveIntegerField(default=0)

    class Meta:
        # Covering the list's sum (program, status and type, then the unit for its path).
        indexes = [
            models.Index(
                fields=["program", "status", "subject_type", "organisation", "candidates"],
                name="candidate_status_count_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.subject_type} {self.status}: {self.candidates}"
