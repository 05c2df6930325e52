"""The council's meeting around its vote: the attendance roll (điểm danh) the secretary takes.

The roll says, for each member of the session's frozen roster, whether they are present in
person, absent with a written opinion (named when the session opens, see `voting`) or absent.
Members present are counted for the quorum; the minutes list present and absent members by name,
never anyone's choice. A member who votes online is marked present; the roll is frozen when the
session closes, and the session cannot close while a member is not on it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.errors import require
from dienhinh.honours import permissions
from dienhinh.honours.domain.voting import VoteError, is_secretary, lock_open, roster
from dienhinh.honours.enums import Attendance
from dienhinh.honours.models import Participation, SessionMember, VoteSession


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


@transaction.atomic
def record_attendance(
    session: VoteSession, *, actor: Any, present: Iterable[Any] = (), absent: Iterable[Any] = ()
) -> int:
    """The secretary records members of the roster as present or absent at the meeting (members
    absent with a written opinion stay so). A member who has voted online cannot be marked
    absent. Returns how many members' attendance changed.

    Side effects: the roster's attendance and the audit entry "vote.attendance" (names only)."""
    session = lock_open(session)
    require(
        is_secretary(actor, session),
        visible=permissions.may_see_session(actor, session),
        message=_("Only the secretary takes the attendance roll."),
    )
    wanted = {m.pk: Attendance.PRESENT for m in present} | {m.pk: Attendance.ABSENT for m in absent}
    seats = {s.member_id: s for s in roster(session).filter(member_id__in=list(wanted))}
    strangers = set(wanted) - set(seats)
    if strangers:
        raise VoteError(_("Only members of the session's roster are on its attendance roll."))
    written = [_name(s.member) for s in seats.values() if s.written]
    if written:
        raise VoteError(
            _("Absent with a written opinion since the session opened: %(names)s")
            % {"names": ", ".join(written)}
        )
    voted = set(
        Participation.objects.filter(
            session=session, written=False, member_id__in=list(seats)
        ).values_list("member_id", flat=True)
    )
    refused = [
        _name(seats[pk].member)
        for pk, a in wanted.items()
        if a == Attendance.ABSENT and pk in voted
    ]
    if refused:
        raise VoteError(
            _("Members who have voted are present: %(names)s") % {"names": ", ".join(refused)}
        )
    changed = [s for pk, s in seats.items() if s.attendance != wanted[pk]]
    before = {_name(s.member): s.attendance for s in changed}
    for seat in changed:
        seat.attendance = wanted[seat.member_id]
    if changed:
        SessionMember.objects.bulk_update(changed, ["attendance"])
        audit.record(
            "vote.attendance",
            session,
            actor=actor,
            before=before,
            after={_name(s.member): s.attendance for s in changed},
        )
    return len(changed)


@dataclass
class Roll:
    """The attendance roll in Vietnamese name order."""

    present: list[Any] = field(default_factory=list)
    written: list[Any] = field(default_factory=list)  # absent, with a written opinion
    absent: list[Any] = field(default_factory=list)
    unrecorded: list[Any] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.unrecorded


def roll(session: VoteSession) -> Roll:
    out = Roll()
    lists: dict[str, list[Any]] = {
        Attendance.PRESENT: out.present,
        Attendance.WRITTEN: out.written,
        Attendance.ABSENT: out.absent,
    }
    for seat in roster(session):
        lists.get(seat.attendance, out.unrecorded).append(seat.member)
    return out


def committee_names(session: VoteSession) -> list[str]:
    """The counting committee (ban kiểm phiếu) named when the session opened, in name order."""
    return [_name(seat.member) for seat in roster(session).filter(counter=True)]


def present_count(session: VoteSession) -> int:
    """Members present at the meeting, as the roll says: the quorum counts them."""
    return session.roster.filter(attendance=Attendance.PRESENT).count()


def check_roll_complete(session: VoteSession) -> None:
    missing = roll(session).unrecorded
    if missing:
        raise VoteError(
            _("Record on the attendance roll whether these members are present: %(names)s")
            % {"names": ", ".join(_name(m) for m in missing)}
        )
