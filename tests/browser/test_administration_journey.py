"""The province's administrator (lc.quantri) works without the Django admin: creates a user with
a role, gives them a second role, moves a unit in the organisation tree (confirmed, dated today)
and edits a program's quota."""

import pytest
from django.contrib.auth import get_user_model

from dienhinh.core.models import AuditEntry
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.programs.models import Program
from tests.browser.conftest import login, submit_confirmed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_manages_users_the_tree_and_a_quota(page):
    login(page, "lc.quantri")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    health = Organisation.objects.get(code="LC-SYT")
    interior = Organisation.objects.get(code="LC-SNV")

    # A new user with their first role.
    page.goto("/orgs/LC/users/")
    page.get_by_role("link", name="Người dùng mới").click()
    page.locator("[name=username]").fill("lc.moi")
    page.locator("[name=last_name]").fill("Nguyễn Thị")
    page.locator("[name=first_name]").fill("Mai")
    page.locator("[name=organisation]").select_option(str(health.pk))
    page.locator("[name=role]").select_option("unit_officer")
    page.locator("[name=password]").fill("Mat-khau-rat-dai-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo người dùng").click()
    assert "Đã tạo người dùng." in page.content()
    user = get_user_model().objects.get(username="lc.moi")

    # A second role, on the Department of Home Affairs.
    page.locator("form:has(input[value=grant]) [name=organisation]").select_option(str(interior.pk))
    page.locator("form:has(input[value=grant]) [name=role]").select_option("unit_head")
    with page.expect_navigation():
        page.get_by_role("button", name="Giao vai trò").click()
    assert "Đã giao vai trò." in page.content()
    assert Membership.objects.filter(user=user, organisation=interior, role="unit_head").exists()

    # A unit of the Department of Health moves under the Department of Home Affairs.
    unit = health.children.filter(status="active").order_by("pk").first()
    page.goto("/orgs/tree/?q=" + unit.code)
    page.locator(f'a[href="/orgs/{unit.code}/restructure/?action=move"]').click()
    assert page.locator("[name=action]").input_value() == "move"
    page.locator("[name=target]").select_option(str(interior.pk))
    submit_confirmed(page, page.get_by_role("button", name="Ghi nhận thay đổi"))
    unit.refresh_from_db()
    assert unit.parent_id == interior.pk
    moved = AuditEntry.objects.filter(action="org.move").latest("pk")
    assert (moved.object_id, moved.actor.username) == (str(unit.pk), "lc.quantri")

    # The province program's quota.
    program = Program.objects.get(code="lai-chau-2533")
    page.goto(f"/programs/{program.code}/quotas/")
    field = page.locator("[name=quotas-0-min_individual]")
    new = str(int(field.input_value() or 0) + 1)
    field.fill(new)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").first.click()
    quota = AuditEntry.objects.filter(action="program.quota.update").latest("pk")
    assert quota.actor.username == "lc.quantri"
    page.goto(f"/programs/{program.code}/quotas/")
    assert page.locator("[name=quotas-0-min_individual]").input_value() == new
