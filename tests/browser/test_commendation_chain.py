"""Honours only through the chain, as a standing officer meets it: an exemplar that is not
eligible and was never put to a vote is refused with a clear message; the officer then records
the commendation as an override with a reason, which the decision and the audit show in words;
revoking the honour asks first.

Screenshots of each step go to $SCREENSHOT_DIR when it is set."""

import os
from pathlib import Path

import pytest

from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import AnnualRating
from tests.browser.conftest import login, submit_confirmed
from tests.honours import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Hợp tác xã chè Tân Uyên"


def _shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _submit(page, button):
    with page.expect_navigation():
        button.click()


def _fill_decision(page, exemplar, number):
    form = page.locator("form.form")
    form.locator("select[name=program]").select_option(str(exemplar.program_id))
    form.locator("input[name=number]").fill(number)
    form.locator("input[name=date]").fill("15/04/2025")
    form.locator("input[name=authority]").fill("Chủ tịch UBND tỉnh Lai Châu")
    form.locator("select[name=form]").select_option("bang_khen")
    form.locator("input[name=amount]").fill("2000000")
    box = form.locator(f'input[name=exemplars][value="{exemplar.pk}"]')
    if not box.is_checked():
        box.check()
    return form


def test_refused_commendation_then_override_with_reason(page):
    exemplar = factories.exemplar(
        "LC-SYT", state=ExemplarState.RECOGNISED, name=NAME, subject_type="individual"
    )
    exemplar.candidate.rated = True
    exemplar.candidate.save(update_fields=["rated"])
    for year in range(2020, 2025):
        AnnualRating.objects.create(candidate=exemplar.candidate, year=year, level="kht")

    login(page, "lc.snv")
    page.goto("/honours/decisions/new/")
    form = _fill_decision(page, exemplar, "88/QĐ-UBND")
    _submit(page, form.locator("button[type=submit]"))
    alert = page.locator(".messages, [role=alert]").first.inner_text()
    assert NAME in alert
    assert "chưa được hội đồng bình chọn" in alert
    assert "Không đạt tiêu chuẩn" in alert
    assert "lý do" in alert
    _shot(page, "1-refused")
    exemplar.refresh_from_db()
    assert exemplar.state == ExemplarState.RECOGNISED and not exemplar.honours.exists()

    # A date in the future is named on its field.
    form = _fill_decision(page, exemplar, "88/QĐ-UBND")
    form.locator("input[name=date]").fill("10/12/2030")
    _submit(page, form.locator("button[type=submit]"))
    assert "10/12/2030" in page.locator("form.form").inner_text()
    _shot(page, "2-future-date")

    # The override with its reason.
    form = _fill_decision(page, exemplar, "88/QĐ-UBND")
    form.locator("[name=override_reason]").fill("Dũng cảm cứu người trong lũ ngày 10/04/2025")
    _submit(page, form.locator("button[type=submit]"))
    page.wait_for_url("**/honours/decisions/*/")
    override = page.locator("#override").inner_text()
    assert "Dũng cảm cứu người trong lũ" in override
    assert "Bằng khen" in page.locator("main").inner_text()
    _shot(page, "3-override")
    exemplar.refresh_from_db()
    assert exemplar.state == ExemplarState.COMMENDED

    # The audit trail in words.
    page.goto(f"/audit/?object={NAME}")
    trail = page.locator("main").inner_text()
    assert "exemplar.commend" not in trail and "state:" not in trail
    assert "Đã khen thưởng" in trail or "Khen thưởng" in trail
    _shot(page, "4-audit")

    # Revoking asks first, and says what will happen.
    page.goto(page.url.split("/audit/")[0] + "/honours/decisions/")
    page.goto(f"/honours/decisions/{exemplar.honours.get().decision_id}/")
    revoke = page.locator('form[action$="/revoke/"]')
    revoke.locator("input[name=reason]").fill("Khai man hồ sơ")
    revoke.locator("button[type=submit]").click()
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    assert "Không thể hoàn tác" in dialog.inner_text()
    _shot(page, "5-confirm-revoke")
    dialog.locator("button[value=cancel]").click()
    assert not exemplar.honours.get().is_revoked  # cancelled: nothing happened
    submit_confirmed(page, revoke.locator("button[type=submit]"))
    assert exemplar.honours.get().is_revoked
    _shot(page, "6-revoked")
