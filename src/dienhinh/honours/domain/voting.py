"""Council votes by secret ballot (bỏ phiếu kín): sessions, roster, casting, counting, results.

Threat model. Whoever reads the whole database (every table, every row version including
PostgreSQL's xmin/ctid and dead tuples, the write-ahead log, backups) or the application's logs,
during the vote or after it, cannot link a member to a choice; the product shows a member's choice
to nobody. How:
- Who and how are written apart. `cast_vote` first writes a `Participation` (member, candidate;
  no choice) in one transaction, then a `SealedBallot` (candidate, sealed choice; no member, no
  time, a random identifier) in a second one. Nothing of the vote is updated in place: no tally
  row exists, and none changes, while the session is open.
- Ballots are sealed for the session's public key (`ballots`). Its private key is a file outside
  the database (var/ballot-keys/, `DIENHINH["BALLOT_KEY_DIR"]`), read only when the secretary
  closes the session, then destroyed. A sealed ballot is 76 bytes whatever the choice and two
  ballots of the same choice differ, so neither size nor equality says anything; the order and
  transaction ids of sealed ballots (which do follow the order of voting) lead only to ciphertext.
- The totals (`BallotTally`) are computed once, at closing, in the closing transaction, which
  writes no participation. They are shown only when at least `min_voters` members voted on the
  candidate and the members present reach the quorum, so that a total cannot single one out.
- Written opinions of absent members are sealed the same way and counted in the same totals;
  those members are named on the roster when the session opens and cannot vote online, so
  recording their opinion says nothing about anyone's online vote.
- Voting requests carry the choice in the POST body only; URLs, audit entries and log lines name
  at most the session, the candidate and (for participation) the member.

Out of scope: whoever holds both the database and the server's ballot key while the session is
open (the server's operator) can open the ballots and, through the order of writes, link them to
participations; so can whoever watches the server's memory or its traffic during a vote. Do not
copy var/ballot-keys/ into backups. That a member took part (or declared a conflict) is not secret:
the minutes list those present. A unanimous total reveals every voter's choice, as on paper.
Paper ballots (`paper` candidates) are as secret as the paper: the product keeps only the totals
the counting committee enters.
"""

import datetime
import random
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from dienhinh.core import audit, events
from dienhinh.core.actors import Actor, user_of
from dienhinh.core.errors import require
from dienhinh.core.models import User
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError, ballots
from dienhinh.honours.enums import Attendance, VoteChoice
from dienhinh.honours.models import (
    ConflictDeclaration,
    Participation,
    SealedBallot,
    SessionCandidate,
    SessionMember,
    VoteSession,
)
from dienhinh.orgs.enums import OrgKind, Role
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar


class VoteError(HonoursError):
    pass


def members(council: Organisation) -> QuerySet[User]:
    """Users holding the council-member role on the council now, in Vietnamese name order (the
    given name first: `core.text.name_sort_key`)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation=council,
            memberships__role=Role.COUNCIL_MEMBER,
            memberships__active=True,
        )
        .distinct()
        .order_by("name_key", "username")
    )


# (exemplar id, member id, written opinion): that a member took part in a candidate's vote.
Taken = tuple[int, int, bool]


def roster(session: VoteSession) -> QuerySet[SessionMember]:
    """The session's members, frozen when it opened, with whether each sends a written opinion."""
    return session.roster.select_related("member").order_by("member__name_key", "member__username")


def is_member(user: Actor, council: Organisation) -> bool:
    return permissions.is_council_member(user, council)


def on_roster(user: Actor, session: VoteSession) -> bool:
    """A member of the session's frozen roster (who sees its dossiers and votes in it)."""
    person = user_of(user)
    return person is not None and session.roster.filter(member_id=person.pk).exists()


def is_secretary(user: Actor, session: VoteSession) -> bool:
    """The standing agency over the council records written opinions and runs the session."""
    return permissions.may_run_session(user, session.council)


def member_count(session: VoteSession) -> int:
    if session.member_count is not None:
        return session.member_count
    return members(session.council).count()


