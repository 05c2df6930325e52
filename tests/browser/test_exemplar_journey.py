"""From an accepted registration to a commended exemplar whose story is on the public portal.

What precedes acceptance is set up with the domain functions; from there on the standing officer
and a council member work through the real pages. Selectors are form field names, form actions
and ids, so the test does not depend on the wording of the interface.
"""

import pytest
from django.contrib.auth import get_user_model

from dienhinh.honours.domain import voting
from dienhinh.honours.models import VoteSession
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.domain import candidates, registrations, workflow
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar
from tests.browser.conftest import login, submit_confirmed
from tests.honours import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Trạm Y tế xã Nậm Tăm"
DECISION = "123/QĐ-UBND"


def _accepted_exemplar() -> Exemplar:
    users = get_user_model().objects.in_bulk(
        ["lc.canbo", "lc.thutruong", "lc.snv"], field_name="username"
    )
    program = Program.objects.get(code="lai-chau-2533")
    unit = Organisation.objects.get(code="LC-SYT")
    candidate = candidates.create_candidate(
        actor=users["lc.canbo"],
        program=program,
        organisation=unit,
        subject_type="collective",
        name=NAME,
        field=program.fields.first(),
        address="Xã Nậm Tăm, huyện Sìn Hồ",
        head_name="Lò Văn Minh",
    )
    years = set(program.registrations.filter(organisation=unit).values_list("year", flat=True))
    year = next(y for y in range(program.period_start.year, 2100) if y not in years)
    registration = registrations.create_registration(
        actor=users["lc.canbo"], program=program, organisation=unit, year=year
    )
    registrations.set_entries(
        registration, actor=users["lc.canbo"], candidates=[candidate], notes="", version=None
    )
    workflow.transition(registration, "request_approval", actor=users["lc.canbo"])
    workflow.transition(registration, "approve", actor=users["lc.thutruong"])
    workflow.transition(registration, "accept", actor=users["lc.snv"])
    exemplar = Exemplar.objects.get(candidate=candidate)
    assert exemplar.state == ExemplarState.NURTURING
    return exemplar


def _state(exemplar) -> str:
    exemplar.refresh_from_db()
    return exemplar.state


def _submit(page, button) -> None:
    """Click a submit button and wait for the page the server answers with."""
    with page.expect_navigation():
        button.click()


def _switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)


def test_accepted_exemplar_is_voted_commended_and_published(page):
    exemplar = _accepted_exemplar()
    program, council = exemplar.program, Organisation.objects.get(code="LC-HDTDKT")

    # The standing officer recognises it, confirming the date on a page of its own.
    login(page, "lc.snv")
    page.goto(f"/honours/exemplars/{exemplar.pk}/")
    _submit(page, page.locator('form[action$="/recognise/"] button[type=submit]'))
    assert _state(exemplar) == ExemplarState.NURTURING
    confirm = page.locator('form[method=post][action$="/recognise/"]')
    confirm.locator("input[name=date]").fill("15/02/2025")
    _submit(page, confirm.locator("button[type=submit]"))
    assert _state(exemplar) == ExemplarState.RECOGNISED

    # ... and puts it to a vote session of the council, whose members are frozen on opening.
    others = factories.council_of(3)
    page.goto("/honours/votes/new/")
    form = page.locator("form.form")
    form.locator("select[name=program]").select_option(str(program.pk))
    form.locator("select[name=council]").select_option(str(council.pk))
    form.locator("input[name=title]").fill("Phiên bình chọn điển hình năm 2025")
    form.locator("input[name=date]").fill("01/03/2025")
    form.locator("input[name=place]").fill("Hội trường UBND tỉnh")
    form.locator("input[name=threshold_percent]").fill("50")
    form.locator(f'input[name=exemplars][value="{exemplar.pk}"]').check()
    _submit(page, form.locator("button[type=submit]"))
    page.wait_for_url("**/honours/votes/*/")
    session_url = page.url
    assert NAME in page.content()

    # The council member votes.
    _switch_user(page, "lc.hoidong")
    page.goto(session_url)
    vote = page.locator(f'form[action$="/{exemplar.pk}/vote/"]')
    vote.locator('input[name=choice][value="agree"]').check()
    _submit(page, vote.locator("button[type=submit]"))
    assert page.locator(f'form[action$="/{exemplar.pk}/vote/"]').count() == 0
    session = VoteSession.objects.get(title="Phiên bình chọn điển hình năm 2025")
    for member in others:  # the other members vote too (at least 3 voters show totals)
        if member.username != "lc.hoidong":
            voting.cast_vote(session, exemplar, member=member, choice="agree")

    # The standing officer closes the session: the candidate passed and is selected.
    _switch_user(page, "lc.snv")
    page.goto(session_url)
    submit_confirmed(page, page.locator('form[action$="/close/"] button[type=submit]'))
    page.wait_for_url("**/minutes/")
    assert NAME in page.content()
    assert page.locator("#download-pdf").count() == 1
    assert _state(exemplar) == ExemplarState.SELECTED

    # A commendation decision is recorded.
    page.goto("/honours/decisions/new/")
    form = page.locator("form.form")
    form.locator("select[name=program]").select_option(str(program.pk))
    form.locator("input[name=number]").fill(DECISION)
    form.locator("input[name=date]").fill("15/04/2025")
    form.locator("input[name=authority]").fill("Chủ tịch UBND tỉnh Lai Châu")
    form.locator("select[name=form]").select_option("bang_khen")
    form.locator("input[name=level]").fill("Cấp tỉnh")
    form.locator("input[name=amount]").fill("1500000")
    form.locator(f'input[name=exemplars][value="{exemplar.pk}"]').check()
    _submit(page, form.locator("button[type=submit]"))
    page.wait_for_url("**/honours/decisions/*/")
    assert DECISION in page.content()
    assert _state(exemplar) == ExemplarState.COMMENDED

    # Its story is written and published on the portal.
    page.goto(f"/portal/publicity/{exemplar.pk}/story/")
    form = page.locator("form.form")
    form.locator("[name=title]").fill("Chăm lo sức khỏe đồng bào vùng cao")
    form.locator("[name=summary]").fill("Trạm y tế đưa dịch vụ khám chữa bệnh tới từng bản.")
    # The body is typed in the editor (js/story-editor.js), which hides the textarea.
    form.locator(".rich-text__box").fill("Mỗi tháng, cán bộ trạm đi khám tại các bản xa.")
    _submit(page, form.get_by_role("button", name="Lưu"))
    _submit(page, page.locator('form[action$="/publish/"] button[type=submit]'))
    assert _state(exemplar) == ExemplarState.PUBLISHED

    # Anyone sees it on the public portal, with its decision number.
    page.context.clear_cookies()
    response = page.goto(f"/portal/exemplars/{exemplar.pk}/")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == NAME
    assert DECISION in page.locator("main").inner_text()
