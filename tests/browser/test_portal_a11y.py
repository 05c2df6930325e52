"""The public portal passes axe-core with no serious or critical violation."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.portal import factories

AXE = Path(__file__).resolve().parents[2] / "src/dienhinh/static/vendor/axe-core/axe.min.js"

pytestmark = pytest.mark.browser


@pytest.fixture
def portal_page(chromium, live_server, transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    # axe is injected as an inline script, which the site's CSP rightly blocks: bypass it here.
    context = chromium.new_context(locale="vi-VN", base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def _violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_portal_pages_have_no_serious_violation(portal_page):
    story = factories.story(
        name="Lò Thị Phương", title="Điển hình tiên tiến", body="<h2>Hành trình</h2><p>Ok.</p>"
    )
    factories.story(name="Tập thể khoa Nhi", subject_type="collective")
    pages = [
        "/portal/",
        "/portal/programs/lai-chau-2533/",
        "/portal/exemplars/",
        "/portal/exemplars/?q=dien+hinh",
        f"/portal/exemplars/{story.exemplar_id}/",
        f"/portal/exemplars/{story.exemplar_id}/sheet/",
    ]
    for url in pages:
        portal_page.goto(url)
        assert _violations(portal_page) == [], url


def test_portal_reads_on_a_phone(chromium, live_server, transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    story = factories.story(name="Lò Thị Phương")
    context = chromium.new_context(
        locale="vi-VN", base_url=live_server.url, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto("/portal/exemplars/?q=LO+THI")
    assert page.get_by_role("link", name="Lò Thị Phương").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.goto(f"/portal/exemplars/{story.exemplar_id}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lò Thị Phương"
    context.close()


def test_story_editor_and_its_preview_have_no_serious_violation(portal_page):
    from tests.browser.conftest import login
    from tests.honours import factories as hf

    exemplar = hf.exemplar()
    login(portal_page, "lc.snv")
    portal_page.wait_for_url("**/")
    portal_page.goto(f"/portal/publicity/{exemplar.pk}/story/")
    portal_page.locator(".rich-text__box").wait_for()  # the editor's toolbar and box are built
    # The textarea it writes into is out of sight: only the editor's box shows the story.
    assert not portal_page.locator("textarea[data-rich-text]").is_visible()
    assert _violations(portal_page) == [], "editor"
    portal_page.get_by_label("Tiêu đề", exact=True).fill("Gương sáng")
    portal_page.locator(".rich-text__box").click()
    portal_page.keyboard.type("Một câu chuyện.")
    with portal_page.expect_navigation():
        portal_page.get_by_role("button", name="Xem trước").click()
    portal_page.locator("#preview").wait_for()
    assert _violations(portal_page) == [], "preview"