def own_organisation_paths(member: User) -> list[str]:
    """The organisations the member belongs to outside the council (their own units)."""
    return [
        m.organisation.path
        for m in Membership.objects.current()
        .filter(user=member)
        .exclude(role=Role.COUNCIL_MEMBER)
        .select_related("organisation")
    ]


def conflicted(session: VoteSession, member: User, exemplar: Exemplar) -> bool:
    """Excluded automatically when the candidate belongs to the member's own organisation (or its
    subtree), or by the member's own declaration."""
    return exemplar.pk in conflicted_ids(session, member, [exemplar])


def conflicted_ids(session: VoteSession, member: User, exemplars: Iterable[Exemplar]) -> set[int]:
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
    *,
    actor: Actor,
    program: Program,
    council: Organisation,
    title: str,
    date: datetime.date,
    threshold_percent: int | None = None,
    exemplars: Iterable[Exemplar] = (),
    place: str = "",
    quorum_percent: int | None = None,
    written_members: Iterable[User] = (),
    paper_exemplars: Iterable[Exemplar] = (),
    counting_committee: Iterable[User] = (),
) -> VoteSession:
    """Open a session: its shortlist (at least one candidate), its roster frozen from the council's
    members now (those in `written_members` absent, sending a written opinion; those in
    `counting_committee` on the counting committee), and its ballot key.

    Side effects: writes the session, its candidates and roster, a private key file outside the
    database (see `ballots`), the audit entry "vote.session_create" and the event "vote.opened"
    (its members are notified)."""
    if council.kind != OrgKind.COUNCIL or not program.covers_organisation(council):
        raise VoteError(_("Choose the council of this program."))
    require(
        permissions.may_run_session(actor, council),
        visible=True,
        message=_("You may not open a vote of this council."),
    )
    # The program's parameters are the defaults (`Program.vote_*`); the session may set its own.
    if threshold_percent is None:
        threshold_percent = program.vote_threshold_percent
    if not 1 <= int(threshold_percent) <= 100:
        raise VoteError(_("The threshold is a percentage between 1 and 100."))
    quorum = program.vote_quorum_percent if quorum_percent is None else int(quorum_percent)
    if not 1 <= quorum <= 100:
        raise VoteError(_("The quorum is a percentage between 1 and 100."))
    exemplars = list(exemplars)
    if not exemplars:
        raise VoteError(_("Put at least one exemplar to the vote."))
    council_members = list(members(council))
    absent = {m.pk for m in written_members}
    if absent - {m.pk for m in council_members}:
        raise VoteError(_("Only members of the council send written opinions."))
    counters = {m.pk for m in counting_committee}
    if counters - {m.pk for m in council_members}:
        raise VoteError(_("Only members of the council sit on the counting committee."))
    if counters & absent:
        raise VoteError(_("A member absent from the meeting cannot sit on the counting committee."))
    key_id, public_key = ballots.create_key()
    session = VoteSession.objects.create(
        program=program,
        council=council,
        title=title,
        date=date,
        place=place,
        threshold_percent=threshold_percent,
        quorum_percent=quorum,
        min_voters=program.vote_min_voters,
        member_count=len(council_members),
        key_id=key_id,
        public_key=public_key,
    )
    SessionMember.objects.bulk_create(
        [
            SessionMember(
                session=session,
                member=m,
                written=m.pk in absent,
                attendance=Attendance.WRITTEN if m.pk in absent else "",
                counter=m.pk in counters,
            )
            for m in council_members
        ]
    )
    add_candidates(session, exemplars, actor=actor, paper=paper_exemplars)
    audit.record(
        "vote.session_create",
        session,
        actor=actor,
        after={
            "title": title,
            "threshold_percent": threshold_percent,
            "quorum_percent": quorum,
            "members": len(council_members),
            "written_opinions": len(absent),
            "counting_committee": [
                m.get_full_name() or m.get_username() for m in council_members if m.pk in counters
            ],
        },
    )
    events.emit("vote.opened", session=session.pk)
    return session


