"""Honours only through the chain (issue 13, items 3, 5, 7, 9): each finding replayed."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import AuditEntry
from dienhinh.honours.domain import HonoursError, decisions, holds, voting
from dienhinh.honours.domain.lifecycle import LifecycleError, transition
from dienhinh.honours.enums import HonourForm, SpendingPurpose
from dienhinh.honours.models import Hold
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState as S
from dienhinh.registrations.models import AnnualRating
from tests.honours import factories

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 4, 1)


def _decide(actor, exemplars, number="7/QĐ-UBND", **kw):
    fields = {
        "date": DAY,
        "authority": "UBND tỉnh Lai Châu",
        "form": HonourForm.DIPLOMA_OF_MERIT,
        "amount": 2_000_000,
        **kw,
    }
    return decisions.record_decision(
        actor=actor,
        program=Program.objects.get(code="lai-chau-2533"),
        exemplars=exemplars,
        number=number,
        **fields,
    )


def _ineligible(**kw):
    ex = factories.exemplar(state=S.RECOGNISED, subject_type="individual", **kw)
    ex.candidate.rated = True
    ex.candidate.save(update_fields=["rated"])
    for year in range(2020, 2025):
        AnnualRating.objects.create(candidate=ex.candidate, year=year, level="kht")
    return ex


def test_ineligible_never_voted_is_refused_with_a_clear_message(personas):
    ex = _ineligible(name="Không đủ điều kiện")
    with translation.override("vi"), pytest.raises(HonoursError) as exc:
        _decide(personas["standing"], [ex])
    message = str(exc.value)
    assert "Không đủ điều kiện" in message
    assert "chưa được hội đồng bình chọn" in message
    assert "lý do" in message
    ex.refresh_from_db()
    assert ex.state == S.RECOGNISED and not ex.honours.exists()


def test_override_with_reason_is_shown_on_the_decision_and_in_the_audit(personas, client_for):
    ex = _ineligible(name="Khen đột xuất")
    decision = _decide(personas["standing"], [ex], override_reason="Cứu người trong lũ")
    honour = decision.honours.get()
    assert sorted(honour.override_grounds) == ["ineligible", "no_vote"]
    entry = AuditEntry.objects.get(action="decision.record", object_id=str(decision.pk))
    assert entry.reason == "Cứu người trong lũ"
    page = client_for("standing").get(reverse("honours:decision_detail", args=[decision.pk]))
    html = page.content.decode()
    assert "Cứu người trong lũ" in html and 'id="override"' in html


def test_override_needs_a_standing_officer(personas):
    ex = factories.exemplar(state=S.RECOGNISED)
    admin_only = factories.council_member("quantri")
    Membership.objects.create(
        user=admin_only,
        organisation=Organisation.objects.get(code="LC"),
        role=Role.ADMINISTRATOR,
    )
    with pytest.raises(NotPermitted):
        _decide(admin_only, [ex], override_reason="Không qua bình chọn")
    assert not ex.honours.exists()


def test_program_without_direct_commendation_refuses_the_override(personas):
    ex = factories.exemplar("QB-SXD-QLXD", program_code="quang-binh-2690", state=S.RECOGNISED)
    with pytest.raises(HonoursError) as exc:
        decisions.record_decision(
            actor=personas["qb_standing"],
            program=ex.program,
            exemplars=[ex],
            number="1/QĐ",
            date=DAY,
            authority="Sở Xây dựng",
            form=HonourForm.CERTIFICATE_OF_MERIT,
            override_reason="Đề nghị đột xuất",
        )
    assert "không cho phép khen thưởng đột xuất" in str(exc.value)


def test_selected_by_a_closed_vote_is_commended_without_override(personas):
    ex = factories.selected(personas["standing"])
    assert ex.state == S.SELECTED
    honour = _decide(personas["standing"], [ex]).honours.get()
    assert honour.override_grounds == []


def test_no_decision_while_a_vote_on_the_exemplar_is_open(personas):
    ex = factories.exemplar(state=S.RECOGNISED)
    member = factories.council_member()
    session = factories.session(personas["standing"], [ex])
    voting.cast_vote(session, ex, member=member, choice="disagree")
    with pytest.raises(HonoursError) as exc:
        _decide(personas["standing"], [ex], override_reason="Vẫn khen")
    assert "chưa kết thúc" in str(exc.value)
    assert not ex.honours.exists()


def test_voted_down_cannot_be_overridden(personas):
    ex = factories.exemplar(state=S.RECOGNISED)
    factories.voted(personas["standing"], [ex], passed=False, title="Phiên tháng 3")
    with pytest.raises(HonoursError) as exc:
        _decide(personas["standing"], [ex], override_reason="Vẫn khen")
    assert "Phiên tháng 3" in str(exc.value)


def test_a_hold_blocks_commendation_until_the_standing_agency_clears_it(personas):
    ex = factories.selected(personas["standing"])
    hold = holds.place_hold(
        ex.candidate,
        actor=personas["officer_a"],
        kind=Hold.Kind.DISCIPLINE,
        reason="Đang xét kỷ luật",
    )
    assert hold.placed_by == personas["officer_a"] and hold.placed_at
    with translation.override("vi"), pytest.raises(HonoursError) as exc:
        _decide(personas["standing"], [ex], override_reason="Vẫn khen")
    assert "152/2025/NĐ-CP" in str(exc.value)
    with pytest.raises(NotPermitted):
        holds.clear_hold(hold, actor=personas["officer_a"], reason="Đã xong")
    with pytest.raises(NotVisible):
        holds.clear_hold(hold, actor=personas["qb_standing"], reason="Đã xong")
    with pytest.raises(HonoursError):
        holds.clear_hold(hold, actor=personas["standing"], reason=" ")
    holds.clear_hold(hold, actor=personas["standing"], reason="Không bị kỷ luật")
    hold.refresh_from_db()
    assert hold.cleared_by == personas["standing"] and hold.clear_reason == "Không bị kỷ luật"
    assert _decide(personas["standing"], [ex]).honours.count() == 1
    actions = set(
        AuditEntry.objects.filter(object_id=str(ex.candidate.pk)).values_list("action", flat=True)
    )
    assert {"hold.place", "hold.clear"} <= actions


def test_outsiders_cannot_flag_a_candidate(personas):
    ex = factories.exemplar()
    with pytest.raises(NotVisible):
        holds.place_hold(ex.candidate, actor=personas["qb_officer"], kind="complaint", reason="x")


# Item 5: dates in the future.
def test_future_decision_date_is_refused(personas):
    ex = factories.selected(personas["standing"])
    future = timezone.localdate() + datetime.timedelta(days=30)
    with translation.override("vi"), pytest.raises(HonoursError) as exc:
        _decide(personas["standing"], [ex], date=future)
    assert "tương lai" in str(exc.value)
    assert future.strftime("%d/%m/%Y") in str(exc.value)


def test_future_decision_date_in_the_form_names_the_field(personas, client_for):
    ex = factories.selected(personas["standing"])
    response = client_for("standing").post(
        reverse("honours:decision_create"),
        {
            "program": ex.program_id,
            "number": "9/QĐ",
            "date": "10/12/2030",
            "authority": "UBND tỉnh",
            "form": HonourForm.DIPLOMA_OF_MERIT,
            "amount": "0",
            "exemplars": [ex.pk],
        },
    )
    assert response.status_code == 200
    assert "10/12/2030" in response.context["form"].errors["date"][0]
    assert not ex.honours.exists()


def test_future_recognition_and_follow_up_are_refused(personas):
    from dienhinh.honours.domain import followups

    ex = factories.exemplar()
    with pytest.raises(LifecycleError):
        transition(
            ex, "recognise", actor=personas["standing"], recognised_on=datetime.date(2031, 1, 1)
        )
    with pytest.raises(HonoursError):
        followups.add_follow_up(
            ex,
            actor=personas["standing"],
            kind="progress",
            text="Theo dõi",
            date=datetime.date(2030, 3, 15),
        )


# Item 7: money.
def _spend(personas, decision, amount, **kw):
    return decisions.add_spending(
        actor=personas["standing"],
        program=decision.program,
        date=DAY,
        purpose=SpendingPurpose.DECISION,
        amount=amount,
        decision=decision,
        **kw,
    )


def test_spending_cannot_exceed_the_decision_amount(personas):
    decision = _decide(personas["standing"], [factories.selected(personas["standing"])])
    with pytest.raises(HonoursError) as exc:
        _spend(personas, decision, 2_000_001)
    assert "2,000,000" in str(exc.value) or "2.000.000" in str(exc.value)
    _spend(personas, decision, 2_000_000)


def test_paying_the_same_decision_twice_needs_a_reason(personas):
    ex1, ex2 = factories.selected(personas["standing"]), factories.selected(personas["standing"])
    decision = _decide(personas["standing"], [ex1, ex2])
    _spend(personas, decision, 2_000_000)
    with pytest.raises(HonoursError) as exc:
        _spend(personas, decision, 2_000_000)
    assert "nêu lý do" in str(exc.value)
    second = _spend(personas, decision, 2_000_000, repeat_reason="Đợt 2 cho cá nhân thứ hai")
    assert second.repeat_reason == "Đợt 2 cho cá nhân thứ hai"
    with pytest.raises(HonoursError):
        _spend(personas, decision, 1, repeat_reason="Thêm")
    assert decision.spendings.count() == 2


def test_future_spending_is_refused(personas):
    with pytest.raises(HonoursError):
        decisions.add_spending(
            actor=personas["standing"],
            program=Program.objects.get(code="lai-chau-2533"),
            date=datetime.date(2030, 12, 31),
            purpose=SpendingPurpose.CONFERENCE,
            amount=1,
        )


# Item 9: the forms' names match their codes.
@pytest.mark.parametrize(
    ("code", "vi"),
    [
        ("giay_khen", "Giấy khen"),
        ("bang_khen", "Bằng khen"),
        ("chien_si_thi_dua", "Chiến sĩ thi đua"),
    ],
)
def test_honour_form_names_match_their_codes(code, vi):
    with translation.override("vi"):
        assert str(HonourForm(code).label) == vi
    with translation.override("en"):
        assert str(HonourForm(code).label) not in ("Giấy khen", "Bằng khen")


def test_decision_page_shows_the_stored_form(personas, client_for):
    ex = factories.selected(personas["standing"])
    decision = _decide(personas["standing"], [ex], form=HonourForm.CERTIFICATE_OF_MERIT)
    assert decision.form == "giay_khen"
    client = client_for("standing")
    client.cookies["django_language"] = "vi"
    html = client.get(
        reverse("honours:decision_detail", args=[decision.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    # "Hình thức" (the form) names the stored code.
    assert re.search(r"<dt>Hình thức</dt><dd>Giấy khen</dd>", html)


def test_flag_and_clear_from_the_exemplar_page(personas, client_for):
    ex = factories.selected(personas["standing"], name="Trạm Y tế có khiếu nại")
    unit = client_for("officer_a")
    unit.post(
        reverse("honours:hold_place", args=[ex.pk]),
        {"kind": "complaint", "reason": "Đơn tố cáo ngày 02/03/2025"},
    )
    hold = Hold.objects.get(candidate=ex.candidate)
    page = unit.get(reverse("honours:exemplar_detail", args=[ex.pk])).content.decode()
    assert "Đơn tố cáo ngày 02/03/2025" in page
    assert reverse("honours:hold_clear", args=[ex.pk, hold.pk]) not in page
    # The unit cannot clear its own flag.
    response = unit.post(
        reverse("honours:hold_clear", args=[ex.pk, hold.pk]), {"reason": "Xong"}, follow=True
    )
    assert "Chỉ cơ quan thường trực" in response.content.decode()
    standing = client_for("standing")
    response = standing.post(
        reverse("honours:decision_create"),
        {
            "program": ex.program_id,
            "number": "15/QĐ",
            "date": "01/04/2025",
            "authority": "UBND tỉnh",
            "form": HonourForm.DIPLOMA_OF_MERIT,
            "amount": "0",
            "exemplars": [ex.pk],
        },
        follow=True,
    )
    assert "152/2025/NĐ-CP" in response.content.decode()
    assert not ex.honours.exists()
    standing.post(
        reverse("honours:hold_clear", args=[ex.pk, hold.pk]), {"reason": "Đã giải quyết xong"}
    )
    hold.refresh_from_db()
    assert not hold.is_active and hold.clear_reason == "Đã giải quyết xong"
