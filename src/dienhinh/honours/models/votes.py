"""Council votes by secret ballot: sessions, their frozen roster, shortlist, sealed ballots.

Who voted and how are kept apart (the design and its threat model are in `domain.voting`):
- `Participation`: that a member has voted on a candidate, never how;
- `SealedBallot`: one choice, encrypted with the session's public key, with a random identifier,
  no voter, no time; opened only when the session closes, with a private key that is kept outside
  the database and destroyed after counting;
- `BallotTally`: the totals, written once, when the session closes;
- `PaperCount`: the totals that the counting committee (ban kiểm phiếu) counted on paper.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.honours.enums import Attendance, SessionStatus, VoteChoice
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.models import Exemplar


class VoteSession(models.Model):
    """A sitting of the council (Hội đồng Thi đua – Khen thưởng) that votes on a shortlist."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="vote_sessions"
    )
    council = models.ForeignKey(
        Organisation,
        verbose_name=_("council"),
        on_delete=models.PROTECT,
        related_name="vote_sessions",
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Agree votes needed, as a percentage of ALL council members (not of those present).
    threshold_percent = models.PositiveSmallIntegerField(
        _("pass threshold (percent of all members)")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    # The roster's size, frozen when the session opens, so that the result never changes.
    member_count = models.PositiveSmallIntegerField(_("council members"), null=True, blank=True)
    # Totals are shown only when at least this many members voted on a candidate and the
    # members present reach the quorum (a percentage of all members).
    min_voters = models.PositiveSmallIntegerField(_("minimum number of voters"), default=3)
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of all members present)"), default=50
    )
    # The session's ballot key: the public half here, the private half outside the database.
    key_id = models.UUIDField(null=True, blank=True, editable=False)
    public_key = models.BinaryField(null=True, blank=True, editable=False)
    notes = models.TextField(_("minutes notes"), blank=True)
    exemplars = models.ManyToManyField(
        Exemplar, through="SessionCandidate", related_name="vote_sessions"
    )

    class Meta:
        verbose_name = _("vote session")
        verbose_name_plural = _("vote sessions")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title

    def audit_scope_path(self) -> str:
        return self.council.path

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN


class SessionCandidate(models.Model):
    """An exemplar put to the vote in a session (the shortlist)."""

    session = models.ForeignKey(VoteSession, on_delete=models.CASCADE, related_name="candidates")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    # Voted on paper: the counting committee enters the totals.
    paper = models.BooleanField(_("paper ballot"), default=False)

    class Meta:
        ordering = ["session", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "exemplar"], name="unique_session_candidate")
        ]

    def __str__(self):
        return str(self.exemplar)


class ConflictDeclaration(models.Model):
    """A member declares a conflict of interest on a candidate and does not vote on it."""

    session = models.ForeignKey(VoteSession, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member", "exemplar"], name="unique_conflict_declaration"
            )
        ]

    def __str__(self):
        return str(self.exemplar)


class SessionMember(models.Model):
    """The roster, frozen when the session opens: who may vote, and who is absent and sends a
    written opinion (phiếu ý kiến bằng văn bản) instead; with the attendance roll that the
    secretary takes at the meeting (frozen when the session closes)."""

    session = models.ForeignKey(VoteSession, on_delete=models.CASCADE, related_name="roster")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written = models.BooleanField(_("absent, sends a written opinion"), default=False)
    # "written" from the opening for the members above; "present" or "absent" as the secretary
    # records it ("" until then; a member who votes online is present).
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, blank=True, default=""
    )
    # On the counting committee (ban kiểm phiếu), named when the session opens: enters the
    # totals of paper ballots with the secretary.
    counter = models.BooleanField(_("counting committee"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="unique_session_member")
        ]

    def __str__(self):
        return str(self.member)


class Participation(models.Model):
    """That `member` has voted on `exemplar` in `session`; never how."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        VoteSession, on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="+")
    # A written opinion of an absent member, recorded by the secretary.
    written = models.BooleanField(_("written opinion"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member", "exemplar"], name="unique_participation"
            )
        ]

    def __str__(self):
        return str(self.exemplar)


class SealedBallot(models.Model):
    """One choice on one candidate, sealed for the session's key; no voter, no time, no order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(VoteSession, on_delete=models.CASCADE, related_name="ballots")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="+")
    sealed = models.BinaryField(editable=False)

    def __str__(self):
        return str(self.pk)


class BallotTally(models.Model):
    """How many votes of one choice a candidate received; written when the session closes."""

    session = models.ForeignKey(VoteSession, on_delete=models.CASCADE, related_name="tallies")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("choice"), max_length=8, choices=VoteChoice.choices)
    count = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "exemplar", "choice"], name="unique_ballot_tally_choice"
            )
        ]

    def __str__(self):
        return f"{self.exemplar}: {self.choice} × {self.count}"


class PaperCount(models.Model):
    """Totals of a paper ballot on one candidate, entered from the counting committee's minutes
    (biên bản kiểm phiếu)."""

    session = models.ForeignKey(VoteSession, on_delete=models.CASCADE, related_name="paper_counts")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="+")
    present = models.PositiveSmallIntegerField(_("members present"))
    agree = models.PositiveSmallIntegerField(_("agree"))
    disagree = models.PositiveSmallIntegerField(_("disagree"))
    abstain = models.PositiveSmallIntegerField(_("abstain"))
    invalid = models.PositiveSmallIntegerField(_("invalid ballots"), default=0)
    committee = models.CharField(_("counting committee"), max_length=300)
    minutes_number = models.CharField(_("count minutes"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Corrected before the session closed (each correction, with its figures before and after,
    # is in the audit trail); the minutes say so.
    corrections = models.PositiveSmallIntegerField(_("corrections"), default=0)
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "exemplar"], name="unique_paper_count")
        ]

    def __str__(self):
        return f"{self.exemplar}: {self.agree}/{self.disagree}/{self.abstain}"
