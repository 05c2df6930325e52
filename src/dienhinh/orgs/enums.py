"""Organisation kinds, roles and restructuring events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    PEOPLE_COMMITTEE = "people_committee", _("People's Committee")
    COUNCIL = "council", _("Emulation–Commendation Council")
    DEPARTMENT = "department", _("Department, board or sector")
    AGENCY = "agency", _("Agency")
    DISTRICT = "district", _("District or city")
    COMMUNE = "commune", _("Commune or ward")
    DIVISION = "division", _("Division")
    UNIT = "unit", _("Unit")
    SCHOOL = "school", _("School")
    ENTERPRISE = "enterprise", _("Enterprise")


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged")
    CLOSED = "closed", _("Closed")


class Role(models.TextChoices):
    """A role held on an organisation; it covers the organisation's whole subtree."""

    UNIT_OFFICER = "unit_officer", _("Unit emulation officer")
    UNIT_HEAD = "unit_head", _("Unit head")
    STANDING_OFFICER = "standing_officer", _("Standing-agency officer")
    COUNCIL_MEMBER = "council_member", _("Council member")
    ADMINISTRATOR = "administrator", _("Administrator")


class EventKind(models.TextChoices):
    CREATE = "create", _("Created")
    RENAME = "rename", _("Renamed")
    MOVE = "move", _("Moved")
    MERGE = "merge", _("Merged into another")
    CLOSE = "close", _("Closed")


class EventStatus(models.TextChoices):
    """A restructuring with a future effective date waits, scheduled, until its date."""

    APPLIED = "applied", _("Applied")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Share(models.TextChoices):
    """How much of an old unit went to a new one in a restructuring."""

    FULL = "full", _("Whole unit")
    PARTIAL = "partial", _("Part of the unit")
