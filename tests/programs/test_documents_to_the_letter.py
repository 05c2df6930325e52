"""The two documents to the letter (issue of the country now, item 6), one point per test."""

import pytest
from django.urls import reverse
from django.utils import translation

from dienhinh.portal.enums import Channel
from dienhinh.programs.enums import MilestoneKind
from dienhinh.programs.models import Program

pytestmark = pytest.mark.django_db


def test_plan_2690_holds_its_five_standing_duties_and_shows_them(client_for):
    program = Program.objects.get(code="quang-binh-2690")
    assert len(program.duties) == 5
    starts = [d.split(" ")[0] for d in program.duties]
    # nurture, set criteria per unit, review periodically, discover, inspect and help
    assert starts == ["Quan", "Xây", "Định", "Kịp", "Thường"]
    page = client_for("qb_standing").get(reverse("programs:detail", args=["quang-binh-2690"]))
    text = page.content.decode()
    assert 'id="duties"' in text and "Thường xuyên kiểm tra, đánh giá tác dụng" in text


def test_the_departments_fifth_exemplar_conference_is_a_milestone():
    program = Program.objects.get(code="quang-binh-2690")
    conference = program.milestones.get(kind=MilestoneKind.CONFERENCE)
    assert conference.title == "Hội nghị điển hình tiên tiến Sở Xây dựng lần thứ V"
    assert conference.quarter == "2025-Q1"


def test_the_publicity_channel_names_the_northern_border_cluster():
    with translation.override("vi"):
        assert str(Channel.CLUSTER.label) == "Cụm thi đua 7 tỉnh miền núi biên giới phía Bắc"
