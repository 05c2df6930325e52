"""Sign-in throttling protects users: per (user name, address) pair, a higher per-address limit."""

import datetime
import secrets
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from dienhinh.core import auth
from dienhinh.demo.organisations import DEMO_PASSWORD

LOCKED = "Đăng nhập sai quá nhiều lần"


WRONG = "wrong"


def _post(address, username, password=WRONG, path="/accounts/login/"):
    client = Client(REMOTE_ADDR=address)
    return client.post(path, {"username": username, "password": password})


def _fail(address, username, times):
    for _ in range(times):
        assert _post(address, username).status_code == 200


def test_the_pair_is_locked_after_the_limit(db, settings):
    _fail("10.0.0.1", "lc.canbo", settings.LOGIN_FAILURE_LIMIT)
    response = _post("10.0.0.1", "lc.canbo", DEMO_PASSWORD)
    assert response.status_code == 200 and LOCKED in response.content.decode()


def test_a_lock_from_one_address_leaves_the_user_free_from_another(db, settings):
    _fail("203.0.113.9", "lc.hoidong", settings.LOGIN_FAILURE_LIMIT + 3)
    assert LOCKED in _post("203.0.113.9", "lc.hoidong", DEMO_PASSWORD).content.decode()
    assert _post("10.0.0.7", "lc.hoidong", DEMO_PASSWORD).status_code == 302


def test_one_users_typos_do_not_lock_a_colleague_at_the_same_address(db, settings):
    _fail("10.0.0.2", "lc.tamduong.truong", settings.LOGIN_FAILURE_LIMIT)
    assert _post("10.0.0.2", "lc.canbo", DEMO_PASSWORD).status_code == 302


def test_made_up_names_lock_the_address_only_at_the_higher_limit(db, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12
    for i in range(11):
        _post("10.0.0.3", f"guess{i}")
    assert _post("10.0.0.3", "lc.canbo", DEMO_PASSWORD).status_code == 302
    for i in range(12):
        _post("10.0.0.3", f"guess{i}")
    assert LOCKED in _post("10.0.0.3", "lc.quantri", DEMO_PASSWORD).content.decode()
    assert _post("10.0.0.4", "lc.quantri", DEMO_PASSWORD).status_code == 302


def test_a_success_resets_the_counters(db, settings):
    _fail("10.0.0.5", "lc.canbo", settings.LOGIN_FAILURE_LIMIT - 1)
    assert _post("10.0.0.5", "lc.canbo", DEMO_PASSWORD).status_code == 302
    _fail("10.0.0.5", "lc.canbo", settings.LOGIN_FAILURE_LIMIT - 1)
    assert _post("10.0.0.5", "lc.canbo", DEMO_PASSWORD).status_code == 302


def test_the_lock_lasts_what_the_message_says(db, settings, monkeypatch):
    settings.LOGIN_LOCK_SECONDS = 15 * 60
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    _fail("10.0.0.6", "lc.canbo", settings.LOGIN_FAILURE_LIMIT)
    assert "15 phút" in _post("10.0.0.6", "lc.canbo", DEMO_PASSWORD).content.decode()
    # Attempts while locked do not extend the lock.
    later = start + datetime.timedelta(minutes=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    _fail("10.0.0.6", "lc.canbo", 3)
    assert "5 phút" in _post("10.0.0.6", "lc.canbo", DEMO_PASSWORD).content.decode()
    almost = start + datetime.timedelta(minutes=14, seconds=59)
    monkeypatch.setattr(timezone, "now", lambda: almost)
    assert LOCKED in _post("10.0.0.6", "lc.canbo", DEMO_PASSWORD).content.decode()
    over = start + datetime.timedelta(minutes=15)
    monkeypatch.setattr(timezone, "now", lambda: over)
    assert _post("10.0.0.6", "lc.canbo", DEMO_PASSWORD).status_code == 302


def test_the_admin_sign_in_is_the_products_throttled_one(db, settings):
    _fail("10.0.0.8", "admin", settings.LOGIN_FAILURE_LIMIT)
    # The admin's own page checks no password: it leads to the product's (second factor too).
    admin = _post("10.0.0.8", "admin", "dienhinh-admin-2026", path="/admin/login/")
    assert admin.status_code == 302 and admin["Location"].startswith("/accounts/login/")
    response = _post("10.0.0.8", "admin", "dienhinh-admin-2026")
    assert response.status_code == 200 and LOCKED in response.content.decode()


def test_the_forwarded_address_counts_behind_a_trusted_proxy(db, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1").post(
            "/accounts/login/", {"username": "lc.canbo", "password": "wrong"}
        )
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    response = other.post("/accounts/login/", {"username": "lc.canbo", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def _in_threads(count, target):
    """Run target(i) in `count` threads at once, each on its own database connection."""
    barrier = threading.Barrier(count)

    def run(i):
        try:
            barrier.wait()
            target(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


needs_connections = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the test database is in-memory SQLite, one connection; runs on PostgreSQL",
)


@needs_connections
def test_parallel_guesses_get_no_more_checks_than_the_limit(db, settings):
    # The threads commit on their own connections (the demo users are committed already).
    # An address of its own, with no counter left from anything before (they are committed).
    address = f"10.9.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    _in_threads(1, lambda i: auth.succeeded("lc.hoidong", address))
    checked = []
    verdicts = []

    def guess(i):
        verdict = auth.begin_attempt("lc.hoidong", address, timezone.now())
        verdicts.append(verdict)
        if verdict.allowed:
            checked.append(i)
            get_user_model().objects.get(username="lc.hoidong").check_password(f"x{i}")
            auth.failed("lc.hoidong", address, timezone.now())

    _in_threads(20, guess)
    _in_threads(1, lambda i: auth.succeeded("lc.hoidong", address))
    # Every thread answered (none died on its connection), and the limit held.
    assert len(verdicts) == 20, verdicts
    assert 1 <= len(checked) <= settings.LOGIN_FAILURE_LIMIT, (
        settings.LOGIN_FAILURE_LIMIT,
        verdicts,
    )


def test_a_colleagues_sign_in_at_the_same_moment_is_no_server_error(db, monkeypatch):
    """Two people behind one office address sign in at once: the one who succeeds first resets
    the address's counter while the other's attempt is being counted (found under load)."""
    real_row = auth._row

    def row_then_colleague_succeeds(key):
        row = real_row(key)
        auth.succeeded("lc.snv", "10.0.0.9")  # deletes the shared address counter
        return row

    monkeypatch.setattr(auth, "_row", row_then_colleague_succeeds)
    response = _post("10.0.0.9", "lc.canbo", DEMO_PASSWORD)
    assert response.status_code == 302
