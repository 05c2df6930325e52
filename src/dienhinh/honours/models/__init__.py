"""Follow-ups, council votes (secret ballot), decisions and honours, spending, reviews, replication."""

from dienhinh.honours.models.decisions import Decision, Hold, Honour, Spending
from dienhinh.honours.models.followups import FollowUp
from dienhinh.honours.models.replication import LearningVisit, Replication
from dienhinh.honours.models.reviews import ReviewEntry, ReviewRound
from dienhinh.honours.models.votes import (
    BallotTally,
    ConflictDeclaration,
    PaperCount,
    Participation,
    SealedBallot,
    SessionCandidate,
    SessionMember,
    VoteSession,
)

__all__ = [
    "BallotTally",
    "ConflictDeclaration",
    "Decision",
    "FollowUp",
    "Hold",
    "Honour",
    "LearningVisit",
    "PaperCount",
    "Participation",
    "Replication",
    "ReviewEntry",
    "ReviewRound",
    "SealedBallot",
    "SessionCandidate",
    "SessionMember",
    "Spending",
    "VoteSession",
]
