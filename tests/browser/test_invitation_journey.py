"""The province's administrator (lc.quantri) invites a new officer by e-mail; the invitee opens
the link, sets their name and password and lands signed in with the role; a user created with a
password chosen by the administrator must choose their own at first sign-in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from dienhinh.orgs.models import Membership, Organisation
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _fresh_page(page):
    """Another browser (its own cookies) on the same server."""
    origin = "/".join(page.url.split("/", 3)[:3])
    context = page.context.browser.new_context(locale="vi-VN", base_url=origin)
    return context.new_page()


def test_an_invited_officer_joins_and_a_created_user_changes_the_password(page, tmp_path):
    health = Organisation.objects.get(code="LC-SYT")
    login(page, "lc.quantri")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/orgs/LC/users/")
    page.get_by_role("link", name="Mời qua thư điện tử").click()
    page.locator("[name=email]").fill("mai.nt@example.vn")
    page.locator("[name=organisation]").select_option(str(health.pk))
    page.locator("[name=role]").select_option("unit_officer")
    page.locator("[name=title]").fill("Chuyên viên")
    page.screenshot(path=str(tmp_path / "1-invite-form.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi lời mời").click()
    assert "Lời mời đang được gửi tới mai.nt@example.vn" in page.content()
    page.screenshot(path=str(tmp_path / "2-pending.png"), full_page=True)
    (message,) = [m for m in mail.outbox if m.to == ["mai.nt@example.vn"]]
    link = re.search(r"http://\S+(/accounts/invitation/[\w-]+/)", message.body).group(1)

    invitee = _fresh_page(page)
    invitee.goto(link)
    assert "Quản trị" in invitee.content() or "mời bạn" in invitee.content()
    invitee.locator("[name=last_name]").fill("Nguyễn Thị")
    invitee.locator("[name=first_name]").fill("Mai")
    invitee.locator("[name=username]").fill("mai.nt")
    invitee.locator("[name=password1]").fill("Mat-khau-cua-Mai-2026")
    invitee.locator("[name=password2]").fill("Mat-khau-cua-Mai-2026")
    invitee.screenshot(path=str(tmp_path / "3-accept-form.png"), full_page=True)
    with invitee.expect_navigation():
        invitee.get_by_role("button", name="Tạo tài khoản của tôi").click()
    assert "Chào mừng Nguyễn Thị Mai" in invitee.content()
    invitee.screenshot(path=str(tmp_path / "4-signed-in.png"), full_page=True)
    user = get_user_model().objects.get(username="mai.nt")
    assert Membership.objects.filter(user=user, organisation=health, active=True).exists()
    # The link works once.
    invitee.goto(link)
    assert "đã được dùng" in invitee.content()
    invitee.screenshot(path=str(tmp_path / "5-used-link.png"), full_page=True)
    invitee.context.close()

    # A user created with a password the administrator chose changes it at first sign-in.
    page.goto("/orgs/LC/users/new/")
    page.locator("[name=username]").fill("lc.moi")
    page.locator("[name=last_name]").fill("Lò Văn")
    page.locator("[name=first_name]").fill("Minh")
    page.locator("[name=organisation]").select_option(str(health.pk))
    page.locator("[name=role]").select_option("unit_officer")
    page.locator("[name=password]").fill("Quan-tri-dat-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo người dùng").click()
    newcomer = _fresh_page(page)
    login(newcomer, "lc.moi", "Quan-tri-dat-2026")
    newcomer.wait_for_url(lambda url: "/accounts/password/change/" in url)
    assert "do quản trị viên đặt" in newcomer.content()
    newcomer.screenshot(path=str(tmp_path / "6-forced-change.png"), full_page=True)
    newcomer.goto("/registrations/")
    assert "/accounts/password/change/" in newcomer.url
    newcomer.locator("[name=old_password]").fill("Quan-tri-dat-2026")
    newcomer.locator("[name=new_password1]").fill("Mat-khau-cua-Minh-2026")
    newcomer.locator("[name=new_password2]").fill("Mat-khau-cua-Minh-2026")
    with newcomer.expect_navigation():
        newcomer.get_by_role("button", name="Lưu").click()
    assert "/accounts/password/change/" not in newcomer.url
    newcomer.screenshot(path=str(tmp_path / "7-after-change.png"), full_page=True)
    newcomer.goto("/registrations/")
    assert "/accounts/password/change/" not in newcomer.url
    newcomer.context.close()
