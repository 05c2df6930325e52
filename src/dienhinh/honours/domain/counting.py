"""Counting a council vote: paper counts, the totals at closing, results and their validity.

The ballots are opened only here, when the secretary closes the session (see `voting` for the
design and its threat model); totals are written once, in the closing transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.actors import Actor, user_of
from dienhinh.core.errors import NotPermitted, require
from dienhinh.honours import permissions
from dienhinh.honours.domain import ballots, lifecycle, meeting
from dienhinh.honours.domain.voting import (
    VoteError,
    is_secretary,
    lock_open,
    member_count,
    members,
)
from dienhinh.honours.enums import SessionStatus, VoteChoice
from dienhinh.honours.models import (
    BallotTally,
    PaperCount,
    Participation,
    SealedBallot,
    SessionCandidate,
    VoteSession,
)
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar


def _check_counts(
    session: VoteSession,
    present: int,
    agree: int,
    disagree: int,
    abstain: int,
    invalid: int,
    committee: str,
    minutes_number: str,
) -> None:
    """A paper count against the attendance roll (complete by then): no more members present
    than the roll has present, no more ballots than members present and written opinions."""
    if not committee or not minutes_number:
        raise VoteError(_("Name the counting committee and its count minutes."))
    numbers = [present, agree, disagree, abstain, invalid]
    if any(n is None or int(n) < 0 for n in numbers):
        raise VoteError(_("The counts are whole numbers, zero or more."))
    meeting.check_roll_complete(session)
    on_roll = meeting.present_count(session)
    absent = session.roster.filter(written=True).count()
    if present > on_roll:
        raise VoteError(
            _("%(present)d members present, but the attendance roll has %(n)d present.")
            % {"present": present, "n": on_roll}
        )
    ballots_cast = agree + disagree + abstain + invalid
    if ballots_cast > present + absent:
        raise VoteError(
            _(
                "%(ballots)d ballots counted, more than the %(present)d members present and %(absent)d written opinions."
            )
            % {"ballots": ballots_cast, "present": present, "absent": absent}
        )


@transaction.atomic
def record_paper_count(
    session: VoteSession,
    exemplar: Exemplar,
    *,
    actor: Actor,
    present: int,
    agree: int,
    disagree: int,
    abstain: int,
    invalid: int = 0,
    committee: str,
    minutes_number: str,
) -> PaperCount:
    """Enter the counting committee's totals (biên bản kiểm phiếu) of a candidate voted on paper:
    the secretary or a member of the session's counting committee
    (`permissions.may_enter_paper_count`).

    Checked against the attendance roll (`_check_counts`). Side effects: the PaperCount and the
    audit entry "vote.paper_count"."""
    session = lock_open(session)
    require(
        permissions.may_enter_paper_count(actor, session),
        visible=permissions.may_see_session(actor, session),
        message=_("Only the secretary or the counting committee enters the paper ballot's totals."),
    )
    recorder = user_of(actor)
    if recorder is None:  # the count minutes name a person; an operator's tool counts nothing
        raise NotPermitted(
            _("Only the secretary or the counting committee enters the paper ballot's totals.")
        )
    candidate = SessionCandidate.objects.filter(session=session, exemplar=exemplar).first()
    if candidate is None or not candidate.paper:
        raise VoteError(_("This exemplar is not voted on paper in this session."))
    if PaperCount.objects.filter(session=session, exemplar=exemplar).exists():
        raise VoteError(_("The count of this exemplar has already been entered."))
    committee, minutes_number = committee.strip(), minutes_number.strip()
    _check_counts(session, present, agree, disagree, abstain, invalid, committee, minutes_number)
    count = PaperCount.objects.create(
        session=session,
        exemplar=exemplar,
        present=present,
        agree=agree,
        disagree=disagree,
        abstain=abstain,
        invalid=invalid,
        committee=committee[:300],
        minutes_number=minutes_number[:100],
        recorded_by=recorder,
    )
    audit.record(
        "vote.paper_count",
        session,
        actor=actor,
        after={
            "exemplar": str(exemplar),
            "present": present,
            "agree": agree,
            "disagree": disagree,
            "abstain": abstain,
            "invalid": invalid,
            "committee": committee,
            "minutes_number": minutes_number,
        },
    )
    return count


COUNT_FIELDS = ("present", "agree", "disagree", "abstain", "invalid", "committee", "minutes_number")


@transaction.atomic
def correct_paper_count(
    session: VoteSession,
    exemplar: Exemplar,
    *,
    actor: Actor,
    reason: str,
    present: int,
    agree: int,
    disagree: int,
    abstain: int,
    invalid: int = 0,
    committee: str,
    minutes_number: str,
) -> PaperCount:
    """Correct the entered totals of a paper ballot before the session closes, with a reason:
    whoever may enter them (`permissions.may_enter_paper_count`), with the same checks. After
    closing nothing changes. The minutes show the final figures and that they were corrected.

    Side effects: the PaperCount (its figures, `corrections` + 1, the last reason) and the audit
    entry "vote.paper_count_correct" with the figures before and after and the reason."""
    session = lock_open(session)
    require(
        permissions.may_enter_paper_count(actor, session),
        visible=permissions.may_see_session(actor, session),
        message=_("Only the secretary or the counting committee enters the paper ballot's totals."),
    )
    count = (
        PaperCount.objects.select_for_update().filter(session=session, exemplar=exemplar).first()
    )
    if count is None:
        raise VoteError(_("No count of this exemplar has been entered yet."))
    reason = reason.strip()
    if not reason:
        raise VoteError(_("Say why the count is corrected."))
    committee, minutes_number = committee.strip(), minutes_number.strip()
    _check_counts(session, present, agree, disagree, abstain, invalid, committee, minutes_number)
    before = {f: getattr(count, f) for f in COUNT_FIELDS}
    after = {
        "present": present,
        "agree": agree,
        "disagree": disagree,
        "abstain": abstain,
        "invalid": invalid,
        "committee": committee[:300],
        "minutes_number": minutes_number[:100],
    }
    if after == before:
        raise VoteError(_("The corrected count is the same as the one entered."))
    for name, value in after.items():
        setattr(count, name, value)
    count.corrections += 1
    count.correction_reason = reason[:500]
    count.save(update_fields=[*COUNT_FIELDS, "corrections", "correction_reason"])
    audit.record(
        "vote.paper_count_correct",
        session,
        actor=actor,
        reason=reason,
        before={"exemplar": str(exemplar), **before},
        after={"exemplar": str(exemplar), **after},
    )
    return count


def paper_counts(session: VoteSession) -> dict[int, PaperCount]:
    """exemplar id -> the counting committee's PaperCount, for the candidates counted so far."""
    return {p.exemplar_id: p for p in PaperCount.objects.filter(session=session)}


