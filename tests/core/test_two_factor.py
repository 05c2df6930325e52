"""Two-factor sign-in through HTTP: set up, sign in with password then code, recovery codes,
turn off with the password, codes throttled like passwords, a role that requires it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dienhinh.core import totp, twofactor
from dienhinh.core.models import AuditEntry, RecoveryCode, TwoFactor
from dienhinh.demo.organisations import DEMO_PASSWORD
from dienhinh.orgs import domain as orgs
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Organisation

NOW = 1_900_000_000.0


@pytest.fixture
def clock(monkeypatch):
    """The time codes are checked against; `clock.at(t)` moves it."""

    class Clock:
        now = NOW

        def at(self, value):
            self.now = value

    c = Clock()
    monkeypatch.setattr(twofactor, "clock", lambda: c.now)
    return c


def _code(user, at):
    return totp.totp(totp._key(TwoFactor.objects.get(user=user).secret), at)


def _user(name="lc.canbo"):
    return get_user_model().objects.get(username=name)


def _enrol(client, user, clock):
    page = client.get("/accounts/two-factor/enrol/")
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    response = client.post("/accounts/two-factor/enrol/", {"code": _code(user, clock.now)})
    assert response.status_code == 200
    return re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.content.decode())


def _login(address="10.1.0.1", username="lc.canbo"):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    return client, response


def test_enrolment_needs_a_right_code_first(db, client_for, clock):
    client = client_for("officer_a")
    client.get("/accounts/two-factor/enrol/")
    response = client.post("/accounts/two-factor/enrol/", {"code": "000000"})
    assert "Mã không đúng" in response.content.decode()
    assert not twofactor.is_enabled(_user())
    codes = _enrol(client, _user(), clock)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert twofactor.is_enabled(_user())
    # Only hashes are kept.
    stored = set(RecoveryCode.objects.filter(user=_user()).values_list("code_hash", flat=True))
    assert not stored & set(codes) and len(stored) == 10
    assert AuditEntry.objects.filter(action="two_factor.enable", actor=_user()).exists()


def test_sign_in_asks_for_the_code_after_the_password(db, client_for, clock):
    user = _user()
    _enrol(client_for("officer_a"), user, clock)
    client, response = _login()
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    # Not signed in yet: pages still lead to the sign-in.
    assert "/accounts/login/" in client.get("/programs/").get("Location", "")
    wrong = client.post("/accounts/login/code/", {"code": "123456"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    clock.at(NOW + 30)
    right = client.post("/accounts/login/code/", {"code": _code(user, NOW + 30)})
    assert right.status_code == 302 and right["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_code_is_not_accepted_twice(db, client_for, clock):
    user = _user()
    _enrol(client_for("officer_a"), user, clock)
    clock.at(NOW + 30)
    first, _ = _login()
    assert first.post("/accounts/login/code/", {"code": _code(user, NOW + 30)}).status_code == 302
    second, _ = _login()
    again = second.post("/accounts/login/code/", {"code": _code(user, NOW + 30)})
    assert again.status_code == 200


def test_a_recovery_code_signs_in_once(db, client_for, clock):
    user = _user()
    codes = _enrol(client_for("officer_a"), user, clock)
    client, _ = _login()
    assert client.post("/accounts/login/code/", {"code": codes[0]}).status_code == 302
    other, _ = _login()
    assert other.post("/accounts/login/code/", {"code": codes[0]}).status_code == 200
    assert twofactor.recovery_codes_left(user) == 9
    assert AuditEntry.objects.filter(action="two_factor.recovery_used").exists()


def test_code_guesses_are_throttled(db, client_for, clock, settings):
    user = _user()
    _enrol(client_for("officer_a"), user, clock)
    client, _ = _login()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/accounts/login/code/", {"code": "000000"})
    clock.at(NOW + 30)
    locked = client.post("/accounts/login/code/", {"code": _code(user, NOW + 30)})
    assert locked.status_code == 200 and "quá nhiều lần" in locked.content.decode()


def test_code_guesses_from_many_addresses_stop_at_the_account_limit(
    db, client_for, clock, settings
):
    settings.LOGIN_CODE_ACCOUNT_LIMIT = 6
    user = _user()
    _enrol(client_for("officer_a"), user, clock)
    for i in range(6):
        client, _ = _login(f"10.2.0.{i}")
        client.post("/accounts/login/code/", {"code": "000000"})
    clock.at(NOW + 30)
    client, _ = _login("10.2.1.1")
    locked = client.post("/accounts/login/code/", {"code": _code(user, NOW + 30)})
    assert "quá nhiều lần" in locked.content.decode()


def test_the_code_page_without_a_right_password_leads_to_sign_in(db):
    response = Client().get("/accounts/login/code/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_turning_off_needs_the_password(db, client_for, clock):
    client = client_for("officer_a")
    _enrol(client, _user(), clock)
    client.post("/accounts/two-factor/disable/", {"password": "wrong"})
    assert twofactor.is_enabled(_user())
    client.post("/accounts/two-factor/disable/", {"password": DEMO_PASSWORD})
    assert not twofactor.is_enabled(_user())
    assert not RecoveryCode.objects.filter(user=_user()).exists()
    assert AuditEntry.objects.filter(action="two_factor.disable").exists()
    _client, response = _login()
    assert response["Location"] == "/"


def test_new_recovery_codes_replace_the_old(db, client_for, clock):
    client = client_for("officer_a")
    old = _enrol(client, _user(), clock)
    response = client.post("/accounts/two-factor/recovery-codes/", {"password": DEMO_PASSWORD})
    new = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    signin, _ = _login()
    assert signin.post("/accounts/login/code/", {"code": old[0]}).status_code == 200


def test_the_admin_signs_in_through_the_products_page(db):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_required_role_sets_up_before_anything_else(db, clock):
    province = Organisation.objects.get(code="LC")
    orgs.set_two_factor_roles(
        province, actor=_user("lc.quantri"), roles=[Role.STANDING_OFFICER, Role.ADMINISTRATOR]
    )
    client, response = _login(username="lc.snv")
    assert response.status_code == 302
    assert client.get("/programs/")["Location"] == "/accounts/two-factor/enrol/"
    page = client.get("/accounts/two-factor/enrol/")
    assert "vai trò của bạn" in page.content.decode().lower()
    user = _user("lc.snv")
    client.post("/accounts/two-factor/enrol/", {"code": _code(user, NOW)})
    assert client.get("/programs/").status_code == 200
    # The rule forbids turning it off.
    client.post("/accounts/two-factor/disable/", {"password": DEMO_PASSWORD})
    assert twofactor.is_enabled(user)
    # A unit officer under the same province is not required.
    officer, _ = _login(username="lc.canbo")
    assert officer.get("/programs/").status_code == 200


def test_required_superusers_by_setting(db, settings):
    settings.TWO_FACTOR_SUPERUSERS = True
    client = Client()
    client.force_login(_user("admin"))
    assert client.get("/")["Location"] == "/accounts/two-factor/enrol/"
