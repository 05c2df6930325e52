"""A unit officer signs in, sees their own organisation, and gets 404 for another's."""

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_officer_sees_own_organisation_and_404_for_another(page):
    login(page, "lc.canbo")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")

    page.get_by_role("link", name="Tổ chức").click()
    page.get_by_role("link", name="Sở Y tế tỉnh Lai Châu").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sở Y tế tỉnh Lai Châu"
    assert page.get_by_text("LC-SYT").first.is_visible()

    response = page.goto("/orgs/LC-TAMDUONG/")
    assert response.status == 404
    assert "Không tìm thấy trang" in page.content()


def test_language_switch_to_english_and_back(page):
    login(page, "lc.canbo")
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    page.get_by_label("Language").select_option("vi")
    page.get_by_role("button", name="Change").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")


def test_no_content_security_policy_violation_on_pages(page):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    login(page, "lc.snv")
    for url in ["/", "/orgs/", "/orgs/LC-SYT/", "/audit/", "/orgs/LC-SYT/restructure/"]:
        page.goto(url)
    assert violations == []
