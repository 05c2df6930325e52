"""Each role is told of the move it waits on, in the notification centre, through the pages.

The unit officer of the Department of Health (LC-SYT) asks the head to approve a registration of
two candidates; the head sees the count in the header and the notice, opens it and approves; the
standing agency is told of the submission and accepts one entry, returning the other with a
reason; the officer sees the notice with that reason. A council member hears of none of it.
"""

import re

import pytest

from dienhinh.orgs.models import Organisation
from dienhinh.registrations.models import Registration
from tests.browser.conftest import login, submit_confirmed
from tests.registrations import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Thiếu quyết định công nhận sáng kiến cấp tỉnh."


def _switch_user(page, username) -> None:
    page.context.clear_cookies()
    login(page, username)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _free_year(program, unit) -> int:
    taken = set(
        Registration.objects.filter(program=program, organisation=unit).values_list(
            "year", flat=True
        )
    )
    years = [*range(program.period_end.year, program.period_start.year - 1, -1)]
    years += list(range(program.period_end.year + 1, 2100))
    return next(y for y in years if y not in taken)


def _unread(page) -> str:
    badge = page.locator("header a.notification-count .badge")
    return badge.inner_text().split()[0] if badge.count() else "0"


def _move(page, registration_id, action, entry_reasons=None):
    page.goto(f"/registrations/{registration_id}/")
    form = page.locator('form[action$="/move/"]')
    for entry_id, text in (entry_reasons or {}).items():
        form.locator(f"input[name=entry_reason_{entry_id}]").fill(text)
    submit_confirmed(page, form.locator(f'button[name=action][value="{action}"]'))
    page.wait_for_url(f"**/registrations/{registration_id}/")


def test_each_role_is_notified_of_the_move_it_waits_on(page):
    program = f.program()
    unit = Organisation.objects.get(code="LC-SYT")
    year = _free_year(program, unit)
    first = f.candidate("LC-SYT", "Khoa Dược – Bệnh viện Đa khoa tỉnh", "collective")
    second = f.candidate("LC-SYT", "Vũ Thị Ngọc Ánh")
    reg = f.registration("LC-SYT", [first, second], year=year)
    returned = reg.entries.get(candidate=second)

    # The officer asks the head to approve.
    _switch_user(page, "lc.canbo")
    _move(page, reg.pk, "request_approval")

    # The head sees one more unread notice, reads it, opens the registration and approves.
    _switch_user(page, "lc.thutruong")
    before = int(_unread(page))
    assert before >= 1
    page.goto("/notifications/")
    notice = page.locator(
        "li.notification--unread",
        has_text=f"Sở Y tế tỉnh Lai Châu đề nghị duyệt bản đăng ký tham gia 2533/HD-UBND ({year})",
    ).first
    assert "Nguyễn Thị Hằng" in notice.inner_text()
    with page.expect_navigation():
        notice.get_by_role("button", name="Mở").click()
    assert page.url.endswith(f"/registrations/{reg.pk}/")
    assert int(_unread(page)) == before - 1
    _move(page, reg.pk, "approve")

    # The standing agency is told of the submission; accepts one entry, returns the other.
    _switch_user(page, "lc.snv")
    page.goto("/notifications/?show=unread")
    assert (
        page.locator(
            "li.notification",
            has_text=f"Sở Y tế tỉnh Lai Châu đã gửi bản đăng ký tham gia 2533/HD-UBND ({year})",
        ).count()
        == 1
    )
    _move(page, reg.pk, "accept", entry_reasons={returned.pk: REASON})

    # The officer sees the decision, the returned entry and its reason.
    _switch_user(page, "lc.canbo")
    page.goto("/notifications/")
    notice = page.locator(
        "li.notification", has_text=f"2533/HD-UBND ({year}) của đơn vị được chấp nhận một phần"
    ).first
    text = notice.inner_text()
    assert f"Vũ Thị Ngọc Ánh: {REASON}" in text
    assert "Khoa Dược – Bệnh viện Đa khoa tỉnh" in text
    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    page.wait_for_url("**/notifications/")
    assert _unread(page) == "0"

    # A council member hears of none of it.
    _switch_user(page, "lc.hoidong")
    page.goto("/notifications/")
    assert not re.search("Sở Y tế", page.locator("ul.notification-list").inner_text())
