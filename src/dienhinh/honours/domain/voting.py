"""Council votes by secret ballot: members, conflicts of interest, casting, results.

Secrecy (architecture.md, "Decisions worth keeping"): `cast_vote` writes a Participation (who)
and adds one to a BallotTally (how many of what) in one transaction. No row stands for a single
vote, the tallies exist before the first vote, and every tally of the candidate is rewritten by
each vote, so neither the tables nor the order or version of their rows link a member to a
choice. No audit entry names a choice. Results are read from the tallies only.

What the database cannot hide: its write-ahead log and, on PostgreSQL, dead row versions until
VACUUM keep the successive counts; whoever reads those and the participations' insertion
order can reconstruct votes. They are for the database administrator's eyes only.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, Count, F, Sum, Value, When
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.honours.domain import HonoursError, lifecycle
from dienhinh.honours.enums import SessionStatus, VoteChoice
from dienhinh.honours.models import (
    BallotTally,
    ConflictDeclaration,
    Participation,
    SessionCandidate,
    VoteSession,
)
from dienhinh.orgs.enums import OrgKind, Role
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.orgs.queries import covers
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar

SECRETARY = (Role.STANDING_OFFICER, Role.ADMINISTRATOR)


class VoteError(HonoursError):
    pass


def members(council: Organisation):
    """Users holding the council-member role on the council now."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation=council,
            memberships__role=Role.COUNCIL_MEMBER,
            memberships__active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def is_member(user, council: Organisation) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and Membership.objects.current()
        .filter(user=user, organisation=council, role=Role.COUNCIL_MEMBER)
        .exists()
    )


def is_secretary(user, session: VoteSession) -> bool:
    """The standing agency over the council records written opinions and runs the session."""
    return covers(user, session.council, SECRETARY)


def member_count(session: VoteSession) -> int:
    if session.member_count is not None:
        return session.member_count
    return members(session.council).count()


def own_organisation_paths(member) -> list[str]:
    """The organisations the member belongs to outside the council (their own units)."""
    return [
        m.organisation.path
        for m in Membership.objects.current()
        .filter(user=member)
        .exclude(role=Role.COUNCIL_MEMBER)
        .select_related("organisation")
    ]


def conflicted(session: VoteSession, member, exemplar: Exemplar) -> bool:
    """Excluded automatically when the candidate belongs to the member's own organisation (or its
    subtree), or by the member's own declaration."""
    return exemplar.pk in conflicted_ids(session, member, [exemplar])


def conflicted_ids(session: VoteSession, member, exemplars) -> set[int]:
    """The ids of those `exemplars` on which the member is conflicted (see `conflicted`), in two
    queries whatever their number. The exemplars' organisations should be selected with them."""
    exemplars = list(exemplars)
    if not exemplars:
        return set()
    own = own_organisation_paths(member)
    declared = ConflictDeclaration.objects.filter(
        session=session, member=member, exemplar_id__in=[ex.pk for ex in exemplars]
    ).values_list("exemplar_id", flat=True)
    return {
        ex.pk for ex in exemplars if any(ex.organisation.path.startswith(p) for p in own)
    } | set(declared)


@transaction.atomic
def create_session(
    *, actor, program, council, title, date, threshold_percent, exemplars=(), place=""
) -> VoteSession:
    if council.kind != OrgKind.COUNCIL or not program.covers_organisation(council):
        raise VoteError(_("Choose the council of this program."))
    if not covers(actor, council, SECRETARY):
        raise VoteError(_("You may not open a vote of this council."))
    if not 1 <= int(threshold_percent) <= 100:
        raise VoteError(_("The threshold is a percentage between 1 and 100."))
    session = VoteSession.objects.create(
        program=program,
        council=council,
        title=title,
        date=date,
        place=place,
        threshold_percent=threshold_percent,
    )
    for position, exemplar in enumerate(exemplars):
        add_candidate(session, exemplar, actor=actor, position=position)
    audit.record(
        "vote.session_create",
        session,
        actor=actor,
        after={"title": title, "threshold_percent": threshold_percent},
    )
    return session


