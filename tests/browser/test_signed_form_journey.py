"""The head signs the registration form in the product, then approves; the standing agency
sees the signature verified on the registration and on its signed-form page (issue 16).

The program requires the signed form for the head's approval (its setting), so the head's first
attempt is refused with the message. The demo CA and the demo heads' keys come from
`make_demo_keys` (the `demo_keys` fixture); the registration is prepared with the domain
functions, the signing, the approval and the reading go through the pages.
"""

import pytest
from django.contrib.auth import get_user_model

from dienhinh.orgs.models import Organisation
from dienhinh.programs.domain import editing
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import candidates, registrations, workflow
from dienhinh.registrations.enums import RegistrationStatus
from dienhinh.registrations.models import Registration
from tests.browser.conftest import login, submit_confirmed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Khoa Hồi sức tích cực – Bệnh viện Đa khoa tỉnh"
HEAD = "Hoàng Văn Thắng"  # the demo head of Sở Y tế tỉnh Lai Châu, whose key signs


def _awaiting_approval() -> Registration:
    users = get_user_model().objects.in_bulk(["lc.canbo", "lc.snv"], field_name="username")
    program = Program.objects.get(code="lai-chau-2533")
    editing.update_program(program, actor=users["lc.snv"], approval_requires_signed_form=True)
    unit = Organisation.objects.get(code="LC-SYT")
    candidate = candidates.create_candidate(
        actor=users["lc.canbo"],
        program=program,
        organisation=unit,
        subject_type="collective",
        name=NAME,
        field=program.fields.first(),
    )
    years = set(program.registrations.filter(organisation=unit).values_list("year", flat=True))
    year = next(y for y in range(program.period_start.year, 2100) if y not in years)
    registration = registrations.create_registration(
        actor=users["lc.canbo"], program=program, organisation=unit, year=year
    )
    registrations.set_entries(
        registration, actor=users["lc.canbo"], candidates=[candidate], notes="", version=None
    )
    return workflow.transition(registration, "request_approval", actor=users["lc.canbo"])


def _switch_user(page, username) -> None:
    page.context.clear_cookies()
    login(page, username)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _approve(page, registration_id: int) -> None:
    page.goto(f"/registrations/{registration_id}/")
    form = page.locator('form[action$="/move/"]')
    submit_confirmed(page, form.locator('button[name=action][value="approve"]'))


def test_head_signs_the_form_approves_and_the_standing_agency_sees_it_verified(page, demo_keys):
    registration = _awaiting_approval()

    # Without the signed form the head's approval is refused, with the reason.
    _switch_user(page, "lc.thutruong")
    _approve(page, registration.pk)
    assert "yêu cầu biểu đăng ký đã ký số" in page.locator(".messages").inner_text()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.AWAITING_APPROVAL

    # The head goes from the registration to its form page and signs with the unit's key.
    page.locator("#form-page").click()
    page.wait_for_url("**/documents/form/**")
    with page.expect_navigation():
        page.locator('form[action$="/sign/"] button[type=submit]').click()
    signed_row = page.locator("table.table tbody tr").first
    assert "Chữ ký hợp lệ" in signed_row.inner_text()

    # Now the approval goes through.
    _approve(page, registration.pk)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SUBMITTED

    # The standing agency opens the registration and its signed form: verified, by the head.
    _switch_user(page, "lc.snv")
    page.goto(f"/registrations/{registration.pk}/")
    on_registration = page.locator("#signed-form")
    assert on_registration.locator(".badge--green").inner_text() == "Chữ ký hợp lệ"
    assert HEAD in on_registration.text_content()
    page.locator("#form-page").click()
    page.wait_for_url("**/documents/form/**")
    row = page.locator("table.table tbody tr").first
    assert row.locator(".badge--green").inner_text() == "Chữ ký hợp lệ"
    assert HEAD in row.text_content()  # in the badge's details
