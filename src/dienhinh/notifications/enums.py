"""Kinds of notification, how each reaches its reader by e-mail, and the state of an e-mail."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Every move that someone waits on."""

    APPROVAL_REQUESTED = "approval_requested", _("A registration awaits the head's approval")
    SUBMITTED = "submitted", _("A registration was submitted to the standing agency")
    REGISTRATION_DECIDED = "registration_decided", _("A registration was accepted or returned")
    VOTE_OPENED = "vote_opened", _("A council vote was opened")
    VOTE_REMINDER = "vote_reminder", _("A council vote sits soon and you have not voted")
    DECISION_RECORDED = "decision_recorded", _("A commendation decision was recorded")
    FOLLOW_UP_DUE = "follow_up_due", _("An exemplar's follow-up is due")
    DEADLINE = "deadline", _("A registration deadline approaches and the quota is not met")


class Channel(models.TextChoices):
    NOW = "now", _("E-mail at once")
    DIGEST = "digest", _("In the daily digest")
    NONE = "none", _("No e-mail (in the product only)")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
