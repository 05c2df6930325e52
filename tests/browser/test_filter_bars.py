"""The lists' filter bars: folded on a 390 px phone (the list's first rows on the first screen),
one line on a desktop, and the page no wider than the phone."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

LISTS = [
    "/programs/",
    "/orgs/",
    "/audit/",
    "/honours/exemplars/stale/",
    "/portal/exemplars/",
    "/portal/publicity/",
    "/portal/publicity/appearances/",
]
CONTROLS = ".filter-bar input:not([type=checkbox]):not([type=hidden]), .filter-bar select"


def test_list_filter_bars_fold_on_a_phone_and_take_one_line_on_a_desktop(page):
    login(page, "lc.snv")
    page.wait_for_url("**/")
    folded, open_, lines, too_wide = [], [], {}, {}
    for path in LISTS:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(path)
        bar = page.locator("details.filter-bar")
        if bar.evaluate("e => e.open"):
            open_.append(path)
        if (width := page.evaluate("document.scrollingElement.scrollWidth")) > 390:
            too_wide[path] = width
        # Folded, the bar is one button high: what follows it starts near the top.
        if bar.bounding_box()["height"] > 60:
            folded.append(path)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(path)
        assert bar.evaluate("e => e.open") is True, path
        bottoms = page.locator(CONTROLS).evaluate_all(
            "all => all.map(e => Math.round(e.getBoundingClientRect().bottom))"
        )
        assert bottoms, path
        if max(bottoms) - min(bottoms) > 2:
            lines[path] = bottoms
    assert (open_, folded, lines, too_wide) == ([], [], {}, {})


def test_a_filter_keeps_its_values_and_the_list_follows(page):
    login(page, "lc.snv")
    page.wait_for_url("**/")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/orgs/")
    page.get_by_label("Tìm kiếm").fill("so y te")
    page.get_by_label("Trạng thái").select_option("all")
    with page.expect_navigation():
        page.get_by_role("button", name="Lọc").click()
    assert "q=so+y+te" in page.url and "status=all" in page.url
    assert page.get_by_label("Tìm kiếm").input_value() == "so y te"
    assert page.get_by_role("link", name="Sở Y tế tỉnh Lai Châu").is_visible()
    assert page.get_by_role("link", name="Sở Nội vụ tỉnh Lai Châu").count() == 0
