"""The organisation and administration pages, and the portal's exemplar page, fit a 390 px phone:
no horizontal scroll (document.scrollingElement.scrollWidth <= innerWidth), every disclosure
opened, since an unfolded form must fit too."""

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

WIDTH = 390


def _too_wide(page, paths) -> dict[str, int]:
    wide = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        assert page.url.endswith(path), f"{path} led to {page.url}"
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        width, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        if width > inner:
            wide[path] = width
    return wide


def test_organisation_and_administration_pages_fit_a_phone(page):
    from django.contrib.auth import get_user_model

    from dienhinh.portal.models import Story

    officer = get_user_model().objects.get(username="lc.canbo")
    story = Story.objects.filter(is_published=True).order_by("pk").first()
    assert story is not None  # the demo publishes stories of both programs
    page.set_viewport_size({"width": WIDTH, "height": 844})
    assert _too_wide(page, [f"/portal/exemplars/{story.exemplar_id}/"]) == {}
    login(page, "lc.quantri")
    page.wait_for_url("**/")
    # The measure itself: a page made wider than the phone is caught.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div id=wide></div>')")
    page.locator("#wide").evaluate("e => { e.style.width = '600px'; e.style.height = '1px'; }")
    assert page.evaluate("document.scrollingElement.scrollWidth") > WIDTH
    pages = [
        "/orgs/tree/",
        "/orgs/LC/",
        "/orgs/LC-SYT/",
        "/orgs/LC-SYT/restructure/",
        "/orgs/LC/links/",
        "/orgs/LC/sign-in/",
        "/orgs/LC/users/",
        "/orgs/LC/users/new/",  # creating a user and inviting them by e-mail
        f"/orgs/LC/users/{officer.pk}/",  # the user's roles (memberships), password, deactivation
        "/notifications/failed/",
    ]
    assert _too_wide(page, pages) == {}
