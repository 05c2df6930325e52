"""Council votes by secret ballot.

No row stands for one vote. A `BallotTally` counts the votes of one choice (and whether they were
written opinions) on one candidate; the six tallies of a candidate are created together when it is
put to the vote, so neither row creation nor insertion order (SQLite rowid, PostgreSQL ctid) says
anything about who voted first or how. A `Participation` records that a member has voted on a
candidate, never how. `domain.voting.cast_vote` writes the participation and adds one to a tally
in one transaction, touching every tally of the candidate so that their row versions look alike.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh.honours.enums import SessionStatus, VoteChoice
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
    # Frozen when the session closes, so that the result never changes afterwards.
    member_count = models.PositiveSmallIntegerField(_("council members"), null=True, blank=True)
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


class BallotTally(models.Model):
    """How many votes of one choice (written or not) a candidate received in a session."""

    session = models.ForeignKey(VoteSession, on_delete=models.CASCADE, related_name="tallies")
    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("choice"), max_length=8, choices=VoteChoice.choices)
    written = models.BooleanField(_("written opinion"), default=False)
    count = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "exemplar", "choice", "written"], name="unique_ballot_tally"
            )
        ]

    def __str__(self):
        return f"{self.exemplar}: {self.choice} × {self.count}"
