"""The site's icons, the anonymous home page, and names instead of codes on the editing pages."""

import pytest
from django.test import Client
from django.urls import reverse

from dienhinh.programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/favicon.ico", "image/"), ("/apple-touch-icon.png", "image/png")],
)
def test_icons_are_served_at_the_root(path, content_type):
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    body = b"".join(response.streaming_content)
    # An ICO file starts 00 00 01 00, a PNG with its signature.
    assert body[:4] == b"\x00\x00\x01\x00" or body[:8] == b"\x89PNG\r\n\x1a\n"


def test_pages_name_the_icons(client_for):
    html = client_for("officer_a").get(reverse("home")).content.decode()
    assert 'rel="icon" href="/favicon.ico"' in html and 'rel="apple-touch-icon"' in html


def test_an_anonymous_visitor_lands_on_the_portal_with_a_sign_in_link():
    client = Client()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{reverse("login")}"' in html and 'name="password"' not in html


def test_a_signed_in_user_still_has_the_home_page(client_for):
    response = client_for("officer_a").get("/")
    assert response.status_code == 200 and 'name="password"' not in response.content.decode()


def test_milestone_headings_show_titles_not_codes(client_for):
    program = Program.objects.get(code="quang-binh-2690")
    milestone = program.milestones.order_by("position").first()
    assert milestone is not None and milestone.title != milestone.code
    url = reverse("programs:milestones", args=[program.code])
    html = client_for("qb_standing").get(url).content.decode()
    assert f'<legend class="card__title">{milestone.title}</legend>' in html
    assert f'<legend class="card__title">{milestone.code}</legend>' not in html


def test_funding_form_labels_are_translated(client_for):
    html = client_for("standing").get(reverse("honours:funding")).content.decode()
    assert "Quyết định" in html and "Sơ kết" in html
    assert ">Decision<" not in html and ">Review<" not in html
