"""The law in force by date: the "Căn cứ" lines of generated decisions and reports."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document as Docx

from dienhinh.documents import legal
from dienhinh.honours.domain import decisions
from dienhinh.honours.enums import HonourForm
from dienhinh.honours.models import ReviewRound
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db
D = datetime.date


def _numbers(day):
    return [act.number for act in legal.in_force(day)]


def test_decree_152_replaced_decree_98_on_1_july_2025():
    assert _numbers(D(2025, 6, 30)) == ["06/2022/QH15", "98/2023/NĐ-CP"]
    assert _numbers(D(2025, 7, 1)) == ["06/2022/QH15", "152/2025/NĐ-CP"]
    assert _numbers(D(2023, 12, 31)) == []  # the law itself took effect on 01/01/2024


def test_the_document_format_decree_is_in_the_data_but_not_cited():
    assert [a.number for a in legal.in_force(D(2026, 1, 1), cited="format")] == ["30/2020/NĐ-CP"]


def test_basis_lines_cite_the_law_then_the_programs_own_grounds():
    lines = legal.basis_lines(D(2026, 3, 2), ["Quyết định số 1526/QĐ-TTg ngày 09/12/2022"])
    assert lines == [
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của "
        "Luật Thi đua, khen thưởng;",
        "Căn cứ Quyết định số 1526/QĐ-TTg ngày 09/12/2022;",
    ]


def _decision(personas, day):
    exemplar = factories.exemplar(state=S.RECOGNISED, name="Trạm Y tế xã Bình Lư")
    return decisions.record_decision(
        override_reason="Khen thưởng kịp thời",
        actor=personas["standing"],
        program=Program.objects.get(code="lai-chau-2533"),
        exemplars=[exemplar],
        number=f"{day.year}/QĐ-UBND",
        date=day,
        authority="Ủy ban nhân dân tỉnh Lai Châu",
        form=HonourForm.DIPLOMA_OF_MERIT,
        level="Tỉnh",
        amount=1_500_000,
    )


def _docx_text(response) -> str:
    doc = Docx(io.BytesIO(response.content))
    return "\n".join(p.text for p in doc.paragraphs)


@pytest.mark.parametrize(
    ("day", "cited", "not_cited"),
    [
        (D(2026, 3, 2), "152/2025/NĐ-CP", "98/2023/NĐ-CP"),
        (D(2025, 3, 2), "98/2023/NĐ-CP", "152/2025/NĐ-CP"),
    ],
)
def test_a_decision_cites_the_decree_in_force_on_its_date(
    personas, client_for, day, cited, not_cited
):
    decision = _decision(personas, day)
    url = reverse("documents:decision_download", kwargs={"pk": decision.pk, "fmt": "docx"})
    response = client_for("standing").get(url)
    assert response.status_code == 200
    text = _docx_text(response)
    assert "QUYẾT ĐỊNH" in text
    assert f"Căn cứ Nghị định số {cited}" in text
    assert not_cited not in text
    assert "Căn cứ Quyết định số 1526/QĐ-TTg" in text  # the program's own grounds follow


@pytest.mark.parametrize("persona", ["qb_standing", "qb_officer"])
def test_another_provinces_decision_is_not_found(personas, client_for, persona):
    decision = _decision(personas, D(2026, 3, 2))
    url = reverse("documents:decision_download", kwargs={"pk": decision.pk, "fmt": "pdf"})
    assert client_for(persona).get(url).status_code == 404


def test_a_review_report_of_2026_cites_decree_152(personas, client_for):
    review = ReviewRound.objects.create(
        program=Program.objects.get(code="lai-chau-2533"),
        kind="preliminary",
        title="Sơ kết năm 2026",
        date=D(2026, 11, 20),
    )
    url = reverse("documents:review_report_download", kwargs={"pk": review.pk, "fmt": "docx"})
    text = _docx_text(client_for("standing").get(url))
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in text
