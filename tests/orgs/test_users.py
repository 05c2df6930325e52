"""The administrator of a province manages the users of its subtree without the Django admin:
create with a role, give and withdraw roles, deactivate, reactivate, a one-time password link."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from dienhinh.core.models import AuditEntry
from dienhinh.orgs.models import Membership
from dienhinh.orgs.roles import Role

pytestmark = pytest.mark.django_db
User = get_user_model()


def _as(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _new_user_data(**changes):
    data = {
        "username": "lc.moi",
        "last_name": "Nguyễn Thị",
        "first_name": "Mai",
        "email": "mai.nt@example.vn",
        "organisation": "",
        "role": Role.UNIT_OFFICER,
        "title": "Chuyên viên",
        "password": "Mat-khau-rat-dai-2026",
    }
    data.update(changes)
    return data


def test_the_administrator_creates_a_user_with_a_role(org):
    unit = org("LC-SYT")
    response = _as("lc.quantri").post(
        reverse("orgs:user_create", args=["LC"]), _new_user_data(organisation=unit.pk)
    )
    assert response.status_code == 302
    user = User.objects.get(username="lc.moi")
    assert user.check_password("Mat-khau-rat-dai-2026") and user.is_active
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (unit, Role.UNIT_OFFICER)
    assert AuditEntry.objects.get(action="user.create").actor.username == "lc.quantri"
    listing = _as("lc.quantri").get(reverse("orgs:users", args=["LC-SYT"]))
    assert (
        "Nguyễn Thị Mai" in listing.content.decode() or "Mai Nguyễn Thị" in listing.content.decode()
    )


def test_a_user_name_taken_or_a_weak_password_saves_nothing(org):
    client = _as("lc.quantri")
    url = reverse("orgs:user_create", args=["LC"])
    response = client.post(url, _new_user_data(username="lc.canbo", organisation=org("LC").pk))
    assert response.status_code == 200
    assert "lc.canbo" in response.content.decode()
    response = client.post(url, _new_user_data(password="123", organisation=org("LC").pk))
    assert response.status_code == 200
    assert not User.objects.filter(username="lc.moi").exists()


def test_a_unit_outside_the_subtree_is_not_offered(org):
    response = _as("lc.quantri").post(
        reverse("orgs:user_create", args=["LC"]), _new_user_data(organisation=org("QB-SXD").pk)
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="lc.moi").exists()


def test_give_and_withdraw_a_role(personas, org):
    officer = personas["officer_a"]
    client = _as("lc.quantri")
    url = reverse("orgs:user", args=["LC", officer.pk])
    unit = org("LC-SGDDT")
    response = client.post(url, {"op": "grant", "organisation": unit.pk, "role": Role.UNIT_HEAD})
    assert response.status_code == 302
    granted = Membership.objects.get(user=officer, organisation=unit, role=Role.UNIT_HEAD)
    assert AuditEntry.objects.filter(action="membership.grant").exists()
    response = client.post(url, {"op": "revoke", "membership": granted.pk, "reason": "Nhầm"})
    assert response.status_code == 302
    granted.refresh_from_db()
    assert granted.active is False
    assert AuditEntry.objects.get(action="membership.revoke").reason == "Nhầm"


def test_deactivate_needs_a_reason_then_reactivate(personas):
    officer = personas["officer_a"]
    client = _as("lc.quantri")
    url = reverse("orgs:user", args=["LC", officer.pk])
    client.post(url, {"op": "deactivate", "reason": ""})
    officer.refresh_from_db()
    assert officer.is_active is True
    client.post(url, {"op": "deactivate", "reason": "Chuyển công tác"})
    officer.refresh_from_db()
    assert officer.is_active is False
    assert AuditEntry.objects.get(action="user.deactivate").reason == "Chuyển công tác"
    client.post(url, {"op": "activate"})
    officer.refresh_from_db()
    assert officer.is_active is True
    assert AuditEntry.objects.filter(action="user.activate").count() == 1


def test_the_one_time_link_sets_a_new_password_once(personas):
    officer = personas["officer_a"]
    response = _as("lc.quantri").post(
        reverse("orgs:user", args=["LC", officer.pk]), {"op": "reset"}, follow=True
    )
    text = response.content.decode()
    link = text[text.index("/accounts/reset/") :].split()[0].split("<")[0]
    assert AuditEntry.objects.filter(action="user.password_link").count() == 1
    anonymous = Client()
    page = anonymous.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = anonymous.post(
        form_url, {"new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"}
    )
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Mat-khau-moi-2026!")
    assert "new_password1" not in anonymous.get(link, follow=True).content.decode()


@pytest.mark.parametrize(
    ("username", "status"), [("qb.quantri", 404), ("lc.canbo", 403), ("lc.snv", 403)]
)
def test_refused_to_another_provinces_administrator_and_to_non_administrators(
    personas, username, status
):
    officer = personas["head_a"]
    client = _as(username)
    assert client.get(reverse("orgs:users", args=["LC-SYT"])).status_code == status
    response = client.post(
        reverse("orgs:user", args=["LC-SYT", officer.pk]), {"op": "deactivate", "reason": "x"}
    )
    assert response.status_code == status
    officer.refresh_from_db()
    assert officer.is_active is True


def test_a_user_outside_the_subtree_is_not_found(personas):
    client = _as("lc.quantri")
    url = reverse("orgs:user", args=["LC", personas["qb_officer"].pk])
    assert client.get(url).status_code == 404


def test_the_users_are_listed_in_vietnamese_name_order(personas):
    """Given name first, then family and middle names, letters in Vietnamese order (Đ after D),
    as everywhere else in the product; not by family name in code-point order."""
    from dienhinh.core.text import name_sort_key

    response = _as("lc.quantri").get(reverse("orgs:users", args=["LC"]))
    listed = list(response.context["page"].object_list)
    assert len(listed) > 5
    expected = sorted(listed, key=lambda u: (name_sort_key(u.get_full_name()), u.username))
    assert [u.username for u in listed] == [u.username for u in expected]
    assert [u.last_name for u in listed] != sorted(u.last_name for u in listed)


def test_the_users_search_finds_names_with_or_without_diacritics(org):
    client = _as("lc.quantri")
    assert (
        client.post(
            reverse("orgs:user_create", args=["LC"]),
            _new_user_data(organisation=org("LC-SYT").pk, last_name="Đặng Thị", first_name="Hằng"),
        ).status_code
        == 302
    )
    url = reverse("orgs:users", args=["LC"])
    for query in ("dang thi hang", "Đặng Hằng", "hang", "lc.moi", "mai.nt@example"):
        assert "lc.moi" in client.get(url, {"q": query}).content.decode(), query
    # A word must start a word: "ang" is inside "Đặng" and "Hằng" but starts neither.
    for query in ("ang", "dang van"):
        assert "lc.moi" not in client.get(url, {"q": query}).content.decode(), query
    # A rename is searchable at once, even when saved with the changed fields only.
    user = User.objects.get(username="lc.moi")
    user.first_name = "Thảo"
    user.save(update_fields=["first_name"])
    assert "lc.moi" in client.get(url, {"q": "thao"}).content.decode()
    assert "lc.moi" not in client.get(url, {"q": "hang"}).content.decode()
