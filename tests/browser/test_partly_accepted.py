"""A registration accepted in part: two entries accepted, one returned with its reason; the unit
sees the reason beside that entry, corrects it and sends only it again; then the accepted record
changes only through the standing agency's correction, while the minutes of the council's
closed vote keep naming it as it stood.

What precedes the decision is set up with the domain functions; the decisions, the unit's
correction and the correction after acceptance go through the pages. Screenshots go to
$SCREENSHOTS when it is set.
"""

import os
import re

import pytest
from django.contrib.auth import get_user_model

from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import candidates, registrations, workflow
from dienhinh.registrations.domain.dossiers import dossier_as_submitted
from dienhinh.registrations.enums import EntryStatus, ExemplarState, RegistrationStatus
from dienhinh.registrations.models import Candidate, Entry, Exemplar, Registration
from tests.browser.conftest import login, submit_confirmed
from tests.honours import factories as honours_factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ("Khoa Nhi – Bệnh viện Đa khoa tỉnh", "Lường Thị Xuân", "Trạm Y tế xã Pa Tần")
REASON = "Chưa có quyết định công nhận thành tích năm gần nhất."


def _shot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def _submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def _switch_user(page, username) -> None:
    page.context.clear_cookies()
    login(page, username)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _submitted_registration() -> Registration:
    users = get_user_model().objects.in_bulk(["lc.canbo", "lc.thutruong"], field_name="username")
    program = Program.objects.get(code="lai-chau-2533")
    unit = Organisation.objects.get(code="LC-SYT")
    people = [
        candidates.create_candidate(
            actor=users["lc.canbo"],
            program=program,
            organisation=unit,
            subject_type="individual" if i == 1 else "collective",
            name=name,
            workplace="Bệnh viện Đa khoa tỉnh" if i == 1 else "",
            position="Điều dưỡng" if i == 1 else "",
            field=program.fields.first(),
        )
        for i, name in enumerate(NAMES)
    ]
    years = set(program.registrations.filter(organisation=unit).values_list("year", flat=True))
    year = next(y for y in range(program.period_start.year, 2100) if y not in years)
    registration = registrations.create_registration(
        actor=users["lc.canbo"], program=program, organisation=unit, year=year
    )
    registrations.set_entries(
        registration, actor=users["lc.canbo"], candidates=people, notes="", version=None
    )
    workflow.transition(registration, "request_approval", actor=users["lc.canbo"])
    workflow.transition(registration, "approve", actor=users["lc.thutruong"])
    return registration


def _move(page, registration_id: int, action: str, entry_reasons=None) -> None:
    page.goto(f"/registrations/{registration_id}/")
    form = page.locator('form[action$="/move/"]')
    for entry_id, text in (entry_reasons or {}).items():
        form.locator(f"input[name=entry_reason_{entry_id}]").fill(text)
    # Every move asks first (static/js/confirm.js) and the form is sent once.
    submit_confirmed(page, form.locator(f'button[name=action][value="{action}"]'))


def _status(registration_id: int) -> str:
    return Registration.objects.get(pk=registration_id).status


