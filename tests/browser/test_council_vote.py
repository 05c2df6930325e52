"""The council's meeting in the browser: a council of 9 votes by secret ballot on three exemplars,
one of them on paper, with the written opinion of an absent member.

The secretary (lc.snv) opens the session with its roster, members read a dossier and vote, the
secretary records the written opinion, the attendance roll and the counting committee's totals,
closes, and reads the minutes. Selectors are form field names, form actions and ids.
"""

import pytest
from django.contrib.auth import get_user_model

from dienhinh.honours.domain import voting
from dienhinh.honours.models import VoteSession
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState
from tests.browser.conftest import login, submit_confirmed
from tests.honours import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Phiên họp Hội đồng bình chọn điển hình năm 2025"


def _submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def _switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)


def _vote(page, session_url, exemplar, choice):
    page.goto(session_url)
    form = page.locator(f'form[action$="/{exemplar.pk}/vote/"]')
    form.locator(f'input[name=choice][value="{choice}"]').check()
    _submit(page, form.locator("button[type=submit]"))
    assert page.locator(f'form[action$="/{exemplar.pk}/vote/"]').count() == 0


def test_council_of_nine_votes_with_a_written_opinion_and_a_paper_ballot(page):
    users = get_user_model().objects.in_bulk(
        [f"lc.hoidong{n}" if n > 1 else "lc.hoidong" for n in range(1, 10)],
        field_name="username",
    )
    members = [users[f"lc.hoidong{n}" if n > 1 else "lc.hoidong"] for n in range(1, 10)]
    council = Organisation.objects.get(code="LC-HDTDKT")
    assert {m.pk for m in voting.members(council)} == {m.pk for m in members}
    program = Program.objects.get(code="lai-chau-2533")
    online = factories.exemplar("LC-TAMDUONG", state=ExemplarState.RECOGNISED, name="Trường A")
    split = factories.exemplar("LC-TAMDUONG", state=ExemplarState.RECOGNISED, name="Bản B")
    paper = factories.exemplar("LC-TAMDUONG", state=ExemplarState.RECOGNISED, name="Xã C")
    absent = members[8]

    # The secretary opens the session: three exemplars, one on paper, one member absent.
    login(page, "lc.snv")
    page.goto("/honours/votes/new/")
    form = page.locator("form.form")
    form.locator("select[name=program]").select_option(str(program.pk))
    form.locator("select[name=council]").select_option(str(council.pk))
    form.locator("input[name=title]").fill(TITLE)
    form.locator("input[name=date]").fill("10/12/2025")
    form.locator("input[name=place]").fill("Hội trường tầng 3, UBND tỉnh")
    form.locator("input[name=threshold_percent]").fill("50")
    form.locator("input[name=quorum_percent]").fill("50")
    for exemplar in (online, split, paper):
        form.locator(f'input[name=exemplars][value="{exemplar.pk}"]').check()
    form.locator(f'input[name=paper][value="{paper.pk}"]').check()
    form.locator(f'input[name=written][value="{absent.pk}"]').check()
    _submit(page, form.locator("button[type=submit]"))
    page.wait_for_url("**/honours/votes/*/")
    session_url = page.url
    session = VoteSession.objects.get(title=TITLE)
    assert session.roster.count() == 9
    assert session.roster.get(written=True).member == absent

    # A member reads a dossier: the field's full name, the eligibility with its reasons.
    _switch_user(page, "lc.hoidong")
    page.goto(session_url)
    page.locator(f'a[href$="/votes/{session.pk}/{online.pk}/"]').click()
    page.wait_for_url(f"**/votes/{session.pk}/{online.pk}/")
    field = online.candidate.field
    assert page.locator("#dossier-field").inner_text() == f"{field.code}) {field.name}"
    assert page.locator("#eligibility").count() == 1

    # Seven members vote online; the page shows how many have voted, never how.
    plan = {online: ["agree"] * 7, split: ["agree", "agree"] + ["disagree"] * 5}
    for i, member in enumerate(members[:7]):
        if i:
            _switch_user(page, member.username)
        for exemplar, choices in plan.items():
            _vote(page, session_url, exemplar, choices[i])
    progress = page.locator("#vote-progress").inner_text()
    assert progress == "7/9 thành viên đã biểu quyết"
    assert page.locator(f'form[action$="/{paper.pk}/vote/"]').count() == 0

    # The absent member cannot vote online.
    _switch_user(page, absent.username)
    page.goto(session_url)
    assert page.locator("form[action$='/vote/']").count() == 0

    # The secretary records the written opinion, then the counting committee's totals.
    _switch_user(page, "lc.snv")
    page.goto(session_url)
    section = page.locator("#written-opinions")
    assert "Chưa nhận" in section.inner_text()
    written = section.locator(f'form[action$="/written/{absent.pk}/"]')
    written.locator(f"select[name=choice-{online.pk}]").select_option("agree")
    written.locator(f"select[name=choice-{split.pk}]").select_option("abstain")
    _submit(page, written.locator("button[type=submit]"))
    assert "Đã nhận" in page.locator("#written-opinions").inner_text()

    # The roll: the seven who voted online are present; the eighth member is absent.
    roll = page.locator("#attendance")
    assert roll.locator(f'input[name="attendance-{members[0].pk}"][value=present]').is_checked()
    roll.locator(f'input[name="attendance-{members[7].pk}"][value=absent]').check()
    _submit(page, roll.locator("button[type=submit]"))

    count = page.locator(f'form[action$="/{paper.pk}/paper/"]')
    count.locator("input[name=present]").fill("7")
    count.locator("input[name=agree]").fill("6")
    count.locator("input[name=disagree]").fill("1")
    count.locator("input[name=abstain]").fill("0")
    count.locator("input[name=invalid]").fill("0")
    count.locator("input[name=committee]").fill("Ông Tống Thanh Hải, bà Lò Thị Mai")
    count.locator("input[name=minutes_number]").fill("01/BB-KP")
    _submit(page, count.locator("button[type=submit]"))
    assert page.locator(f'form[action$="/{paper.pk}/paper/"]').count() == 0

    # Closing opens the ballots and shows the minutes per exemplar.
    submit_confirmed(page, page.locator('form[action$="/close/"] button[type=submit]'))
    page.wait_for_url("**/minutes/")
    cells = [
        [c.inner_text() for c in r.locator("td").all()]
        for r in page.locator("#results tbody tr").all()
    ]
    rows = {
        name: next(r for r in cells if r[0].startswith(name))
        for name in ("Trường A", "Bản B", "Xã C")
    }
    # members in all, present, valid ballots, agree, disagree, abstain, share, result
    assert rows["Trường A"][2:9] == ["9", "7", "8", "8", "0", "0", "88,9%"]
    assert rows["Bản B"][2:8] == ["9", "7", "8", "2", "5", "1"]
    assert rows["Xã C"][2:8] == ["9", "7", "7", "6", "1", "0"]
    assert [rows[n][9] for n in ("Trường A", "Bản B", "Xã C")] == [
        "Thông qua",
        "Không thông qua",
        "Thông qua",
    ]
    assert page.locator("#download-pdf").count() == 1
    for exemplar, state in ((online, "selected"), (split, "recognised"), (paper, "selected")):
        exemplar.refresh_from_db()
        assert exemplar.state == state