def add_candidates(
    session: VoteSession,
    exemplars: Iterable[Exemplar],
    *,
    actor: Actor,
    paper: Iterable[Exemplar] = (),
) -> int:
    """Put recognised exemplars of the session's program to the vote, in bulk; those in `paper`
    are voted on paper. Exemplars already on the list are left as they are. Returns how many
    were added."""
    require(
        is_secretary(actor, session),
        visible=permissions.may_see_session(actor, session),
        message=_("Only the secretary prepares the session."),
    )
    if not session.is_open:
        raise VoteError(_("The session is closed."))
    exemplars = list(exemplars)
    wrong = [
        e
        for e in exemplars
        if e.program_id != session.program_id or e.state != ExemplarState.RECOGNISED
    ]
    if wrong:
        raise VoteError(
            _("Only recognised exemplars of this program can be put to the vote: %(names)s")
            % {"names": ", ".join(str(e) for e in wrong)}
        )
    on_paper = {e.pk for e in paper}
    with transaction.atomic():
        present = set(session.candidates.values_list("exemplar_id", flat=True))
        start = (session.candidates.aggregate(n=Max("position"))["n"] or 0) + 1
        new = [e for e in dict.fromkeys(exemplars) if e.pk not in present]
        SessionCandidate.objects.bulk_create(
            [
                SessionCandidate(
                    session=session, exemplar=e, position=start + i, paper=e.pk in on_paper
                )
                for i, e in enumerate(new)
            ]
        )
        if new and present:
            audit.record(
                "vote.candidates_add",
                session,
                actor=actor,
                after={"exemplars": [str(e) for e in new]},
            )
    return len(new)


def add_candidate(
    session: VoteSession, exemplar: Exemplar, *, actor: Actor, paper: bool = False
) -> SessionCandidate:
    add_candidates(session, [exemplar], actor=actor, paper=[exemplar] if paper else ())
    return session.candidates.get(exemplar=exemplar)


def lock_open(session: VoteSession) -> VoteSession:
    locked = VoteSession.objects.select_for_update().select_related("council").get(pk=session.pk)
    if not locked.is_open:
        raise VoteError(_("The session is closed."))
    return locked


def _check_can_vote(
    session: VoteSession, member: User, exemplar: Exemplar, *, written: bool
) -> SessionMember:
    candidate = SessionCandidate.objects.filter(session=session, exemplar=exemplar).first()
    if candidate is None:
        raise VoteError(_("This exemplar is not put to the vote in this session."))
    if candidate.paper:
        raise VoteError(_("This exemplar is voted on paper."))
    seat = SessionMember.objects.filter(session=session, member=member).first()
    require(
        seat is not None,
        visible=permissions.may_see_session(member, session),
        message=_("Only council members vote."),
    )
    assert seat is not None
    if seat.written != written:
        raise VoteError(
            _("This member is absent and sends a written opinion.")
            if seat.written
            else _("Only members absent from the session send written opinions.")
        )
    if conflicted(session, member, exemplar):
        raise VoteError(_("You have a conflict of interest on this candidate and do not vote."))
    if Participation.objects.filter(session=session, member=member, exemplar=exemplar).exists():
        raise VoteError(_("A vote on this candidate has already been recorded."))
    return seat


def _seal_all(session: VoteSession, choices: list[tuple[Exemplar, str]]) -> None:
    """The second transaction of a vote: the sealed ballots, in a random order."""
    choices = list(choices)
    random.SystemRandom().shuffle(choices)
    with transaction.atomic(durable=True):
        lock_open(session)
        if session.public_key is None:
            raise VoteError(
                _("The session's ballot key is missing on this server: ballots cannot be opened.")
            )
        public_key = bytes(session.public_key)
        SealedBallot.objects.bulk_create(
            [
                SealedBallot(
                    session=session,
                    exemplar=exemplar,
                    sealed=ballots.seal(
                        public_key, choice, ballots.context(session.key_id, exemplar.pk)
                    ),
                )
                for exemplar, choice in choices
            ]
        )


def _check_choice(choice: str) -> None:
    if choice not in VoteChoice.values:
        raise VoteError(_("Choose agree, disagree or abstain."))


