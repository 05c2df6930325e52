"""A unit's registration from drafting to acceptance, with a return on the way, through the pages.

The unit officer of the Department of Health (LC-SYT) records a collective and an individual that
meet the standards and a household that misses a cultural-family year (the eligibility panel says
so), opens a registration for a year the unit has none in, and asks the head to approve. The head
approves and submits; the standing agency returns the household with a reason; the officer sees
the reason, takes the household out and asks again; the head approves; the standing agency
accepts; the quota dashboard then shows the department's quota as met.

Selectors are form field names, button values, form actions and ids; a few Vietnamese texts the
user reads are asserted as well.
"""

import re

import pytest

from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import EntryStatus, ExemplarState, RegistrationStatus
from dienhinh.registrations.models import Entry, Exemplar, Registration
from tests.browser.conftest import login, submit_confirmed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROGRAM = "lai-chau-2533"
UNIT = "LC-SYT"
COLLECTIVE = "Khoa Khám bệnh – Bệnh viện Đa khoa tỉnh"
INDIVIDUAL = "Lò Thị Thanh Huyền"
HOUSEHOLD = "Hộ ông Lò Văn Sáng"
RETURN_REASON = "Hộ gia đình chưa đủ 05 năm được công nhận gia đình văn hóa."


def _submit(page, button) -> None:
    """Click a submit button and wait for the page the server answers with."""
    with page.expect_navigation():
        button.click()


def _switch_user(page, username) -> None:
    page.context.clear_cookies()
    login(page, username)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _free_year(program, unit) -> int:
    """A year of the program's period (or after it) with no registration of the unit yet."""
    taken = set(
        Registration.objects.filter(program=program, organisation=unit).values_list(
            "year", flat=True
        )
    )
    years = [*range(program.period_end.year, program.period_start.year - 1, -1)]
    years += list(range(program.period_end.year + 1, 2100))
    return next(y for y in years if y not in taken)


def _create_candidate(page, values: dict, selects: dict) -> int:
    """Fill the new-candidate form; return the id of the candidate the server recorded."""
    page.goto(f"/registrations/candidates/new/?program={PROGRAM}")
    form = page.locator("form.form[method=post]")
    for name, value in selects.items():
        form.locator(f"select[name={name}]").select_option(value)
    for name, value in values.items():
        form.locator(f"[name={name}]").fill(value)
    _submit(page, form.locator("button[type=submit]"))
    match = re.search(r"/registrations/candidates/(\d+)/$", page.url)
    assert match, f"the candidate was not recorded: {page.url}"
    return int(match.group(1))


def _save_facts(page, candidate_id: int, ratings=None, cultural_years=()) -> None:
    page.goto(f"/registrations/candidates/{candidate_id}/")
    form = page.locator('form[action$="/facts/"]')
    for year, level in (ratings or {}).items():
        form.locator(f"select[name=rating_{year}]").select_option(level)
    for year in cultural_years:
        form.locator(f"input[name=cultural_{year}]").check()
    _submit(page, form.locator("button[type=submit]"))
    assert re.search(rf"/registrations/candidates/{candidate_id}/$", page.url)


def _move(page, registration_id: int, action: str, reason: str = "", entry_reasons=None):
    page.goto(f"/registrations/{registration_id}/")
    form = page.locator('form[action$="/move/"]')
    if reason:
        form.locator("textarea[name=reason]").fill(reason)
    for entry_id, text in (entry_reasons or {}).items():
        form.locator(f"input[name=entry_reason_{entry_id}]").fill(text)
    # Every move asks first (static/js/confirm.js) and the form is sent once.
    submit_confirmed(page, form.locator(f'button[name=action][value="{action}"]'))
    page.wait_for_url(f"**/registrations/{registration_id}/")


def _status(registration_id: int) -> str:
    return Registration.objects.get(pk=registration_id).status


def _quota_row(page, year: int):
    page.goto(f"/registrations/quotas/?program={PROGRAM}&year={year}")
    return page.locator(f'table tbody tr:has(a[href*="/{PROGRAM}/{UNIT}/"])')


def _counts(row) -> list[tuple[int, int]]:
    """(registered, required) of the row's first two quota columns ("1 / 1")."""
    cells = row.locator("td.num").all_inner_texts()[:2]
    return [tuple(int(n) for n in cell.split("/")) for cell in cells]