@dataclass
class CandidateResult:
    """A candidate's totals and result. `shown` is False while the session is open, when the
    session missed its quorum, or when fewer than `min_voters` members voted on the candidate:
    then the totals are not shown and the candidate does not pass."""

    exemplar: Exemplar
    members: int = 0
    present: int = 0
    threshold_percent: int = 0
    min_voters: int = 3
    paper: bool = False
    counted: bool = False
    quorum_met: bool = False
    agree: int = 0
    disagree: int = 0
    abstain: int = 0
    invalid: int = 0
    participations: int = 0
    committee: str = ""
    minutes_number: str = ""
    corrected: bool = False  # a paper count corrected after it was entered

    @property
    def ballots(self) -> int:
        """Valid ballots: agree, disagree and abstain, written opinions included."""
        return self.agree + self.disagree + self.abstain

    @property
    def enough_voters(self) -> bool:
        return self.ballots >= self.min_voters

    @property
    def shown(self) -> bool:
        return self.counted and self.quorum_met and self.enough_voters

    @property
    def needed(self) -> int:
        """The smallest number of agree votes that passes: ceil(threshold% × members)."""
        return -(-self.threshold_percent * self.members // 100)

    @property
    def share_percent(self) -> float:
        """Agree votes as a share of all members, in percent."""
        return round(self.agree * 100 / self.members, 1) if self.members else 0.0

    @property
    def passed(self) -> bool:
        # Integer arithmetic: 90% of 10 members is exactly 9, no rounding error at the boundary.
        return (
            self.shown
            and self.members > 0
            and self.agree * 100 >= self.threshold_percent * self.members
        )


@dataclass
class SessionOutcome:
    members: int
    present: int
    written: int
    quorum_percent: int
    min_voters: int
    closed: bool
    rows: list[CandidateResult]

    @property
    def quorum_needed(self) -> int:
        return -(-self.quorum_percent * self.members // 100)

    @property
    def quorum_met(self) -> bool:
        return self.members > 0 and self.present * 100 >= self.quorum_percent * self.members

    @property
    def valid(self) -> bool:
        """The session may show totals: quorum met and at least `min_voters` members present."""
        return self.quorum_met and self.present >= self.min_voters


def outcome(session: VoteSession) -> SessionOutcome:
    """The session's attendance and, once closed, each candidate's totals and result.

    Members present: those the attendance roll has present (`meeting`). Written opinions count
    in the totals, not in the quorum."""
    total = member_count(session)
    participations = Participation.objects.filter(session=session)
    paper = {p.exemplar_id: p for p in PaperCount.objects.filter(session=session)}
    present = meeting.present_count(session)
    written = participations.filter(written=True).values("member_id").distinct().count()
    result = SessionOutcome(
        members=total,
        present=present,
        written=written,
        quorum_percent=session.quorum_percent,
        min_voters=session.min_voters,
        closed=not session.is_open,
        rows=[],
    )
    rows = {}
    for c in session.candidates.select_related("exemplar__candidate", "exemplar__organisation"):
        rows[c.exemplar_id] = CandidateResult(
            exemplar=c.exemplar,
            members=total,
            present=present,
            threshold_percent=session.threshold_percent,
            min_voters=session.min_voters,
            paper=c.paper,
            counted=result.closed,
            quorum_met=result.quorum_met,
        )
    if result.closed:
        for row in (
            BallotTally.objects.filter(session=session)
            .order_by()
            .values("exemplar_id", "choice")
            .annotate(n=Sum("count"))
        ):
            r = rows.get(row["exemplar_id"])
            if r is not None and not r.paper and row["choice"] in VoteChoice.values:
                setattr(r, row["choice"], row["n"])
        for exemplar_id, count in paper.items():
            r = rows.get(exemplar_id)
            if r is not None and r.paper:
                r.agree, r.disagree, r.abstain = count.agree, count.disagree, count.abstain
                r.invalid, r.present = count.invalid, count.present
                r.committee, r.minutes_number = count.committee, count.minutes_number
                r.corrected = count.corrections > 0
    for taken in participations.order_by().values("exemplar_id").annotate(n=Count("id")):
        if taken["exemplar_id"] in rows:
            rows[taken["exemplar_id"]].participations = taken["n"]
    result.rows = list(rows.values())
    return result


def results(session: VoteSession) -> list[CandidateResult]:
    return outcome(session).rows


def latest_verdict(exemplar: Exemplar) -> tuple[VoteSession, bool] | None:
    """The exemplar's latest closed session and whether it passed there; None if never voted."""
    session = (
        VoteSession.objects.filter(status=SessionStatus.CLOSED, candidates__exemplar=exemplar)
        .order_by("-date", "-id")
        .first()
    )
    if session is None:
        return None
    row = next(r for r in results(session) if r.exemplar.pk == exemplar.pk)
    return session, row.passed


def _count_ballots(session: VoteSession) -> int:
    """Open every sealed ballot of the session and write the totals; returns how many ballots
    failed to open. Tally rows written before sealed ballots existed are added to."""
    sealed = list(SealedBallot.objects.filter(session=session).values_list("exemplar_id", "sealed"))
    counts: dict[tuple[int, str], int] = {}
    failed = 0
    if sealed:
        choices = ballots.open_all(
            session.key_id,
            [
                (bytes(box), ballots.context(session.key_id, exemplar_id))
                for exemplar_id, box in sealed
            ],
        )
        for (exemplar_id, _box), choice in zip(sealed, choices, strict=True):
            if choice in VoteChoice.values:
                counts[exemplar_id, choice] = counts.get((exemplar_id, choice), 0) + 1
            else:
                failed += 1
    existing = {(t.exemplar_id, t.choice): t for t in BallotTally.objects.filter(session=session)}
    electronic = session.candidates.filter(paper=False).values_list("exemplar_id", flat=True)
    new, changed = [], []
    for exemplar_id in electronic:
        for choice in VoteChoice.values:
            n = counts.get((exemplar_id, choice), 0)
            tally = existing.get((exemplar_id, choice))
            if tally is None:
                new.append(
                    BallotTally(session=session, exemplar_id=exemplar_id, choice=choice, count=n)
                )
            elif n:
                tally.count += n
                changed.append(tally)
    BallotTally.objects.bulk_create(new)
    BallotTally.objects.bulk_update(changed, ["count"])
    return failed


def close_session(
    session: VoteSession, *, actor: Actor, select_passed: bool = True
) -> list[CandidateResult]:
    """Close the vote: open and count the sealed ballots, destroy the session's key, and select
    the candidates that passed.

    Refused while a member is not on the attendance roll, while a candidate voted on paper has
    no count, or when the session's key is missing; the roll is frozen with the session.
    Side effects: the totals (BallotTally), the session's status, the audit entry
    "vote.session_close", the "select" move of each exemplar that passed; after commit, the
    private key file is destroyed."""
    with transaction.atomic():
        locked = lock_open(session)
        require(
            is_secretary(actor, locked),
            visible=permissions.may_see_session(actor, locked),
            message=_("Only the secretary closes the session."),
        )
        meeting.check_roll_complete(locked)
        missing = locked.candidates.filter(paper=True).exclude(
            exemplar_id__in=PaperCount.objects.filter(session=locked).values("exemplar_id")
        )
        if missing.exists():
            raise VoteError(
                _("Enter the counting committee's totals first: %(names)s")
                % {"names": ", ".join(str(c.exemplar) for c in missing)}
            )
        if (
            locked.key_id is not None
            and not ballots.has_key(locked.key_id)
            and SealedBallot.objects.filter(session=locked).exists()
        ):
            raise VoteError(
                _("The session's ballot key is missing on this server: ballots cannot be opened.")
            )
        failed = _count_ballots(locked)
        if locked.member_count is None:
            locked.member_count = members(locked.council).count()
        locked.status = SessionStatus.CLOSED
        locked.save(update_fields=["member_count", "status"])
        rows = outcome(locked).rows
        audit.record(
            "vote.session_close",
            locked,
            actor=actor,
            before={"status": SessionStatus.OPEN},
            after={
                "status": locked.status,
                "member_count": locked.member_count,
                "unreadable_ballots": failed,
            },
        )
        if select_passed:
            for row in rows:
                if row.passed and row.exemplar.state == ExemplarState.RECOGNISED:
                    lifecycle.transition(row.exemplar, "select", actor=actor, session=locked.title)
        if locked.key_id is not None:
            key_id = locked.key_id
            transaction.on_commit(lambda: ballots.destroy_key(key_id))
    session.status, session.member_count = locked.status, locked.member_count
    return rows