def cast_vote(session: VoteSession, exemplar: Exemplar, *, member: User, choice: str) -> None:
    """The member votes once on a candidate. Called outside any transaction: its two
    transactions are durable, so that a caller's transaction cannot join them into one.

    A member who votes online is present at the meeting: the roll marks them so when the
    secretary has not yet; one the roll marks absent is refused.

    Side effects: first transaction, a Participation, the roll's "present" and the audit entry
    "vote.participate" (member and candidate, no choice); second transaction, the SealedBallot."""
    _check_choice(choice)
    with transaction.atomic(durable=True):
        session = lock_open(session)
        seat = _check_can_vote(session, member, exemplar, written=False)
        if seat.attendance == Attendance.ABSENT:
            raise VoteError(
                _(
                    "The roll records you as absent from the meeting: ask the secretary to correct it."
                )
            )
        if not seat.attendance:
            seat.attendance = Attendance.PRESENT
            seat.save(update_fields=["attendance"])
        Participation.objects.create(session=session, member=member, exemplar=exemplar)
        audit.record("vote.participate", session, actor=member, after={"exemplar": str(exemplar)})
    _seal_all(session, [(exemplar, choice)])


def record_written_opinion(
    session: VoteSession, *, member: User, choices: dict[Exemplar, str], actor: Actor
) -> int:
    """The secretary records the written opinion (phiếu ý kiến bằng văn bản) of a member named
    absent on the roster: `choices` maps candidates to a choice (candidates left out, or on which
    the member has a conflict, are not voted on). The audit entry names the member, never a choice.
    Returns how many ballots were recorded."""
    for choice in choices.values():
        _check_choice(choice)
    if not choices:
        raise VoteError(_("Choose agree, disagree or abstain."))
    with transaction.atomic(durable=True):
        session = lock_open(session)
        require(
            is_secretary(actor, session),
            visible=permissions.may_see_session(actor, session),
            message=_("Only the secretary records written opinions."),
        )
        for exemplar in choices:
            _check_can_vote(session, member, exemplar, written=True)
        Participation.objects.bulk_create(
            [
                Participation(session=session, member=member, exemplar=exemplar, written=True)
                for exemplar in choices
            ]
        )
        audit.record(
            "vote.written_opinion",
            session,
            actor=actor,
            after={
                "member": member.get_full_name() or member.get_username(),
                "exemplars": [str(e) for e in choices],
            },
        )
    _seal_all(session, list(choices.items()))
    return len(choices)


def written_opinions(
    session: VoteSession,
    *,
    seats: Iterable[SessionMember] | None = None,
    taken: Iterable[Taken] | None = None,
) -> list[tuple[User, bool]]:
    """(member, received) for each member named absent on the roster: whether the secretary has
    recorded their written opinion. Says nothing about anyone's online vote. `seats` (the
    roster, as `roster` reads it) and `taken` (`participations`) when already read."""
    taken = participations(session) if taken is None else taken
    received = {member for _exemplar, member, written in taken if written}
    absent = roster(session).filter(written=True) if seats is None else seats
    return [(seat.member, seat.member_id in received) for seat in absent if seat.written]


@transaction.atomic
def declare_conflict(
    session: VoteSession, exemplar: Exemplar, *, member: User, reason: str = ""
) -> None:
    session = lock_open(session)
    require(
        session.roster.filter(member=member).exists(),
        visible=permissions.may_see_session(member, session),
        message=_("Only council members vote."),
    )
    if Participation.objects.filter(session=session, member=member, exemplar=exemplar).exists():
        raise VoteError(_("A vote on this candidate has already been recorded."))
    ConflictDeclaration.objects.get_or_create(
        session=session, member=member, exemplar=exemplar, defaults={"reason": reason[:300]}
    )


def participations(session: VoteSession) -> list[Taken]:
    """Who took part in which candidate's vote (a written opinion or not), never how: one query,
    a row per member and candidate, for the session page's counts and marks."""
    return list(
        Participation.objects.filter(session=session)
        .order_by()
        .values_list("exemplar_id", "member_id", "written")
    )


def progress(session: VoteSession, taken: Iterable[Taken] | None = None) -> dict[str, Any]:
    """How many members have voted, in all and per candidate; never how. `taken`: the session's
    `participations`, when already read."""
    taken = participations(session) if taken is None else list(taken)
    return {
        "voters": len({member for _exemplar, member, _written in taken}),
        "by_exemplar": dict(Counter(exemplar for exemplar, _member, _written in taken)),
    }