TALLY_KEYS = [(choice, written) for choice in VoteChoice.values for written in (False, True)]


def add_candidate(session: VoteSession, exemplar: Exemplar, *, actor, position=0):
    """Put a candidate to the vote, with a zero tally for every choice, written or not."""
    if not session.is_open:
        raise VoteError(_("The session is closed."))
    if exemplar.program_id != session.program_id or exemplar.state != ExemplarState.RECOGNISED:
        raise VoteError(_("Only recognised exemplars of this program can be put to the vote."))
    with transaction.atomic():
        candidate, _made = SessionCandidate.objects.get_or_create(
            session=session, exemplar=exemplar, defaults={"position": position}
        )
        # All up front: creating a tally on a first vote of a kind would date that vote.
        BallotTally.objects.bulk_create(
            [
                BallotTally(session=session, exemplar=exemplar, choice=choice, written=written)
                for choice, written in TALLY_KEYS
            ],
            ignore_conflicts=True,
        )
    return candidate


def _count_vote(session: VoteSession, exemplar: Exemplar, choice: str, *, written: bool) -> None:
    """Add one to the (choice, written) tally of the candidate.

    Every tally of the candidate is rewritten (with +0 for the others), so that each one's last
    row version belongs to the same transaction as the newest participation."""
    tallies = BallotTally.objects.select_for_update().filter(session=session, exemplar=exemplar)
    if len(tallies) != len(TALLY_KEYS):
        raise VoteError(_("This exemplar is not put to the vote in this session."))
    tallies.update(
        count=F("count")
        + Case(When(choice=choice, written=written, then=Value(1)), default=Value(0))
    )


def _lock_open(session: VoteSession) -> VoteSession:
    locked = VoteSession.objects.select_for_update().select_related("council").get(pk=session.pk)
    if not locked.is_open:
        raise VoteError(_("The session is closed."))
    return locked


def _check_can_vote(session, member, exemplar):
    if not SessionCandidate.objects.filter(session=session, exemplar=exemplar).exists():
        raise VoteError(_("This exemplar is not put to the vote in this session."))
    if not is_member(member, session.council):
        raise VoteError(_("Only council members vote."))
    if conflicted(session, member, exemplar):
        raise VoteError(_("You have a conflict of interest on this candidate and do not vote."))
    if Participation.objects.filter(session=session, member=member, exemplar=exemplar).exists():
        raise VoteError(_("A vote on this candidate has already been recorded."))


def cast_vote(session: VoteSession, exemplar: Exemplar, *, member, choice: str) -> None:
    """The member votes once on a candidate: writes a Participation and adds one to a tally."""
    if choice not in VoteChoice.values:
        raise VoteError(_("Choose agree, disagree or abstain."))
    with transaction.atomic():
        session = _lock_open(session)
        _check_can_vote(session, member, exemplar)
        Participation.objects.create(session=session, member=member, exemplar=exemplar)
        _count_vote(session, exemplar, choice, written=False)


def record_written_opinion(
    session: VoteSession, exemplar: Exemplar, *, member, choice: str, actor
) -> None:
    """The secretary records the written opinion of an absent member (phiếu ý kiến bằng văn bản).

    The audit entry names the member, never the choice."""
    if choice not in VoteChoice.values:
        raise VoteError(_("Choose agree, disagree or abstain."))
    with transaction.atomic():
        session = _lock_open(session)
        if not is_secretary(actor, session):
            raise VoteError(_("Only the secretary records written opinions."))
        _check_can_vote(session, member, exemplar)
        Participation.objects.create(
            session=session, member=member, exemplar=exemplar, written=True
        )
        _count_vote(session, exemplar, choice, written=True)
        audit.record(
            "vote.written_opinion",
            session,
            actor=actor,
            after={"member": member.get_full_name() or member.get_username(), "exemplar": exemplar},
        )


