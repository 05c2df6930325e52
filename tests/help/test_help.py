"""The help: a guide per role in Vietnamese and English, linked from each main screen's title."""

import pytest
from django.urls import reverse

from dienhinh.help.content import GUIDES, SCREENS
from dienhinh.orgs.enums import Role

pytestmark = pytest.mark.django_db


def test_every_role_has_a_guide_naming_existing_screens():
    assert set(GUIDES) == set(Role.values)
    for guide in GUIDES.values():
        assert guide.steps
        assert all(key in SCREENS for key, _ in guide.steps)
    for screen in SCREENS.values():
        reverse(screen.url_name)  # every screen named exists


def test_the_officers_guide_in_vietnamese_and_english(client):
    url = reverse("help:role", args=["unit_officer"])
    vi = client.get(url).content.decode()
    assert "Các việc cần làm, theo thứ tự" in vi
    assert "Đề nghị thủ trưởng phê duyệt" in vi
    # The steps name the screens as the menu does, in order.
    assert vi.index(">Chương trình<") < vi.index(">Đối tượng đăng ký<") < vi.index(">Biểu đăng ký<")
    client.cookies["dienhinh_language"] = "en"
    en = client.get(url).content.decode()
    assert "What to do, in order" in en
    assert "Ask the head to approve" in en


def test_an_unknown_role_is_not_found(client):
    assert client.get(reverse("help:role", args=["nobody"])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "url_name", "target"),
    [
        (
            "officer_a",
            "registrations:registration_list",
            "/help/unit_officer/#screen-registrations",
        ),
        ("head_a", "registrations:registration_list", "/help/unit_head/#screen-registrations"),
        ("standing", "honours:vote_list", "/help/standing_officer/#screen-votes"),
        ("council", "honours:vote_list", "/help/council_member/#screen-votes"),
        ("officer_a", "programs:list", "/help/unit_officer/#screen-programs"),
        ("standing", "registrations:dashboard", "/help/standing_officer/#screen-quotas"),
        ("officer_a", "home", "/help/#screen-overview"),
    ],
)
def test_the_screens_title_links_to_the_help_of_the_readers_role(
    client_for, persona, url_name, target
):
    page = client_for(persona).get(reverse(url_name)).content.decode()
    assert f'class="help-link" href="{target}"' in page


def test_the_program_page_explains_each_criterions_evidence(client_for):
    page = client_for("officer_a").get(reverse("programs:detail", args=["lai-chau-2533"]))
    text = page.content.decode()
    # G4, ratings over five years: from the program data's parameters.
    assert "Kết quả đánh giá, xếp loại hằng năm của 5 năm" in text
    assert "ít nhất 1 năm “Hoàn thành xuất sắc nhiệm vụ”" in text
    # k.2, the PAR index ≥ 85 in the recognition year or the year before.
    assert "Chỉ số CCHC của đơn vị trong năm công nhận hoặc 1 năm liền trước (ít nhất 85)" in text
    # G5 reads the program's window for recognitions outside the rating regime.
    assert "ghi nhận thành tích nổi trội trong 5 năm trước thời điểm công nhận" in text
    # A qualitative criterion: documents attested by the reviewer.
    assert "người thẩm định của cơ quan thường trực xác nhận tiêu chí" in text
