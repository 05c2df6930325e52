"""Program pages: content in Vietnamese as in the documents, constant query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from dienhinh.programs.domain.timing import distance, period_state, quarter_label

pytestmark = pytest.mark.django_db


def test_program_list_shows_both_documents(client_for):
    html = client_for("officer_a").get(reverse("programs:list")).content.decode()
    assert "2533/HD-UBND" in html and "2690/KH-SXD" in html
    assert "Hướng dẫn 2533/HD-UBND – Mô hình tiêu biểu, điển hình tiên tiến tỉnh Lai Châu" in html
    assert "02/07/2024" in html and "25/10/2022" in html


def test_program_detail_shows_criteria_quotas_milestones_in_vietnamese(client_for):
    html = (
        client_for("qb_officer")
        .get(reverse("programs:detail", args=["lai-chau-2533"]))
        .content.decode()
    )
    assert "Cải cách hành chính (CCHC)" in html
    assert "đạt từ 85% trở lên" in html
    assert (
        "Mỗi huyện, thành phố ít nhất 02 mô hình, 02 điển hình tập thể, 03 điển hình cá nhân."
        in html
    )
    assert "Lê Văn Lương" in html
    assert "Quyết định số 1526/QĐ-TTg" in html
    assert "Sở Nội vụ" in html
    assert "c.1) Xây dựng" in html
    assert 'href="/programs/lai-chau-2533/edit/"' not in html  # a reader gets no edit link


def test_program_detail_milestones_with_quarter_and_distance(client_for):
    html = (
        client_for("officer_a")
        .get(reverse("programs:detail", args=["quang-binh-2690"]))
        .content.decode()
    )
    assert "Tổ chức sơ kết" in html
    assert "Sở Xây dựng" in html
    assert "Nguồn kinh phí" in html
    with translation.override("vi"):
        label = quarter_label("2023-Q2")
    assert label in html


def test_program_detail_edit_links_for_the_standing_agency(client_for):
    html = (
        client_for("standing")
        .get(reverse("programs:detail", args=["lai-chau-2533"]))
        .content.decode()
    )
    assert 'href="/programs/lai-chau-2533/edit/"' in html
    assert 'href="/programs/lai-chau-2533/copy/"' in html


def test_program_detail_unknown_code_is_404(client_for):
    assert (
        client_for("standing").get(reverse("programs:detail", args=["khong-co"])).status_code == 404
    )


@pytest.mark.parametrize(
    ("due", "text"),
    [
        (datetime.date(2025, 4, 23), "23 days left"),
        (datetime.date(2025, 3, 31), "today"),
        (datetime.date(2025, 4, 1), "1 day left"),
        (datetime.date(2025, 3, 1), "30 days ago"),
        (datetime.date(2025, 9, 30), "6 months left"),
        (datetime.date(2023, 3, 31), "2 years ago"),
        (None, "no date set"),
    ],
)
def test_distance_in_words(due, text):
    with translation.override("en"):
        assert distance(due, datetime.date(2025, 3, 31)) == text


@pytest.mark.parametrize(
    ("persona", "first", "then"),
    [("qb_officer", "2690/KH-SXD", "2533/HD-UBND"), ("officer_a", "2533/HD-UBND", "2690/KH-SXD")],
)
def test_program_list_shows_the_users_programs_first(client_for, persona, first, then):
    """Every program stays listed; those the user works with (programs_for) come first."""
    html = client_for(persona).get(reverse("programs:list")).content.decode()
    assert html.index(first) < html.index(then)
    assert html.count('scope="colgroup"') == 2


@pytest.mark.parametrize(
    ("today", "state", "text"),
    [
        (datetime.date(2024, 7, 1), "upcoming", "Upcoming, from 02/07/2024"),
        (datetime.date(2024, 7, 2), "running", "In progress, until 31/12/2025"),
        (datetime.date(2025, 12, 31), "running", "In progress, until 31/12/2025"),
        (datetime.date(2026, 1, 1), "ended", "Ended on 31/12/2025"),
    ],
)
def test_period_state(today, state, text):
    with translation.override("en"):
        found = period_state(datetime.date(2024, 7, 2), datetime.date(2025, 12, 31), today)
    assert found == (state, text)


def test_program_detail_says_when_the_period_has_ended(client_for):
    """The Quảng Bình plan's period (2021–2025) ended in 2025; the Lai Châu guide sets none."""
    client = client_for("qb_officer")
    client.cookies["dienhinh_language"] = "en"
    html = client.get(reverse("programs:detail", args=["quang-binh-2690"])).content.decode()
    assert datetime.date.today() > datetime.date(2025, 12, 31)
    assert 'data-period="ended">Ended on 31/12/2025</span>' in html
    client = client_for("officer_a")
    client.cookies["dienhinh_language"] = "en"
    html = client.get(reverse("programs:detail", args=["lai-chau-2533"])).content.decode()
    assert 'data-period="running">Period not fixed by the document</span>' in html
