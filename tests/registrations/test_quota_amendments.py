"""Amending a program's quotas from a date on (issue 21, item 3): Guide 2533 of Lai Châu (issued
02/07/2024) names "huyện, thành phố", which ended on 01/07/2025; its standing agency sets the rule
for the new communes. The years before keep the quotas as written; the dashboard of each year
reads the rule in force on its 1 January."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dienhinh.core.errors import NotPermitted
from dienhinh.core.models import AuditEntry
from dienhinh.programs.domain.editing import copy_program
from dienhinh.programs.models import Program, Quota
from dienhinh.registrations.domain import DomainError, quota_amendments, quotas
from dienhinh.registrations.models import Registration

pytestmark = pytest.mark.django_db

LC = "lai-chau-2533"
TODAY = datetime.date(2026, 12, 6)
COMMUNES = {
    "code": "Q3",
    "text": "Mỗi xã, phường ít nhất 01 điển hình tập thể, 01 điển hình cá nhân.",
    "org_kinds": ["commune"],
    "per": "year",
    "minimums": {"collective": 1, "individual": 1},
    "any_of": None,
}
REASON = "Sắp xếp đơn vị hành chính từ 01/07/2025: không còn cấp huyện."


@pytest.fixture(autouse=True)
def now(db):
    """The demo country as it is now (as `make run` loads it)."""
    call_command("load_demo", stdout=io.StringIO())


def _program():
    return Program.objects.get(code=LC)


def _districts_quota():
    return _program().quotas.get(code="Q2")


def _amend(actor, day, *, confirm=True, replaces=True, values=COMMUNES, today=TODAY):
    return quota_amendments.amend_quotas(
        _program(),
        actor=actor,
        effective_from=day,
        values=dict(values),
        reason=REASON,
        replaces=_districts_quota() if replaces else None,
        confirm_submitted=confirm,
        today=today,
    )


def _row(board, code):
    return next(r for r in board.rows if r.organisation.code == code)


def test_the_standing_agency_sets_the_communes_rule_from_2026(personas):
    standing = personas["standing"]
    new = _amend(standing, datetime.date(2026, 1, 1))
    assert (new.effective_from, new.first_year, new.amends) == (
        datetime.date(2026, 1, 1),
        2026,
        _districts_quota(),
    )
    assert new.amended_by == standing.get_full_name() and new.amended_at is not None
    # The districts' quota stays as written for the years before.
    assert _districts_quota().effective_to == datetime.date(2025, 12, 31)
    entry = AuditEntry.objects.filter(action="program.quota.amend").latest("pk")
    assert entry.actor_id == standing.pk and REASON in entry.reason
    assert "01/01/2026" in entry.reason
    ended = AuditEntry.objects.filter(action="program.quota.end").latest("pk")
    assert ended.actor_id == standing.pk and ended.reason == REASON


def test_the_dashboard_reads_the_old_rule_for_2024_and_the_amended_one_for_2026(personas):
    standing = personas["standing"]
    _amend(standing, datetime.date(2026, 1, 1))
    program = _program()
    before = quotas.build(program, 2024, standing)
    tamduong = _row(before, "LC-TAMDUONG")
    assert tamduong.owes and tamduong.requirement.minimums == {
        "model": 2,
        "collective": 2,
        "individual": 3,
    }
    assert not before.amended
    # 2025: the districts still existed on its 1 January; their quota as written.
    assert _row(quotas.build(program, 2025, standing), "LC-TAMDUONG").owes
    after = quotas.build(program, 2026, standing)
    binh_lu = _row(after, "LC-BINHLU")
    # The commune now owes the amended quota (its submitted registration counts toward it).
    assert binh_lu.owes and binh_lu.colour != quotas.GREY
    assert binh_lu.requirement.minimums == {"collective": 1, "individual": 1}
    assert binh_lu.requirement.texts == [COMMUNES["text"]]
    communes = [r for r in after.rows if r.organisation.kind == "commune"]
    assert len(communes) == 38 and all(r.owes for r in communes)
    # The districts' quota was replaced, not left hanging as "no longer applicable".
    assert after.lapsed == []
    assert after.amended == [(COMMUNES["text"], datetime.date(2026, 1, 1))]


def test_a_rule_dated_on_the_reform_day_is_the_quota_of_the_next_year(personas):
    """The communes of 01/07/2025 are not the units of 2025 (they did not exist on its
    1 January): a rule dated that day is the quota of 2026 on, and 2025 keeps the districts'."""
    new = _amend(personas["standing"], datetime.date(2025, 7, 1), today=datetime.date(2025, 7, 1))
    assert new.first_year == 2026
    program = _program()
    assert _row(quotas.build(program, 2025, None), "LC-TAMDUONG").owes
    assert _row(quotas.build(program, 2026, None), "LC-DOANKET").owes


def test_without_an_amendment_the_districts_quota_is_no_longer_applicable(personas):
    board = quotas.build(_program(), 2026, personas["standing"])
    assert not _row(board, "LC-BINHLU").owes
    [(text, _ended)] = board.lapsed
    assert text == _districts_quota().text and board.amended == []


@pytest.mark.parametrize("persona", ["qb_standing", "officer_a", "head_a"])
def test_refused_to_an_outsider_and_to_a_unit_of_the_province(personas, persona):
    count = Quota.objects.count()
    with pytest.raises(NotPermitted):
        _amend(personas[persona], datetime.date(2026, 1, 1))
    assert Quota.objects.count() == count
    assert _districts_quota().effective_to is None


def test_an_administrator_of_the_province_may(personas):
    new = _amend(personas["admin"], datetime.date(2027, 1, 1))
    assert new.first_year == 2027


