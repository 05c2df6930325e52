"""The council's meeting around the ballot: opening a session, its roster in name order, the
attendance roll and the quorum it gives, the minutes' lists of members present and absent."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import AuditEntry
from dienhinh.documents.honours import minutes_document
from dienhinh.honours import permissions
from dienhinh.honours.domain import counting, meeting, voting
from dienhinh.honours.domain.voting import VoteError
from dienhinh.honours.enums import Attendance
from dienhinh.honours.models import PaperCount, Participation, VoteSession
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


def _member(last_name, first_name, council_code="LC-HDTDKT"):
    user = get_user_model().objects.create_user(
        f"m{get_user_model().objects.count()}", first_name=first_name, last_name=last_name
    )
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(code=council_code),
        role=Role.COUNCIL_MEMBER,
    )
    return user


def test_opening_a_session_says_so(client_for):
    factories.council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    response = client_for("standing").post(
        reverse("honours:session_create"),
        {
            "program": Program.objects.get(code="lai-chau-2533").pk,
            "council": Organisation.objects.get(code="LC-HDTDKT").pk,
            "title": "Phiên họp tháng 12",
            "date": "10/12/2025",
            "threshold_percent": 50,
            "quorum_percent": 50,
            "exemplars": [exemplar.pk],
        },
    )
    session = VoteSession.objects.get(title="Phiên họp tháng 12")
    assert response.status_code == 302
    assert response.url == reverse("honours:vote_session", kwargs={"pk": session.pk})
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Đã mở phiên Phiên họp tháng 12: 1 điển hình được đưa ra biểu quyết."


def test_new_session_lists_members_in_vietnamese_order(client_for):
    factories.council_of(0)
    # Vietnamese order sorts by the given name first, then family and middle names.
    for last, first in [
        ("Lò Văn", "Thắng"),
        ("Nguyễn Thị", "Anh"),
        ("Đặng Văn", "An"),
        ("Bùi Thị", "Ánh"),
    ]:
        _member(last, first)
    response = client_for("standing").get(reverse("honours:session_create"))
    (people,) = [p for c, p in response.context["council_members"] if c.code == "LC-HDTDKT"]
    assert [p.get_full_name() for p in people] == [
        "Đặng Văn An",
        "Nguyễn Thị Anh",
        "Bùi Thị Ánh",
        "Lò Văn Thắng",
    ]


def _named_council():
    """A council of five with Vietnamese names; returned in Vietnamese name order."""
    factories.council_of(0)
    people = [
        ("Lò Văn", "Thắng"),
        ("Nguyễn Thị", "Anh"),
        ("Đặng Văn", "An"),
        ("Bùi Thị", "Ánh"),
        ("Giàng A", "Páo"),
    ]
    for last, first in people:
        _member(last, first)
    return list(voting.members(Organisation.objects.get(code="LC-HDTDKT")))


def test_quorum_counts_the_members_present_on_the_roll(personas):
    an, anh, anh2, pao, thang = _named_council()
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50, quorum=60)
    for m in (an, anh, anh2):
        voting.cast_vote(session, exemplar, member=m, choice="agree")
    # Three voted online: present. Páo is present without voting, Thắng absent.
    meeting.record_attendance(session, actor=personas["standing"], present=[pao], absent=[thang])
    assert counting.outcome(session).present == 4
    (row,) = counting.close_session(session, actor=personas["standing"])
    outcome = counting.outcome(session)
    assert (outcome.present, outcome.quorum_met, row.shown, row.agree) == (4, True, True, 3)


def test_roll_below_quorum_shows_no_totals_whatever_was_voted(personas):
    an, anh, anh2, pao, thang = _named_council()
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(
        personas["standing"], [exemplar], threshold=50, quorum=80, paper=[exemplar]
    )
    meeting.record_attendance(
        session, actor=personas["standing"], present=[an, anh, anh2], absent=[pao, thang]
    )
    counting.record_paper_count(
        session, exemplar, actor=personas["standing"], present=3, agree=3, disagree=0,
        abstain=0, committee="Ban kiểm phiếu", minutes_number="01/BB",
    )  # fmt: skip
    (row,) = counting.close_session(session, actor=personas["standing"])
    assert (counting.outcome(session).present, row.quorum_met, row.passed) == (3, False, False)


def test_roll_refuses_absent_for_a_member_who_voted_and_votes_from_an_absent_member(personas):
    an, anh, anh2, pao, thang = _named_council()
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50)
    voting.cast_vote(session, exemplar, member=an, choice="agree")
    with pytest.raises(VoteError, match="Đặng Văn An"):
        meeting.record_attendance(session, actor=personas["standing"], absent=[an])
    meeting.record_attendance(session, actor=personas["standing"], absent=[thang])
    with pytest.raises(VoteError, match="vắng mặt"):
        voting.cast_vote(session, exemplar, member=thang, choice="agree")
    assert not Participation.objects.filter(session=session, member=thang).exists()


def test_written_members_stay_absent_with_their_written_opinion(personas):
    an, anh, anh2, pao, thang = _named_council()
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50, written=[pao])
    assert session.roster.get(member=pao).attendance == Attendance.WRITTEN
    with pytest.raises(VoteError):
        meeting.record_attendance(session, actor=personas["standing"], present=[pao])


def test_session_closes_only_with_a_complete_roll_which_is_then_frozen(personas):
    an, anh, anh2, pao, thang = _named_council()
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50)
    for m in (an, anh, anh2):
        voting.cast_vote(session, exemplar, member=m, choice="agree")
    with pytest.raises(VoteError, match="Giàng A Páo, Lò Văn Thắng"):
        counting.close_session(session, actor=personas["standing"])
    meeting.record_attendance(session, actor=personas["standing"], absent=[pao, thang])
    counting.close_session(session, actor=personas["standing"])
    with pytest.raises(VoteError):
        meeting.record_attendance(session, actor=personas["standing"], present=[pao])
    assert session.roster.get(member=pao).attendance == Attendance.ABSENT


def test_roll_through_the_page_is_audited_by_name(personas, client_for):
    an, anh, anh2, pao, thang = _named_council()
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50)
    url = reverse("honours:vote_session", kwargs={"pk": session.pk})
    html = client_for("standing").get(url).content.decode()
    assert 'id="attendance"' in html and f'name="attendance-{pao.pk}"' in html
    response = client_for("standing").post(
        reverse("honours:session_attendance", kwargs={"pk": session.pk}),
        {f"attendance-{pao.pk}": "present", f"attendance-{thang.pk}": "absent"},
    )
    assert response.status_code == 302
    assert dict(session.roster.values_list("member_id", "attendance")) == {
        an.pk: "",
        anh.pk: "",
        anh2.pk: "",
        pao.pk: "present",
        thang.pk: "absent",
    }
    entry = AuditEntry.objects.for_object(session).get(action="vote.attendance")
    assert entry.changes == {"Giàng A Páo": ["", "present"], "Lò Văn Thắng": ["", "absent"]}
    # A council member has no roll to take: the page offers none and the domain refuses.
    html = client_for("council").get(url).content.decode()
    assert 'id="attendance"' not in html


def test_minutes_name_present_and_absent_members_in_order_and_no_choice(personas, client_for):
    an, anh, anh2, pao, thang = _named_council()
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50, written=[anh2])
    for m, choice in ((thang, "agree"), (an, "disagree"), (anh, "agree")):
        voting.cast_vote(session, exemplar, member=m, choice=choice)
    voting.record_written_opinion(
        session, member=anh2, choices={exemplar: "agree"}, actor=personas["standing"]
    )
    meeting.record_attendance(session, actor=personas["standing"], absent=[pao])
    counting.close_session(session, actor=personas["standing"])
    response = client_for("standing").get(
        reverse("honours:session_minutes", kwargs={"pk": session.pk})
    )
    html = response.content.decode()
    present = re.search(r'id="members-present">(.*?)</p>', html).group(1)
    absent = re.search(r'id="members-absent">(.*?)</p>', html).group(1)
    assert present == "Thành viên có mặt: Đặng Văn An, Nguyễn Thị Anh, Lò Văn Thắng"
    assert absent == ("Thành viên vắng mặt: Bùi Thị Ánh (ý kiến bằng văn bản), Giàng A Páo")
    for line in (present, absent):
        assert "đồng ý" not in line.lower()
    text = minutes_document(session).preamble
    assert (
        "Thành viên có mặt: Đặng Văn An, Nguyễn Thị Anh, Lò Văn Thắng. Thành viên vắng mặt: "
        "Bùi Thị Ánh (có ý kiến bằng văn bản), Giàng A Páo."
    ) in text


def test_counting_committee_enters_the_paper_totals_and_other_members_may_not(personas, client_for):
    an, anh, anh2, pao, thang = _named_council()
    exemplar = factories.exemplar(state=S.RECOGNISED, name="Xã trên giấy")
    session = voting.create_session(
        actor=personas["standing"],
        program=Program.objects.get(code="lai-chau-2533"),
        council=Organisation.objects.get(code="LC-HDTDKT"),
        title="Phiên bỏ phiếu giấy",
        date=datetime.date(2025, 12, 10),
        threshold_percent=50,
        exemplars=[exemplar],
        paper_exemplars=[exemplar],
        counting_committee=[pao, thang],
    )
    assert permissions.may_enter_paper_count(pao, session)
    assert not permissions.may_enter_paper_count(an, session)
    factories.roll(session, personas["standing"], present=[an, anh, anh2, pao, thang])
    count = {
        "present": 5, "agree": 4, "disagree": 1, "abstain": 0, "invalid": 0,
        "committee": "Giàng A Páo, Lò Văn Thắng", "minutes_number": "01/BB-KP",
    }  # fmt: skip
    with pytest.raises(NotPermitted):
        counting.record_paper_count(session, exemplar, actor=an, **count)
    with pytest.raises(NotVisible):
        counting.record_paper_count(session, exemplar, actor=personas["qb_standing"], **count)
    assert not PaperCount.objects.filter(session=session).exists()
    url = reverse("honours:vote_session", kwargs={"pk": session.pk})
    paper_action = f'/votes/{session.pk}/{exemplar.pk}/paper/"'
    assert paper_action not in Client().get(url).content.decode()  # anonymous: sign in first
    member = Client()
    member.force_login(an)
    assert paper_action not in member.get(url).content.decode()
    counter = Client()
    counter.force_login(pao)
    html = counter.get(url).content.decode()
    assert paper_action in html and 'value="Giàng A Páo, Lò Văn Thắng"' in html
    response = counter.post(
        reverse("honours:paper_count", kwargs={"pk": session.pk, "exemplar_pk": exemplar.pk}),
        count,
    )
    assert response.status_code == 302
    paper = PaperCount.objects.get(session=session, exemplar=exemplar)
    assert (paper.agree, paper.recorded_by) == (4, pao)
    entry = AuditEntry.objects.for_object(session).get(action="vote.paper_count")
    assert entry.actor == pao


def test_a_member_absent_sits_on_no_counting_committee(personas):
    an, anh, anh2, pao, thang = _named_council()
    with pytest.raises(VoteError):
        voting.create_session(
            actor=personas["standing"],
            program=Program.objects.get(code="lai-chau-2533"),
            council=Organisation.objects.get(code="LC-HDTDKT"),
            title="Phiên",
            date=datetime.date(2025, 12, 10),
            threshold_percent=50,
            exemplars=[factories.exemplar(state=S.RECOGNISED)],
            written_members=[pao],
            counting_committee=[pao],
        )


def _paper_session(personas):
    an, anh, anh2, pao, thang = _named_council()
    exemplar = factories.exemplar(state=S.RECOGNISED, name="Bản trên giấy")
    session = factories.session(personas["standing"], [exemplar], threshold=60, paper=[exemplar])
    factories.roll(session, personas["standing"], present=[an, anh, anh2, pao, thang])
    counting.record_paper_count(
        session, exemplar, actor=personas["standing"], present=5, agree=2, disagree=3,
        abstain=0, committee="Ban kiểm phiếu", minutes_number="01/BB-KP",
    )  # fmt: skip
    return session, exemplar


FIXED = {"present": 5, "agree": 3, "disagree": 2, "abstain": 0, "invalid": 0}
NAMES = {"committee": "Ban kiểm phiếu", "minutes_number": "01/BB-KP"}


def test_paper_count_corrected_before_closing_with_a_reason(personas, client_for):
    session, exemplar = _paper_session(personas)
    standing = personas["standing"]
    with pytest.raises(VoteError):  # a reason is required
        counting.correct_paper_count(
            session, exemplar, actor=standing, reason=" ", **FIXED, **NAMES
        )
    with pytest.raises(VoteError):  # the same checks as the entry: 6 ballots, 5 present
        counting.correct_paper_count(
            session, exemplar, actor=standing, reason="Nhầm", **{**FIXED, "agree": 4}, **NAMES
        )
    member = session.roster.first().member  # a member, not on the counting committee
    with pytest.raises(NotPermitted):
        counting.correct_paper_count(
            session, exemplar, actor=member, reason="Nhầm", **FIXED, **NAMES
        )
    response = client_for("standing").post(
        reverse(
            "honours:paper_count_correct", kwargs={"pk": session.pk, "exemplar_pk": exemplar.pk}
        ),
        {**FIXED, **NAMES, "reason": "Ghi nhầm cột đồng ý và không đồng ý"},
    )
    assert response.status_code == 302
    count = PaperCount.objects.get(session=session)
    assert (count.agree, count.disagree, count.corrections) == (3, 2, 1)
    entry = AuditEntry.objects.for_object(session).get(action="vote.paper_count_correct")
    assert entry.reason == "Ghi nhầm cột đồng ý và không đồng ý"
    assert entry.changes["agree"] == [2, 3] and entry.changes["disagree"] == [3, 2]
    (row,) = counting.close_session(session, actor=standing)
    assert (row.agree, row.disagree, row.corrected, row.passed) == (3, 2, True, True)
    html = (
        client_for("standing")
        .get(reverse("honours:session_minutes", kwargs={"pk": session.pk}))
        .content.decode()
    )
    assert "Đã đính chính số liệu" in html
    (table,) = [s.table for s in minutes_document(session).sections if s.table]
    assert "số liệu kiểm phiếu đã được đính chính" in table.rows[0][2]
    assert table.rows[0][6] == "3"


def test_paper_count_cannot_change_after_closing(personas):
    session, exemplar = _paper_session(personas)
    counting.close_session(session, actor=personas["standing"])
    with pytest.raises(VoteError):
        counting.correct_paper_count(
            session, exemplar, actor=personas["standing"], reason="Nhầm", **FIXED, **NAMES
        )
    count = PaperCount.objects.get(session=session)
    assert (count.agree, count.corrections) == (2, 0)


def test_session_form_fills_in_the_programs_vote_defaults(client_for):
    Program.objects.filter(code="lai-chau-2533").update(
        vote_threshold_percent=70, vote_quorum_percent=66, vote_min_voters=5
    )
    form = client_for("standing").get(reverse("honours:session_create")).context["form"]
    assert [p.code for p in form.fields["program"].queryset] == ["lai-chau-2533"]
    assert (form["threshold_percent"].value(), form["quorum_percent"].value()) == (70, 66)


def test_session_left_empty_takes_the_programs_parameters(client_for):
    Program.objects.filter(code="lai-chau-2533").update(
        vote_threshold_percent=70, vote_quorum_percent=66, vote_min_voters=5
    )
    factories.council_of(3)
    exemplar = factories.exemplar(state=S.RECOGNISED)
    client_for("standing").post(
        reverse("honours:session_create"),
        {
            "program": Program.objects.get(code="lai-chau-2533").pk,
            "council": Organisation.objects.get(code="LC-HDTDKT").pk,
            "title": "Phiên theo tham số",
            "date": "10/12/2025",
            "threshold_percent": "",
            "quorum_percent": "",
            "exemplars": [exemplar.pk],
        },
    )
    session = VoteSession.objects.get(title="Phiên theo tham số")
    assert (session.threshold_percent, session.quorum_percent, session.min_voters) == (70, 66, 5)


def test_program_page_shows_the_vote_parameters(client_for):
    program = Program.objects.get(code="lai-chau-2533")
    html = (
        client_for("standing")
        .get(reverse("programs:detail", kwargs={"code": program.code}))
        .content.decode()
    )
    assert re.search(r'id="vote-parameters">[^<]*50%[^<]*50%[^<]*3', html)
