import datetime

import pytest
from django.urls import reverse

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.transitions import history
from dienhinh.honours.domain import HonoursError, decisions
from dienhinh.honours.enums import HonourForm, SpendingPurpose
from dienhinh.honours.models import Honour
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


def _decide(actor, exemplars, number="123/QĐ-UBND", date=datetime.date(2025, 4, 1), **kw):
    return decisions.record_decision(
        **kw,
        actor=actor,
        program=Program.objects.get(code="lai-chau-2533"),
        exemplars=exemplars,
        number=number,
        date=date,
        authority="UBND tỉnh Lai Châu",
        form=HonourForm.DIPLOMA_OF_MERIT,
        level="Tỉnh",
        amount=1_500_000,
    )


def test_decision_commends_the_exemplars(personas):
    selected = factories.selected(personas["standing"])
    recognised = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED)
    decision = _decide(
        personas["standing"], [selected, recognised], override_reason="Thành tích đột xuất"
    )
    for exemplar in (selected, recognised):
        exemplar.refresh_from_db()
        assert exemplar.state == S.COMMENDED
        assert history(exemplar).first().changes["decision"] == [None, decision.number]
    assert decision.honours.count() == 2


@pytest.mark.parametrize("state", [S.NURTURING, S.WITHDRAWN, S.REJECTED])
def test_decision_refused_for_exemplars_not_ready(personas, state):
    with pytest.raises(HonoursError):
        _decide(personas["standing"], [factories.exemplar(state=state)])


@pytest.mark.parametrize("persona", ["officer_a", "council", "qb_standing"])
def test_decision_refused_to_non_standing(personas, persona):
    # An insider of the unit is refused; an outsider does not even see the exemplar.
    refusal = NotPermitted if persona == "officer_a" else NotVisible
    with pytest.raises(refusal):
        _decide(personas[persona], [factories.exemplar(state=S.SELECTED)])


def test_revocation_hides_the_honour_and_keeps_history(personas, client_for):
    exemplar = factories.selected(personas["standing"], name="Hồ sơ không trung thực")
    decision = _decide(personas["standing"], [exemplar])
    honour = decision.honours.get()
    client = client_for("standing")
    assert exemplar.candidate.name in client.get(reverse("honours:honour_list")).content.decode()
    with pytest.raises(HonoursError):
        decisions.revoke_honour(honour, actor=personas["standing"], reason=" ")
    with pytest.raises(NotPermitted):
        decisions.revoke_honour(honour, actor=personas["officer_a"], reason="Khai man")
    decisions.revoke_honour(honour, actor=personas["standing"], reason="Khai man hồ sơ")
    assert list(Honour.objects.current().filter(exemplar=exemplar)) == []
    assert Honour.objects.filter(exemplar=exemplar, is_revoked=True).count() == 1
    assert (
        exemplar.candidate.name not in client.get(reverse("honours:honour_list")).content.decode()
    )
    entry = history(exemplar).get(action="honour.revoke")
    assert entry.reason == "Khai man hồ sơ"
    detail = client.get(reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk}))
    assert "Khai man hồ sơ" in detail.content.decode()
    with pytest.raises(HonoursError):
        decisions.revoke_honour(honour, actor=personas["standing"], reason="again")


def test_spending_totals_per_program_and_year(personas):
    program = Program.objects.get(code="lai-chau-2533")
    for day, amount in [
        (datetime.date(2024, 8, 1), 1_000_000),
        (datetime.date(2024, 12, 1), 2_500_000),
        (datetime.date(2025, 3, 1), 700_000),
    ]:
        decisions.add_spending(
            actor=personas["standing"],
            program=program,
            date=day,
            purpose=SpendingPurpose.CONFERENCE,
            amount=amount,
        )
    with pytest.raises(NotPermitted):
        decisions.add_spending(
            actor=personas["officer_a"],
            program=program,
            date=datetime.date(2025, 1, 1),
            purpose=SpendingPurpose.REVIEW,
            amount=1,
        )
    totals = list(decisions.spending_totals(program.spendings.all()))
    assert [(t["year"], t["total"], t["count"]) for t in totals] == [
        (2024, 3_500_000, 2),
        (2025, 700_000, 1),
    ]


