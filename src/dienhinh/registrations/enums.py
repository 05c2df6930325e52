"""States of registrations, their entries and exemplars; kinds of evidence files."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the head's approval")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    # Some entries accepted (they are exemplars), the others returned with their reasons.
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A registration in these states may still be edited by the unit officer (its accepted entries
# excepted: they stay as accepted).
EDITABLE_STATUSES = frozenset(
    {RegistrationStatus.DRAFT, RegistrationStatus.RETURNED, RegistrationStatus.PARTLY_ACCEPTED}
)
# Registrations that count as "registered" on the quota dashboard.
COUNTED_STATUSES = (RegistrationStatus.SUBMITTED, RegistrationStatus.ACCEPTED)


class EntryStatus(models.TextChoices):
    INCLUDED = "included", _("Included")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class ExemplarState(models.TextChoices):
    """The life of an exemplar after acceptance (domain.md §4); later issues add the moves."""

    NURTURING = "nurturing", _("Nurturing")  # xây dựng, bồi dưỡng
    RECOGNISED = "recognised", _("Recognised")
    SELECTED = "selected", _("Selected at a review")
    COMMENDED = "commended", _("Commended")
    REPLICATED = "replicated", _("Replicated")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


class EvidenceKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"
    DOCX = "docx", "DOCX"
