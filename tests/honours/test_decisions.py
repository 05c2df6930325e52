import datetime

import pytest
from django.urls import reverse

from dienhinh.honours.domain import HonoursError, decisions
from dienhinh.honours.domain.lifecycle import history
from dienhinh.honours.enums import HonourForm, SpendingPurpose
from dienhinh.honours.models import Honour
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


def _decide(actor, exemplars, number="123/QĐ-UBND"):
    return decisions.record_decision(
        actor=actor,
        program=Program.objects.get(code="lai-chau-2533"),
        exemplars=exemplars,
        number=number,
        date=datetime.date(2025, 4, 1),
        authority="UBND tỉnh Lai Châu",
        form=HonourForm.DIPLOMA_OF_MERIT,
        level="Tỉnh",
        amount=1_500_000,
    )


def test_decision_commends_the_exemplars(personas):
    selected = factories.exemplar(state=S.SELECTED)
    recognised = factories.exemplar("LC-TAMDUONG", state=S.RECOGNISED)
    decision = _decide(personas["standing"], [selected, recognised])
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
    with pytest.raises(HonoursError):
        _decide(personas[persona], [factories.exemplar(state=S.SELECTED)])


def test_revocation_hides_the_honour_and_keeps_history(personas, client_for):
    exemplar = factories.exemplar(state=S.SELECTED, name="Hồ sơ không trung thực")
    decision = _decide(personas["standing"], [exemplar])
    honour = decision.honours.get()
    client = client_for("standing")
    assert exemplar.candidate.name in client.get(reverse("honours:honour_list")).content.decode()
    with pytest.raises(HonoursError):
        decisions.revoke_honour(honour, actor=personas["standing"], reason=" ")
    with pytest.raises(HonoursError):
        decisions.revoke_honour(honour, actor=personas["officer_a"], reason="Khai man")
    decisions.revoke_honour(honour, actor=personas["standing"], reason="Khai man hồ sơ")
    assert list(Honour.objects.current().filter(exemplar=exemplar)) == []
    assert Honour.objects.filter(exemplar=exemplar, is_revoked=True).count() == 1
    assert (
        exemplar.candidate.name not in client.get(reverse("honours:honour_list")).content.decode()
    )
    entry = history(exemplar).first()
    assert (entry.action, entry.reason) == ("honour.revoke", "Khai man hồ sơ")
    detail = client.get(reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk}))
    assert "Khai man hồ sơ" in detail.content.decode()
    with pytest.raises(HonoursError):
        decisions.revoke_honour(honour, actor=personas["standing"], reason="again")


def test_spending_totals_per_program_and_year(personas):
    program = Program.objects.get(code="lai-chau-2533")
    for day, amount in [
        (datetime.date(2024, 5, 1), 1_000_000),
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
    with pytest.raises(HonoursError):
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


def test_honour_list_query_count_does_not_grow(personas, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("standing")
    url = reverse("honours:honour_list")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _decide(personas["standing"], [factories.exemplar(state=S.SELECTED)], number="1/QĐ")
    one = count()
    _decide(
        personas["standing"],
        [factories.exemplar(state=S.SELECTED), factories.exemplar("LC-TAMDUONG", state=S.SELECTED)],
        number="2/QĐ",
    )
    assert count() == one
