"""Kinds and choices of the honours app: follow-ups, votes, decisions, reviews, spending."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FollowUpKind(models.TextChoices):
    PROGRESS = "progress", _("Progress note")
    INSPECTION = "inspection", _("Inspection")  # kiểm tra: effect and influence assessed
    DIFFICULTY = "difficulty", _("Difficulty found")
    HELP = "help", _("Help given")


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class Attendance(models.TextChoices):
    """A member's attendance at the council's meeting, on the secretary's roll ("" until taken)."""

    PRESENT = "present", _("Present")  # có mặt
    WRITTEN = "written", _("Absent, written opinion")  # vắng mặt, có ý kiến bằng văn bản
    ABSENT = "absent", _("Absent")  # vắng mặt


class SessionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("vote session", "Open")
    CLOSED = "closed", pgettext_lazy("vote session", "Closed")


class HonourForm(models.TextChoices):
    CERTIFICATE_OF_MERIT = "giay_khen", _("Certificate of merit")  # giấy khen
    DIPLOMA_OF_MERIT = "bang_khen", _("Diploma of merit")  # bằng khen
    EMULATION_FIGHTER = "chien_si_thi_dua", _("Emulation fighter")  # chiến sĩ thi đua
    OTHER = "other", _("Other")


class ReviewKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary review")  # sơ kết
    FINAL = "final", _("Final review")  # tổng kết


class SpendingPurpose(models.TextChoices):
    REVIEW = "review", _("Review")
    CONFERENCE = "conference", _("Conference")
    DECISION = "decision", _("Commendation decision")


class ReplicationOutcome(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Did not take hold")
