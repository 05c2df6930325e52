"""Exemplars, council members and sessions for the honours tests."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.programs.enums import SubjectType
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import EntryStatus, ExemplarState, RegistrationStatus
from dienhinh.registrations.models import Candidate, Entry, Exemplar, Registration

_seq = itertools.count(1)


def exemplar(
    org_code="LC-SYT",
    program_code="lai-chau-2533",
    state=ExemplarState.NURTURING,
    name=None,
    subject_type=SubjectType.COLLECTIVE,
    year=2025,
):
    program = Program.objects.get(code=program_code)
    org = Organisation.objects.get(code=org_code)
    candidate = Candidate.objects.create(
        program=program,
        organisation=org,
        subject_type=subject_type,
        name=name or f"Điển hình {next(_seq)}",
        field=program.fields.first(),
    )
    # One live registration per unit, program and year (a database rule): the unit's own.
    registration = (
        Registration.objects.filter(program=program, organisation=org, year=year)
        .exclude(status=RegistrationStatus.WITHDRAWN)
        .first()
    ) or Registration.objects.create(
        program=program, organisation=org, year=year, status=RegistrationStatus.ACCEPTED
    )
    entry = Entry.objects.create(
        registration=registration, candidate=candidate, status=EntryStatus.ACCEPTED
    )
    return Exemplar.objects.create(
        entry=entry, candidate=candidate, program=program, organisation=org, year=year, state=state
    )


def council_member(username=None, council_code="LC-HDTDKT", own_org_code=None):
    """A new council member; `own_org_code` is the unit the member also belongs to."""
    user = get_user_model().objects.create_user(
        username or f"member{next(_seq)}", first_name="Thành", last_name=f"Viên {next(_seq)}"
    )
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(code=council_code),
        role=Role.COUNCIL_MEMBER,
    )
    if own_org_code:
        Membership.objects.create(
            user=user, organisation=Organisation.objects.get(code=own_org_code), role=Role.UNIT_HEAD
        )
    return user


def session(
    actor,
    exemplars,
    threshold=90,
    program_code="lai-chau-2533",
    council="LC-HDTDKT",
    written=(),
    paper=(),
    quorum=None,
):
    """An open session; `written`: members absent who send written opinions, `paper`: exemplars
    voted on paper."""
    from dienhinh.honours.domain import voting

    return voting.create_session(
        actor=actor,
        program=Program.objects.get(code=program_code),
        council=Organisation.objects.get(code=council),
        title="Phiên bình chọn",
        date=datetime.date(2025, 3, 1),
        threshold_percent=threshold,
        exemplars=exemplars,
        written_members=written,
        paper_exemplars=paper,
        quorum_percent=quorum,
    )


def council_of(n, council_code="LC-HDTDKT"):
    """Exactly n members on the council: the demo's first member (the `council` persona) first,
    the other demo members stood down (memberships inactive), new members added as needed."""
    from dienhinh.honours.domain import voting

    council = Organisation.objects.get(code=council_code)
    current = sorted(
        voting.members(council),
        key=lambda u: (u.username.rstrip("0123456789") != u.username, u.username),
    )
    keep = current[:n]
    Membership.objects.filter(organisation=council, role=Role.COUNCIL_MEMBER).exclude(
        user__in=keep
    ).update(active=False)
    for _ in range(n - len(keep)):
        council_member(council_code=council_code)
    return list(voting.members(council))


def roll(session, actor, present=()):
    """The secretary's attendance roll: `present` present, every member not yet on the roll
    (nor absent with a written opinion) absent. Members who voted online are already present."""
    from dienhinh.honours.domain import meeting

    present = list(present)
    keep = {m.pk for m in present}
    absent = [m for m in meeting.roll(session).unrecorded if m.pk not in keep]
    meeting.record_attendance(session, actor=actor, present=present, absent=absent)


def close(session, actor, **kwargs):
    """Close the session, the members not on the roll recorded absent first."""
    from dienhinh.honours.domain import counting

    roll(session, actor)
    return counting.close_session(session, actor=actor, **kwargs)


def voted(actor, exemplars, passed=True, council="LC-HDTDKT", title="Phiên bình chọn"):
    """Put `exemplars` to a closed vote on paper that they pass (every member present agrees)
    or fail (every member disagrees); closing selects those that passed."""
    from dienhinh.honours.domain import counting, voting

    exemplars = list(exemplars)
    council_of(3, council)
    s = session(actor, exemplars, paper=exemplars, council=council)
    s.title = title
    s.save(update_fields=["title"])
    n = voting.member_count(s)
    roll(s, actor, present=[seat.member for seat in s.roster.all()])
    for i, ex in enumerate(exemplars):
        counting.record_paper_count(
            s,
            ex,
            actor=actor,
            present=n,
            agree=n if passed else 0,
            disagree=0 if passed else n,
            abstain=0,
            committee="Tổ kiểm phiếu",
            minutes_number=f"BB-{i + 1}",
        )
    counting.close_session(s, actor=actor)
    for ex in exemplars:
        ex.refresh_from_db()
    return s


def selected(actor, org_code="LC-SYT", **kwargs):
    """An exemplar the council selected in a closed vote that met its threshold."""
    ex = exemplar(org_code, state=ExemplarState.RECOGNISED, **kwargs)
    voted(actor, [ex])
    return ex
