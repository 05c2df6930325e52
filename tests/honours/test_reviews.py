import datetime

import pytest
from django.urls import reverse

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.honours.domain import HonoursError, replication, reviews
from dienhinh.honours.enums import ReplicationOutcome, ReviewKind
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


def test_rounds_dated_from_the_milestones_of_plan_2690(personas):
    program = Program.objects.get(code="quang-binh-2690")
    created = reviews.rounds_from_milestones(program, actor=personas["qb_standing"])
    assert sorted((r.kind, r.date) for r in created) == [
        (ReviewKind.FINAL, datetime.date(2025, 3, 31)),
        (ReviewKind.PRELIMINARY, datetime.date(2023, 6, 30)),
    ]
    assert reviews.rounds_from_milestones(program, actor=personas["qb_standing"]) == []
    with pytest.raises(NotPermitted):
        reviews.rounds_from_milestones(program, actor=personas["standing"])


def _review(personas):
    from dienhinh.honours.models import ReviewRound

    return ReviewRound.objects.create(
        program=Program.objects.get(code="lai-chau-2533"),
        kind=ReviewKind.PRELIMINARY,
        title="Sơ kết",
        date=datetime.date(2025, 6, 30),
    )


def test_shortlist_and_report_statistics(personas, client_for):
    review = _review(personas)
    a = factories.exemplar("LC-SYT", state=S.RECOGNISED)
    b = factories.exemplar("LC-TAMDUONG", state=S.COMMENDED, subject_type="individual")
    reviews.shortlist(review, a, actor=personas["standing"])
    reviews.shortlist(review, b, actor=personas["standing"], typical=True)
    with pytest.raises(HonoursError):
        reviews.shortlist(review, factories.exemplar(), actor=personas["standing"])
    stats = reviews.statistics(review.entries.select_related("exemplar__candidate__field"))
    assert sum(n for _, n in stats["by_type"]) == 2
    assert len(stats["by_organisation"]) == 2
    html = client_for("standing").get(reverse("honours:review_report", kwargs={"pk": review.pk}))
    assert b.candidate.name in html.content.decode()


def test_replication_totals_by_district_and_field(personas, client_for):
    exemplar = factories.exemplar("LC-SYT", state=S.COMMENDED)
    district = Organisation.objects.get(code="LC-TAMDUONG")
    inside = district.children.first() or district
    for org in (district, inside):
        replication.add_replication(
            exemplar,
            actor=personas["standing"],
            organisation=org,
            date=datetime.date(2025, 8, 1),
            outcome=ReplicationOutcome.IN_PROGRESS,
        )
    with pytest.raises(NotVisible):
        replication.add_replication(
            exemplar,
            actor=personas["officer_b"],
            organisation=district,
            date=datetime.date(2025, 8, 1),
            outcome=ReplicationOutcome.SUCCEEDED,
        )
    totals = replication.totals(exemplar.replications.select_related("organisation"))
    assert totals["by_district"] == [(district.name, 2)]
    assert sum(n for _, n in totals["by_field"]) == 2
    page = client_for("officer_a").get(
        reverse("honours:exemplar_detail", kwargs={"pk": exemplar.pk})
    )
    assert district.name in page.content.decode()
