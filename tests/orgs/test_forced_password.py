"""A user whose password an administrator chose (a new user) or reset must choose their own at
next sign-in before anything else; an API token of theirs keeps working. Through HTTP."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from dienhinh.core.models import AuditEntry
from dienhinh.orgs.roles import Role
from tests.api.test_done_when import api, make_token

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Mot-mat-khau-moi-2026"


def _as(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _sign_in(username, password):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def _create(org):
    response = _as("lc.quantri").post(
        reverse("orgs:user_create", args=["LC"]),
        {
            "username": "lc.moi",
            "last_name": "Nguyễn Thị",
            "first_name": "Mai",
            "email": "mai.nt@example.vn",
            "organisation": org("LC-SYT").pk,
            "role": Role.UNIT_OFFICER,
            "title": "Chuyên viên",
            "password": "Quan-tri-dat-2026",
        },
    )
    assert response.status_code == 302


def test_a_created_user_changes_the_password_before_anything_else(org):
    _create(org)
    client = _sign_in("lc.moi", "Quan-tri-dat-2026")
    for url in (reverse("home"), reverse("orgs:list"), reverse("notifications:list")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("password_change"), url
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "quản trị" in page.content.decode()  # why: the administrator set it
    # No menu or header link leads to pages that are closed until then; signing out stays.
    html = page.content.decode()
    assert 'class="site-nav"' not in html
    assert reverse("notifications:list") not in html and reverse("two_factor") not in html
    assert reverse("logout") in html
    # A weak password is refused with Django's validators, nothing changed.
    weak = client.post(
        reverse("password_change"),
        {"old_password": "Quan-tri-dat-2026", "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 200
    assert User.objects.get(username="lc.moi").must_change_password
    done = client.post(
        reverse("password_change"),
        {
            "old_password": "Quan-tri-dat-2026",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert done.status_code == 302 and done["Location"] == reverse("home")
    after = client.get(reverse("orgs:list"))
    assert after.status_code == 200 and 'class="site-nav"' in after.content.decode()
    user = User.objects.get(username="lc.moi")
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="user.password_change", object_id=str(user.pk))
    assert entry.actor == user
    assert entry.changes["must_change_password"] == [True, False]
    assert entry.scope_path == org("LC-SYT").path
    # Signing out is always possible; the next sign-in goes straight in.
    assert _sign_in("lc.moi", NEW_PASSWORD).get(reverse("orgs:list")).status_code == 200


def _reset(officer):
    response = _as("lc.quantri").post(
        reverse("orgs:user", args=["LC", officer.pk]), {"op": "reset"}, follow=True
    )
    assert AuditEntry.objects.filter(action="user.password_link", object_id=str(officer.pk))
    return re.search(r"/accounts/reset/[^/\s]+/[^/\s]+/", response.content.decode()).group(0)


def test_a_reset_by_the_administrator_forces_a_change_at_next_sign_in(personas):
    officer = personas["officer_a"]
    officer.set_password("Mat-khau-cu-2026")
    officer.save()
    _reset(officer)
    client = _sign_in("lc.canbo", "Mat-khau-cu-2026")
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    done = client.post(
        reverse("password_change"),
        {
            "old_password": "Mat-khau-cu-2026",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert done["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_the_one_time_link_clears_the_obligation(personas):
    officer = personas["officer_a"]
    link = _reset(officer)
    anonymous = Client()
    form = anonymous.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = anonymous.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    officer.refresh_from_db()
    assert not officer.must_change_password
    assert AuditEntry.objects.filter(action="user.password_reset", actor=officer).exists()
    assert _sign_in("lc.canbo", NEW_PASSWORD).get(reverse("home")).status_code == 200


def test_an_api_token_is_not_stopped(personas, client_for):
    token = make_token(client_for("officer_a"))
    User.objects.filter(pk=personas["officer_a"].pk).update(must_change_password=True)
    assert api(token).get("/api/v1/me/").status_code == 200
    assert client_for("officer_a").get(reverse("home")).status_code == 302


def test_someone_else_may_not_reset(personas):
    """The refusal: an administrator of another province, and a standing-agency officer."""
    officer = personas["officer_a"]
    for username in ("qb.quantri", "lc.snv"):
        response = _as(username).post(
            reverse("orgs:user", args=["LC-SYT", officer.pk]), {"op": "reset"}
        )
        assert response.status_code in (403, 404), username
    officer.refresh_from_db()
    assert not officer.must_change_password
