"""Browser tests: Playwright's Python API driving Debian's Chromium against the live server."""

import io
import os
import shutil
import tempfile

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Debian's Chromium is needed for the browser tests: apt-get install chromium "
            "(or set CHROMIUM_PATH)."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the fixtures' ORM calls are still
    # made synchronously, one at a time.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    profile = tempfile.mkdtemp(prefix="dienhinh-chromium-")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(chromium, live_server, transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    context = chromium.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def login(page, username, password=None):
    from dienhinh.demo.organisations import DEMO_PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def submit_confirmed(page, button):
    """Click a button whose form asks first (static/js/confirm.js), then confirm in the native
    dialog and wait for the page the server answers with."""
    button.click()
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    with page.expect_navigation():
        dialog.locator("button[data-confirm-ok]").click()
