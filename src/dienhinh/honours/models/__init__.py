"""Follow-ups, council votes (secret ballot), decisions and honours, spending, reviews, replication."""

from dienhinh.honours.models.decisions import Decision, Honour, Spending
from dienhinh.honours.models.followups import FollowUp
from dienhinh.honours.models.replication import Replication
from dienhinh.honours.models.reviews import ReviewEntry, ReviewRound
from dienhinh.honours.models.votes import (
    BallotTally,
    ConflictDeclaration,
    Participation,
    SessionCandidate,
    VoteSession,
)

__all__ = [
    "BallotTally",
    "ConflictDeclaration",
    "Decision",
    "FollowUp",
    "Honour",
    "Participation",
    "Replication",
    "ReviewEntry",
    "ReviewRound",
    "SessionCandidate",
    "Spending",
    "VoteSession",
]