@transaction.atomic
def declare_conflict(session: VoteSession, exemplar: Exemplar, *, member, reason="") -> None:
    session = _lock_open(session)
    if not is_member(member, session.council):
        raise VoteError(_("Only council members vote."))
    if Participation.objects.filter(session=session, member=member, exemplar=exemplar).exists():
        raise VoteError(_("A vote on this candidate has already been recorded."))
    ConflictDeclaration.objects.get_or_create(
        session=session, member=member, exemplar=exemplar, defaults={"reason": reason[:300]}
    )


@dataclass
class CandidateResult:
    exemplar: Exemplar
    agree: int = 0
    disagree: int = 0
    abstain: int = 0
    written: int = 0
    participations: int = 0
    members: int = 0
    threshold_percent: int = 0
    counts: dict = field(default_factory=dict)

    @property
    def ballots(self) -> int:
        return self.agree + self.disagree + self.abstain

    @property
    def needed(self) -> int:
        """The smallest number of agree votes that passes: ceil(threshold% × members)."""
        return -(-self.threshold_percent * self.members // 100)

    @property
    def passed(self) -> bool:
        # Integer arithmetic: 90% of 10 members is exactly 9, no rounding error at the boundary.
        return self.members > 0 and self.agree * 100 >= self.threshold_percent * self.members


def results(session: VoteSession) -> list[CandidateResult]:
    """Per candidate: counts of each choice (summed tallies) = participations, pass or not."""
    total_members = member_count(session)
    rows = {
        c.exemplar_id: CandidateResult(
            exemplar=c.exemplar,
            members=total_members,
            threshold_percent=session.threshold_percent,
        )
        for c in session.candidates.select_related("exemplar__candidate", "exemplar__organisation")
    }
    for row in (
        BallotTally.objects.filter(session=session)
        .order_by()
        .values("exemplar_id", "choice", "written")
        .annotate(n=Sum("count"))
    ):
        result = rows.get(row["exemplar_id"])
        if result is None:
            continue
        setattr(result, row["choice"], getattr(result, row["choice"]) + row["n"])
        if row["written"]:
            result.written += row["n"]
    for taken in (
        Participation.objects.filter(session=session)
        .order_by()
        .values("exemplar_id")
        .annotate(n=Count("id"))
    ):
        if taken["exemplar_id"] in rows:
            rows[taken["exemplar_id"]].participations = taken["n"]
    return list(rows.values())


def latest_verdict(exemplar: Exemplar) -> tuple[VoteSession, bool] | None:
    """The exemplar's latest closed session and whether it passed there; None if never voted."""
    session = (
        VoteSession.objects.filter(status=SessionStatus.CLOSED, candidates__exemplar=exemplar)
        .order_by("-date", "-id")
        .first()
    )
    if session is None:
        return None
    agree = (
        BallotTally.objects.filter(
            session=session, exemplar=exemplar, choice=VoteChoice.AGREE
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )
    row = CandidateResult(
        exemplar=exemplar,
        agree=agree,
        members=member_count(session),
        threshold_percent=session.threshold_percent,
    )
    return session, row.passed


def close_session(session: VoteSession, *, actor, select_passed: bool = True) -> list:
    """Close the vote, freeze the member count, and select the candidates that passed."""
    with transaction.atomic():
        locked = _lock_open(session)
        if not is_secretary(actor, locked):
            raise VoteError(_("Only the secretary closes the session."))
        locked.member_count = members(locked.council).count()
        locked.status = SessionStatus.CLOSED
        locked.save(update_fields=["member_count", "status"])
        outcome = results(locked)
        audit.record(
            "vote.session_close",
            locked,
            actor=actor,
            before={"status": SessionStatus.OPEN},
            after={"status": locked.status, "member_count": locked.member_count},
        )
        if select_passed:
            for row in outcome:
                if row.passed and row.exemplar.state == ExemplarState.RECOGNISED:
                    lifecycle.transition(row.exemplar, "select", actor=actor, session=locked.title)
    session.status, session.member_count = locked.status, locked.member_count
    return outcome
