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


def test_the_preliminary_review_sends_its_typical_exemplars_as_a_list_with_its_date(
    personas, client_for
):
    """Plan 2690: after the preliminary review the typical exemplars are sent to Sở Nội vụ: a step
    with its date and recipient, the list kept as sent and downloadable as a document."""
    from dienhinh.core.models import AuditEntry
    from dienhinh.documents.exporters import get_exporter
    from dienhinh.documents.honours import typical_list_document

    review = _review(personas)
    typical = factories.exemplar("LC-SYT", state=S.RECOGNISED)
    other = factories.exemplar("LC-SYT", state=S.RECOGNISED)
    reviews.shortlist(review, typical, actor=personas["standing"], typical=True)
    reviews.shortlist(review, other, actor=personas["standing"], typical=False)
    with pytest.raises(HonoursError):  # before the review's date
        reviews.send_typical(
            review, actor=personas["standing"], sent_on=datetime.date(2025, 6, 1), recipient="X"
        )
    client = client_for("standing")
    response = client.post(
        reverse("honours:review_send", args=[review.pk]),
        {"sent_on": "05/07/2025", "recipient": "Sở Nội vụ tỉnh Lai Châu"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.sent_on == datetime.date(2025, 7, 5)
    assert review.sent_to == "Sở Nội vụ tỉnh Lai Châu"
    assert [r["name"] for r in review.sent_list] == [typical.candidate.name]
    assert review.sent_by == personas["standing"]
    entry = AuditEntry.objects.get(action="review.send")
    assert entry.changes["names"][1] == [typical.candidate.name]
    # Sent once: a second sending is refused, the record unchanged.
    with pytest.raises(HonoursError):
        reviews.send_typical(
            review,
            actor=personas["standing"],
            sent_on=datetime.date(2025, 7, 6),
            recipient="Sở Nội vụ",
        )
    page = client.get(reverse("honours:review_detail", args=[review.pk])).content.decode()
    assert "05/07/2025" in page and "Sở Nội vụ tỉnh Lai Châu" in page
    doc = typical_list_document(review)
    assert doc.title == "DANH SÁCH" and "Sở Nội vụ tỉnh Lai Châu" in doc.subtitle
    assert [row[1] for row in doc.sections[0].table.rows] == [typical.candidate.name]
    download = client.get(reverse("documents:review_typical_download", args=[review.pk, "xlsx"]))
    assert download.status_code == 200
    assert download["Content-Type"] == get_exporter("xlsx").content_type


def test_sending_needs_a_typical_exemplar_and_the_standing_agency(personas):
    review = _review(personas)
    with pytest.raises(HonoursError):
        reviews.send_typical(
            review, actor=personas["standing"], sent_on=review.date, recipient="Sở Nội vụ"
        )
    with pytest.raises((NotPermitted, NotVisible)):
        reviews.send_typical(
            review, actor=personas["officer_a"], sent_on=review.date, recipient="Sở Nội vụ"
        )
    review.refresh_from_db()
    assert review.sent_on is None


def test_learning_visits_are_recorded_on_the_exemplar_shown_and_counted(personas, client_for):
    """The chain's last step, learning from an exemplar (học tập): who came, when, how many;
    on the exemplar's page and in the replication summary."""
    from dienhinh.core.models import AuditEntry

    exemplar = factories.exemplar("LC-SYT", state=S.COMMENDED)
    client = client_for("standing")
    response = client.post(
        reverse("honours:learning_add", args=[exemplar.pk]),
        {"date": "15/09/2025", "visitors": "Đoàn cán bộ xã Bình Lư", "participants": "25"},
    )
    assert response.status_code == 302
    replication.add_learning_visit(
        exemplar,
        actor=personas["standing"],
        date=datetime.date(2025, 10, 1),
        visitors="Trạm Y tế xã Tân Phong",
        participants=8,
    )
    visits = list(exemplar.learning_visits.order_by("date"))
    assert [(v.visitors, v.participants) for v in visits] == [
        ("Đoàn cán bộ xã Bình Lư", 25),
        ("Trạm Y tế xã Tân Phong", 8),
    ]
    assert AuditEntry.objects.filter(action="exemplar.learning").count() == 2
    page = client.get(reverse("honours:exemplar_detail", args=[exemplar.pk])).content.decode()
    assert "Đoàn cán bộ xã Bình Lư" in page and "15/09/2025" in page
    assert page.count('id="learning"') == 1
    assert "2 lượt học tập, tổng cộng 33 người" in page  # 25 + 8 people in all
    summary = client.get(reverse("honours:replication_report"))
    assert summary.context["learning"] == {"visits": 2, "people": 33}
    with pytest.raises(HonoursError):
        replication.add_learning_visit(
            exemplar,
            actor=personas["standing"],
            date=datetime.date(2025, 10, 2),
            visitors="Đoàn",
            participants=0,
        )
    with pytest.raises((NotPermitted, NotVisible)):
        replication.add_learning_visit(
            exemplar,
            actor=personas["qb_officer"],
            date=datetime.date(2025, 10, 2),
            visitors="Đoàn",
            participants=3,
        )
    assert exemplar.learning_visits.count() == 2