def test_not_dated_before_the_program_was_issued(personas):
    with pytest.raises(DomainError, match="02/07/2024"):
        _amend(personas["standing"], datetime.date(2024, 7, 1), today=datetime.date(2024, 7, 1))
    assert not _program().quotas.filter(code="Q3").exists()


def test_a_past_year_is_decided(personas):
    """On 06/12/2026 the quotas of 2025 are decided: a rule for 2025 is refused, nothing saved."""
    with pytest.raises(DomainError, match="2025"):
        _amend(personas["standing"], datetime.date(2025, 1, 1))
    assert not _program().quotas.filter(code="Q3").exists()
    assert _districts_quota().effective_to is None


def test_a_year_with_submitted_registrations_is_amended_only_when_confirmed(personas):
    """Xã Bình Lư submitted its 2026 registration. An amendment from 01/01/2026 is refused until
    the officer confirms; then the registration stays as submitted and counts toward the rule."""
    standing = personas["standing"]
    reg = Registration.objects.get(program__code=LC, organisation__code="LC-BINHLU", year=2026)
    status = reg.status
    with pytest.raises(quota_amendments.AlreadySubmitted) as refused:
        _amend(standing, datetime.date(2026, 1, 1), confirm=False)
    assert (refused.value.count, refused.value.year) == (1, 2026)
    assert "01/01/2027" in str(refused.value)
    assert not _program().quotas.filter(code="Q3").exists()
    assert _districts_quota().effective_to is None
    new = _amend(standing, datetime.date(2026, 1, 1), confirm=True)
    assert new.submitted_before == 1
    reg.refresh_from_db()
    assert reg.status == status
    entry = AuditEntry.objects.filter(action="program.quota.amend").latest("pk")
    assert "1" in entry.reason
    board = quotas.build(_program(), 2026, standing)
    assert sum(_row(board, "LC-BINHLU").counts.values()) == 1
    # A rule from the next year needs no confirmation: no registration of 2027 yet.
    nxt = _amend(standing, datetime.date(2027, 1, 1), confirm=False, replaces=False,
                 values={**COMMUNES, "code": "Q4"})  # fmt: skip
    assert nxt.submitted_before == 0


def test_a_code_in_use_or_a_replaced_quota_is_refused(personas):
    standing = personas["standing"]
    with pytest.raises(DomainError, match="Q2"):
        _amend(
            standing, datetime.date(2027, 1, 1), replaces=False, values={**COMMUNES, "code": "Q2"}
        )
    _amend(standing, datetime.date(2027, 1, 1))
    with pytest.raises(DomainError):  # Q2 has been replaced already
        _amend(standing, datetime.date(2027, 6, 1), values={**COMMUNES, "code": "Q5"})


def test_the_page_amends_and_the_program_page_shows_it(personas, client_for):
    client = client_for("standing")
    detail = reverse("programs:detail", args=[LC])
    page = client.get(detail).content.decode()
    # The districts ended on 01/07/2025: their quota is no longer applicable.
    assert "không còn áp dụng" in page and "01/07/2025" in page
    url = reverse("registrations:quota_amend", args=[LC])
    assert client.get(url).status_code == 200
    data = {
        "code": "Q3",
        "text": COMMUNES["text"],
        "org_kinds": ["commune"],
        "per": "year",
        "min_collective": "1",
        "min_individual": "1",
        "effective_from": "01/01/2027",
        "replaces": str(_districts_quota().pk),
        "reason": REASON,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert COMMUNES["text"] in page and REASON in page and "01/01/2027" in page
    assert personas["standing"].get_full_name() in page


def test_the_page_asks_for_confirmation_and_saves_nothing_before(client_for):
    client = client_for("standing")
    url = reverse("registrations:quota_amend", args=[LC])
    data = {
        "code": "Q3",
        "text": COMMUNES["text"],
        "org_kinds": ["commune"],
        "per": "year",
        "min_collective": "1",
        "effective_from": "01/01/2026",
        "reason": REASON,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "2026" in text and "Nothing was saved" not in text  # said in Vietnamese
    assert "Chưa lưu được" in text
    assert not _program().quotas.filter(code="Q3").exists()
    assert client.post(url, {**data, "confirm_submitted": "on"}).status_code == 302
    assert _program().quotas.get(code="Q3").submitted_before == 1


def test_the_page_names_a_bad_date_in_english(client_for):
    client = client_for("standing")
    client.cookies["dienhinh_language"] = "en"
    url = reverse("registrations:quota_amend", args=[LC])
    response = client.post(
        url,
        {
            "code": "Q3",
            "text": COMMUNES["text"],
            "org_kinds": ["commune"],
            "per": "year",
            "min_collective": "1",
            "effective_from": "31/02/2027",
            "reason": REASON,
        },
    )
    assert response.status_code == 200
    assert "Enter a date as dd/mm/yyyy." in response.content.decode()
    assert not _program().quotas.filter(code="Q3").exists()


def test_a_copy_of_the_program_takes_the_quotas_in_force_today(personas):
    """Copied after the amendment: the communes' rule, not the districts' quota it replaced, as
    the copy's own rules from its start (no dates, no link to the source's rows)."""
    _amend(personas["standing"], datetime.date(2026, 1, 1))
    copy = copy_program(_program(), actor=personas["standing"], code="lai-chau-2027")
    quotas_of_copy = {q.code: q for q in copy.quotas.all()}
    assert set(quotas_of_copy) == set(_program().quotas.values_list("code", flat=True)) - {"Q2"}
    assert "Q3" in quotas_of_copy
    for quota in quotas_of_copy.values():
        assert (quota.effective_from, quota.effective_to, quota.amends) == (None, None, None)
    assert quotas_of_copy["Q3"].minimums == COMMUNES["minimums"]