def test_registration_is_returned_corrected_and_accepted_and_meets_the_quota(page):
    program = Program.objects.get(code=PROGRAM)
    unit = Organisation.objects.get(code=UNIT)
    year = _free_year(program, unit)
    window = range(year - 5, year)  # the five years before recognition (31/03 of `year`)
    recognised = f"31/03/{year}"
    fields = {f.code: str(f.pk) for f in program.fields.all()}

    # The unit officer records the three candidates.
    _switch_user(page, "lc.canbo")
    collective = _create_candidate(
        page,
        {
            "name": COLLECTIVE,
            "address": "Phường Đông Phong, Lai Châu",
            "head_name": "Vàng Văn Tú",
            "solutions": "Khám bệnh theo hẹn qua ứng dụng, rút ngắn thời gian chờ.",
            "recognition_date": recognised,
        },
        {
            "organisation": str(unit.pk),
            "subject_type": "collective",
            "field": fields["e"],
            "rated": "1",
        },
    )
    individual = _create_candidate(
        page,
        {
            "name": INDIVIDUAL,
            "position": "Bác sĩ",
            "workplace": "Trung tâm Kiểm soát bệnh tật tỉnh",
            "address": "Phường Tân Phong, Lai Châu",
            "solutions": "Tiêm chủng lưu động tại các bản vùng cao.",
            "recognition_date": recognised,
        },
        {
            "organisation": str(unit.pk),
            "subject_type": "individual",
            "field": fields["e"],
            "rated": "1",
        },
    )
    household = _create_candidate(
        page,
        {
            "name": HOUSEHOLD,
            "address": "Xã Nậm Loỏng, thành phố Lai Châu",
            "solutions": "Hiến đất làm đường bê tông vào bản.",
            "recognition_date": recognised,
        },
        {"organisation": str(unit.pk), "subject_type": "household", "field": fields["d.2"]},
    )

    # Their facts: five good years with one excellent for the collective and the individual;
    # the household was a cultural family in every year but the last one.
    ratings = {y: "htt" for y in window} | {window[-1]: "htxs"}
    _save_facts(page, collective, ratings=ratings)
    assert page.locator("#eligibility .badge--green").is_visible()
    _save_facts(page, individual, ratings=ratings)
    assert page.locator("#eligibility .badge--green").is_visible()
    _save_facts(page, household, cultural_years=window[:-1])
    panel = page.locator("#eligibility")
    assert panel.locator(".badge--red").is_visible()
    failing = panel.locator(".criteria__item--fail")
    assert failing.count() == 1
    assert "gia đình văn hóa" in failing.inner_text()
    assert f"Không được công nhận gia đình văn hóa năm {window[-1]}" in failing.inner_text()

    # What the department has already met of its quota, before this registration.
    before = _counts(_quota_row(page, year))

    # A registration for a year the unit has none in yet.
    page.goto("/registrations/new/")
    form = page.locator("form.form[method=post]")
    form.locator("select[name=program]").select_option(str(program.pk))
    form.locator("select[name=organisation]").select_option(str(unit.pk))
    form.locator("input[name=year]").fill(str(year))
    _submit(page, form.locator("button[type=submit]"))
    match = re.search(r"/registrations/(\d+)/$", page.url)
    assert match, f"the registration was not opened: {page.url}"
    registration = int(match.group(1))
    assert _status(registration) == RegistrationStatus.DRAFT

    # The three candidates go in; the household is flagged as not eligible.
    form = page.locator("form:has(input[name=candidates])")
    for candidate in (collective, individual, household):
        form.locator(f'input[name=candidates][value="{candidate}"]').check()
    _submit(page, form.locator("button[type=submit]"))
    assert set(
        Entry.objects.filter(registration=registration).values_list("candidate", flat=True)
    ) == {collective, individual, household}
    warning = page.locator(".alert--warning")
    assert "Không đạt tiêu chuẩn" in warning.inner_text()
    assert HOUSEHOLD in warning.inner_text()

    _move(page, registration, "request_approval")
    assert _status(registration) == RegistrationStatus.AWAITING_APPROVAL

    # The head approves and submits.
    _switch_user(page, "lc.thutruong")
    _move(page, registration, "approve")
    assert _status(registration) == RegistrationStatus.SUBMITTED

    # The standing agency returns the household, with a reason.
    _switch_user(page, "lc.snv")
    entry = Entry.objects.get(registration=registration, candidate=household)
    _move(page, registration, "return", entry_reasons={entry.pk: RETURN_REASON})
    assert _status(registration) == RegistrationStatus.RETURNED
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RETURNED
    assert entry.return_reason == RETURN_REASON
    # A returned registration does not count towards the quota (the guide's quotas run over
    # its whole period, so the department's accepted entries of other years count already).
    row = _quota_row(page, year)
    assert row.count() == 1
    assert _counts(row) == before

    # The officer sees the reason, takes the household out and asks the head again.
    _switch_user(page, "lc.canbo")
    page.goto(f"/registrations/{registration}/")
    assert f"Bị trả lại: {RETURN_REASON}" in page.locator("main").inner_text()
    form = page.locator("form:has(input[name=candidates])")
    form.locator(f'input[name=candidates][value="{household}"]').uncheck()
    _submit(page, form.locator("button[type=submit]"))
    assert set(
        Entry.objects.filter(registration=registration).values_list("candidate", flat=True)
    ) == {collective, individual}
    assert HOUSEHOLD not in " ".join(page.locator("main table").all_inner_texts())
    _move(page, registration, "request_approval")
    assert _status(registration) == RegistrationStatus.AWAITING_APPROVAL
    assert page.locator(".alert--warning").count() == 0

    # The head approves; the standing agency accepts.
    _switch_user(page, "lc.thutruong")
    _move(page, registration, "approve")
    assert _status(registration) == RegistrationStatus.SUBMITTED
    _switch_user(page, "lc.snv")
    _move(page, registration, "accept")
    assert _status(registration) == RegistrationStatus.ACCEPTED
    assert "Đã tiếp nhận" in page.locator("main dl.meta").inner_text()
    assert set(
        Exemplar.objects.filter(entry__registration=registration).values_list("candidate", "state")
    ) == {(collective, ExemplarState.NURTURING), (individual, ExemplarState.NURTURING)}

    # The quota dashboard shows the department's quota as met.
    row = _quota_row(page, year)
    assert row.count() == 1
    badge = row.locator(".badge--green")
    assert badge.is_visible()
    assert badge.inner_text().strip() == "Đạt"
    assert _counts(row) == [(before[0][0] + 1, 1), (before[1][0] + 1, 1)]
