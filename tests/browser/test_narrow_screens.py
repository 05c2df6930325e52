"""Every main page fits a 390 px phone: no horizontal scroll (wide tables scroll in their own box)."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

WIDTH = 390


def _overflow(page, path: str) -> int:
    response = page.goto(path)
    assert response is not None and response.status == 200, (
        f"{path}: {response and response.status}"
    )
    assert page.url.endswith(path), f"{path} led to {page.url}"  # read signed in, not redirected
    return page.evaluate("document.documentElement.scrollWidth")


def test_main_pages_fit_a_phone(page):
    from dienhinh.registrations.models import Candidate, Registration

    page.set_viewport_size({"width": WIDTH, "height": 844})
    public = ["/portal/", "/portal/exemplars/", "/accounts/login/"]
    too_wide = {path: w for path in public if (w := _overflow(page, path)) > WIDTH}
    login(page, "lc.snv")
    page.wait_for_url("**/")
    candidate = Candidate.objects.filter(organisation__code__startswith="LC").order_by("pk").first()
    registration = (
        Registration.objects.filter(organisation__code__startswith="LC").order_by("pk").first()
    )
    signed_in = [
        "/",
        "/registrations/",
        "/registrations/candidates/",
        "/registrations/quotas/",
        "/honours/exemplars/",
        "/honours/funding/",
        "/notifications/",
        "/programs/",
    ]
    assert candidate is not None and registration is not None
    signed_in += [
        f"/registrations/candidates/{candidate.pk}/",
        f"/registrations/{registration.pk}/",
    ]
    # The measure itself: a page made wider than the phone is caught.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div id=wide></div>')")
    page.locator("#wide").evaluate("e => { e.style.width = '600px'; e.style.height = '1px'; }")
    assert page.evaluate("document.documentElement.scrollWidth") > WIDTH
    too_wide |= {path: w for path in signed_in if (w := _overflow(page, path)) > WIDTH}
    assert too_wide == {}


def test_the_dashboard_filters_fold_on_a_phone_and_take_one_line_on_a_desktop(page):
    login(page, "lc.snv")
    page.wait_for_url("**/")
    page.set_viewport_size({"width": WIDTH, "height": 844})
    page.goto("/registrations/quotas/")
    bar = page.locator("details.filter-bar")
    assert bar.evaluate("e => e.open") is False
    # The first number is on the first screen.
    assert page.locator(".kpi").first.bounding_box()["y"] < 844
    bar.locator("summary").click()
    assert page.locator("#f-year").is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/registrations/quotas/")
    assert bar.evaluate("e => e.open") is True
    tops = page.locator(".filter-bar select").evaluate_all(
        "all => all.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) == 6 and len(set(tops)) == 1


@pytest.mark.parametrize(
    "path", ["/registrations/", "/registrations/candidates/", "/honours/exemplars/"]
)
def test_list_filters_fold_on_a_phone(page, path):
    login(page, "lc.snv")
    page.wait_for_url("**/")
    page.set_viewport_size({"width": WIDTH, "height": 844})
    page.goto(path)
    assert page.locator("details.filter-bar").evaluate("e => e.open") is False
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(path)
    bar = page.locator("details.filter-bar")
    assert bar.evaluate("e => e.open") is True
    tops = bar.locator("select").evaluate_all(
        "all => all.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert tops and len(set(tops)) == 1