@pytest.mark.parametrize("state", [S.RECOGNISED, S.SELECTED])
def test_revoking_the_last_honour_moves_the_exemplar_back(personas, state):
    exemplar = (
        factories.selected(personas["standing"])
        if state == S.SELECTED
        else factories.exemplar(state=state)
    )
    honour = _decide(
        personas["standing"], [exemplar], override_reason="Khen đột xuất"
    ).honours.get()
    decisions.revoke_honour(honour, actor=personas["standing"], reason="Khai man hồ sơ")
    exemplar.refresh_from_db()
    assert exemplar.state == state
    entry = history(exemplar).get(action="exemplar.revert_commendation")
    assert entry.changes["state"] == [S.COMMENDED, state]
    assert entry.changes["decision"] == [None, "123/QĐ-UBND"]
    assert entry.reason == "Khai man hồ sơ"


def test_revoking_one_of_two_honours_keeps_the_exemplar_commended(personas):
    exemplar = factories.selected(personas["standing"])
    first = _decide(personas["standing"], [exemplar], number="1/QĐ").honours.get()
    _decide(personas["standing"], [exemplar], number="2/QĐ")
    decisions.revoke_honour(first, actor=personas["standing"], reason="Nhầm lẫn")
    exemplar.refresh_from_db()
    assert exemplar.state == S.COMMENDED
    assert not history(exemplar).filter(action="exemplar.revert_commendation").exists()


def test_decision_refused_when_the_council_voted_the_exemplar_down(personas):
    from dienhinh.honours.domain import voting

    exemplar = factories.exemplar(state=S.RECOGNISED, name="Bị bác")
    member = factories.council_member()
    session = factories.session(personas["standing"], [exemplar], threshold=100)
    voting.cast_vote(session, exemplar, member=member, choice="disagree")
    factories.close(session, personas["standing"])
    exemplar.refresh_from_db()
    assert exemplar.state == S.RECOGNISED
    with pytest.raises(HonoursError) as exc:
        _decide(personas["standing"], [exemplar])
    assert "Phiên bình chọn" in str(exc.value)
    assert not exemplar.honours.exists()


def test_same_number_authority_and_date_is_recorded_once(personas, client_for):
    existing = _decide(personas["standing"], [factories.selected(personas["standing"])])
    with pytest.raises(HonoursError) as exc:
        _decide(
            personas["standing"], [factories.selected(personas["standing"])], number="123/qđ-ubnd"
        )
    assert str(existing) in str(exc.value)
    # Another day is another decision.
    _decide(
        personas["standing"],
        [factories.selected(personas["standing"])],
        date=datetime.date(2025, 5, 1),
    )

    other = factories.selected(personas["standing"])
    response = client_for("standing").post(
        reverse("honours:decision_create"),
        {
            "program": existing.program_id,
            "number": "123/QĐ-UBND",
            "date": "01/04/2025",
            "authority": "UBND tỉnh Lai Châu",
            "form": HonourForm.DIPLOMA_OF_MERIT,
            "amount": "0",
            "exemplars": [other.pk],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == [decisions.duplicate_message(existing)]
    assert str(existing) in errors[0]
    assert not other.honours.exists()


@pytest.mark.parametrize(("language", "grouped"), [("vi", "1.500.000"), ("en", "1,500,000")])
def test_amounts_are_grouped_in_the_reader_language(personas, client_for, language, grouped):
    from django.conf import settings
    from django.utils import translation

    with translation.override(language):
        with_unit = translation.gettext("%(amount)s VND") % {"amount": grouped}

    decision = _decide(personas["standing"], [factories.selected(personas["standing"])])
    decisions.add_spending(
        actor=personas["standing"],
        program=decision.program,
        date=datetime.date(2025, 4, 2),
        purpose=SpendingPurpose.DECISION,
        amount=1_500_000,
    )
    client = client_for("standing")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    detail = client.get(reverse("honours:decision_detail", kwargs={"pk": decision.pk}))
    assert with_unit in detail.content.decode()
    for name in ("honours:honour_list", "honours:funding"):
        page = client.get(reverse(name)).content.decode()
        assert f">{grouped}<" in page
        assert "1500000<" not in page