def test_partly_accepted_registration_and_a_correction_after_acceptance(page):
    registration = _submitted_registration()
    entries = {e.candidate.name: e for e in registration.entries.select_related("candidate")}
    returned = entries[NAMES[2]]

    # The standing agency accepts two entries and returns the third with its reason.
    _switch_user(page, "lc.snv")
    page.goto(f"/registrations/{registration.pk}/")
    _shot(page, "1-decision-form")
    _move(page, registration.pk, "accept", {returned.pk: REASON})
    assert _status(registration.pk) == RegistrationStatus.PARTLY_ACCEPTED
    statuses = dict(
        Entry.objects.filter(registration=registration).values_list("candidate__name", "status")
    )
    assert statuses == {
        NAMES[0]: EntryStatus.ACCEPTED,
        NAMES[1]: EntryStatus.ACCEPTED,
        NAMES[2]: EntryStatus.RETURNED,
    }
    assert Exemplar.objects.filter(entry__registration=registration).count() == 2

    # The unit sees the reason beside the entry, corrects that candidate and sends it again.
    _switch_user(page, "lc.canbo")
    page.goto(f"/registrations/{registration.pk}/")
    assert REASON in page.locator(f"#return-reason-{returned.pk}").inner_text()
    assert "Tiếp nhận một phần" in page.locator("main dl.meta").inner_text()
    _shot(page, "2-unit-sees-the-reason")
    page.goto(f"/registrations/candidates/{returned.candidate_id}/edit/")
    form = page.locator("form.form[method=post]")
    form.locator("[name=notes]").fill("Bổ sung Quyết định số 15/QĐ-SYT ngày 10/01/2025.")
    _submit(page, form.locator("button[type=submit]"))
    assert re.search(r"/registrations/candidates/\d+/$", page.url)
    # Only the returned entry is offered; the accepted ones stay as they are.
    page.goto(f"/registrations/{registration.pk}/")
    offered = page.locator("input[name=candidates]")
    values = {offered.nth(i).get_attribute("value") for i in range(offered.count())}
    assert str(entries[NAMES[0]].candidate_id) not in values
    assert str(returned.candidate_id) in values
    _move(page, registration.pk, "request_approval")
    assert _status(registration.pk) == RegistrationStatus.AWAITING_APPROVAL
    _switch_user(page, "lc.thutruong")
    _move(page, registration.pk, "approve")
    assert _status(registration.pk) == RegistrationStatus.SUBMITTED
    _switch_user(page, "lc.snv")
    page.goto(f"/registrations/{registration.pk}/")
    # Only the resubmitted entry waits for a decision.
    assert page.locator("input[name^=entry_reason_]").count() == 1
    _move(page, registration.pk, "accept")
    assert _status(registration.pk) == RegistrationStatus.ACCEPTED
    assert Exemplar.objects.filter(entry__registration=registration).count() == 3
    _shot(page, "3-accepted")

    # After acceptance the unit officer no longer edits the record...
    first = entries[NAMES[0]]
    _switch_user(page, "lc.canbo")
    page.goto(f"/registrations/candidates/{first.candidate_id}/")
    assert "chỉ cơ quan thường trực được hiệu chỉnh" in page.locator("main").inner_text()
    assert page.locator(f'a[href$="/candidates/{first.candidate_id}/edit/"]').count() == 0
    _shot(page, "4-unit-locked")
    # The council votes on it and the session closes: its minutes are kept as they stood.
    exemplar = Exemplar.objects.get(entry=first)
    Exemplar.objects.filter(pk=exemplar.pk).update(state=ExemplarState.RECOGNISED)
    exemplar.refresh_from_db()
    standing = get_user_model().objects.get(username="lc.snv")
    session = honours_factories.voted(standing, [exemplar])
    # ...and the standing agency corrects it, with a reason.
    _switch_user(page, "lc.snv")
    page.goto(f"/registrations/candidates/{first.candidate_id}/edit/")
    form = page.locator("form.form[method=post]")
    form.locator("[name=name]").fill("Khoa Nhi – Bệnh viện Đa khoa tỉnh Lai Châu")
    form.locator("[name=reason]").fill("Tên đầy đủ theo quyết định thành lập.")
    _shot(page, "5-correction-form")
    _submit(page, form.locator("button[type=submit]"))
    assert Candidate.objects.get(pk=first.candidate_id).name.endswith("Lai Châu")
    assert dossier_as_submitted(first)["name"].endswith("Lai Châu")
    page.goto(f"/registrations/{registration.pk}/")
    _shot(page, "6-registration-after-correction")
    # The closed minutes still name the candidate as it stood when the vote closed.
    page.goto(f"/honours/votes/{session.pk}/minutes/")
    minutes = page.locator("main").inner_text()
    assert NAMES[0] in minutes
    assert "Khoa Nhi – Bệnh viện Đa khoa tỉnh Lai Châu" not in minutes
    _shot(page, "7-minutes-unchanged")
