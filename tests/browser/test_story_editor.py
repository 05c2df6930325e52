"""The story editor works under the site's CSP: typed with its toolbar, previewed, saved sanitised."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_a_story_is_written_with_the_toolbar_and_previewed(page):
    from dienhinh.portal.models import Story
    from tests.honours import factories as hf

    exemplar = hf.exemplar()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, "lc.snv")
    page.wait_for_url("**/")
    page.goto(f"/portal/publicity/{exemplar.pk}/story/")
    page.get_by_label("Tiêu đề", exact=True).fill("Gương sáng")
    box = page.locator(".rich-text__box")
    box.click()
    page.get_by_role("button", name="Chữ đậm").click()
    page.keyboard.type("Đậm")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.locator("#preview .story__body")
    assert preview.locator("strong").first.inner_text() == "Đậm"
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").click()
    story = Story.objects.get(exemplar=exemplar)
    assert "<strong>Đậm</strong>" in story.body
    assert not [e for e in errors if "Content Security Policy" in e]
