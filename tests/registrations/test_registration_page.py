"""The registration page's rows: each entry's cells escaped as written, and the verdict shown
always that of a fresh evaluation of the entry's candidate, whatever changed in between."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from dienhinh.programs.domain.editing import amend_criterion
from dienhinh.programs.models import Criterion
from dienhinh.registrations.domain import attestations
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain import registrations as reg_domain
from dienhinh.registrations.domain.facts import evaluate_candidate
from dienhinh.registrations.models import Candidate
from dienhinh.registrations.templatetags.verdicts import verdict
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def _rows(client, reg) -> dict[int, str]:
    """candidate id -> its row's HTML on the registration page."""
    page = client.get(reverse("registrations:registration_detail", args=[reg.pk]))
    assert page.status_code == 200
    rows = {}
    for row in page.content.decode().split("<tr>"):
        found = re.search(r'href="/registrations/candidates/(\d+)/"', row)
        if found:
            rows[int(found.group(1))] = row
    return rows


def _shows_fresh_verdicts(client, reg) -> list[str]:
    """Each entry's row holds the verdict of its candidate evaluated now, alone; the verdicts."""
    rows = _rows(client, reg)
    shown = []
    with translation.override("vi"):
        for candidate in Candidate.objects.filter(entries__registration=reg):
            evaluation = evaluate_candidate(candidate)
            assert str(verdict(evaluation)) in rows[candidate.pk], candidate.name
            shown.append(evaluation.verdict)
    assert len(rows) == len(shown)
    return shown


def test_a_row_shows_the_entry_escaped(client_for):
    words = " ".join(f"bước{i}" for i in range(40))
    c = f.candidate(
        name="Lò <Văn> An",
        head_name="Tòng & Thị",
        position="Trưởng phòng",
        workplace='Phòng "Tổ chức"',
        address="Tam Đường <Lai Châu>",
        solutions=words,
        field_code="e",
    )
    reg = f.registration("LC-SYT", [c], year=f.YEAR[f.LC])
    row = _rows(client_for("officer_a"), reg)[c.pk]
    assert '<td class="num">1</td>' in row
    assert f'>{escape(c.name)}</a><br><span class="muted">{escape(c.head_name)}</span>' in row
    assert f"<td>Trưởng phòng; {escape(c.workplace)}<br>{escape(c.address)}</td>" in row
    assert f"<td>e) {escape(c.field.name)}</td>" in row
    assert f"<td>{' '.join(words.split()[:30])} …</td>" in row
    assert "<Văn>" not in row and "<Lai Châu>" not in row


def test_the_verdict_shown_follows_every_kind_of_change(personas, client_for, monkeypatch):
    client = client_for("officer_a")
    good = f.candidate(name="Lò Văn An", rated=True, recognition_date=D(2025, 3, 31))
    f.five_good_years(good, 2024, excellent=2023)
    plain = f.candidate(name="Tòng Văn Bình", rated=True, recognition_date=D(2025, 3, 31))
    reg = f.registration("LC-SYT", [good, plain], year=f.YEAR[f.LC])
    assert _shows_fresh_verdicts(client, reg) == ["pass", "incomplete"]

    # A fact recorded: the second candidate's ratings, one year below the rule.
    cand_domain.save_facts(
        plain,
        actor=f.TEST_ACTOR,
        version=None,
        ratings={2020: "htt", 2021: "ht", 2022: "htt", 2023: "htxs", 2024: "htt"},
    )
    assert sorted(_shows_fresh_verdicts(client, reg)) == ["fail", "pass"]

    # A reviewer's word on a qualitative criterion of the first.
    code = next(iter(attestations.attestable(good)))
    attestations.attest(good, actor=personas["standing"], code=code, granted=False, note="Chưa")
    assert _shows_fresh_verdicts(client, reg) == ["fail", "fail"]
    attestations.attest(good, actor=personas["standing"], code=code, granted=True, note="Đủ")

    # The entries changed: a third candidate put in, the second taken out.
    third = f.candidate(name="Vàng Thị Hoa", rated=True, recognition_date=D(2025, 3, 31))
    f.five_good_years(third, 2024)
    reg = reg_domain.set_entries(
        reg, actor=f.TEST_ACTOR, candidates=[good, third], notes="", version=None
    )
    assert sorted(_shows_fresh_verdicts(client, reg)) == ["fail", "pass"]

    # The program's rule amended from before their recognition date: two excellent years.
    window = Criterion.objects.get(program__code=f.LC, code="G4", effective_to=None)
    amend_criterion(
        window,
        actor=personas["admin"],
        effective_from=D(2025, 1, 1),
        params={**window.params, "min_top_years": 2},
    )
    assert _shows_fresh_verdicts(client, reg) == ["fail", "fail"]

    # No recognition date: the rule reads the years before today, whatever day that is.
    undated = f.candidate(name="Lò Thị Mai", rated=True)
    cand_domain.save_facts(
        undated, actor=f.TEST_ACTOR, version=None, ratings={y: "htxs" for y in range(2019, 2025)}
    )
    reg = reg_domain.set_entries(
        reg, actor=f.TEST_ACTOR, candidates=[good, third, undated], notes="", version=None
    )
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2025, 6, 1))
    assert "pass" in _shows_fresh_verdicts(client, reg)
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2031, 6, 1))
    assert "pass" not in _shows_fresh_verdicts(client, reg)


def test_an_entry_changed_since_submission_shows_its_changes(
    personas, client_for, assert_page_queries
):
    from dienhinh.registrations.domain.workflow import transition

    c = f.candidate(name="Lò Văn An", workplace="Phòng Tổ chức")
    reg = f.registration("LC-SYT", [c], year=f.YEAR[f.LC])
    url = reverse("registrations:registration_detail", args=[reg.pk])
    transition(reg, "request_approval", actor=personas["officer_a"])
    transition(reg, "approve", actor=personas["head_a"])
    assert "Đã thay đổi sau khi gửi" not in _rows(client_for("standing"), reg)[c.pk]
    # 11: as a draft's (no candidates to choose once submitted), and the entries' frozen
    # dossiers (none changed).
    assert_page_queries(client_for("officer_a"), url, 11)
    cand_domain.update_candidate(c, actor=f.TEST_ACTOR, version=None, workplace="Phòng Kế hoạch")
    row = _rows(client_for("standing"), reg)[c.pk]
    assert "Đã thay đổi sau khi gửi" in row and "Phòng Kế hoạch" in row


def test_a_candidate_accepted_last_year_stays_in_this_years_draft_when_it_is_saved(client_for):
    """The entries form offers, checked, every entry not yet accepted in this registration, also
    when the candidate was accepted in another year's: saved as it is shown, nothing is lost."""
    from dienhinh.registrations.models import Entry

    c = f.candidate("LC-SYT-BVDK", name="Lò Văn An")
    other = f.candidate("LC-SYT-BVDK", name="Tòng Thị Bình")
    last_year = f.registration("LC-SYT-BVDK", [c], year=2024, status="accepted")
    Entry.objects.filter(registration=last_year).update(status="accepted")
    reg = f.registration("LC-SYT-BVDK", [c, other], year=f.YEAR[f.LC])
    client = client_for("officer_a")
    page = client.get(reverse("registrations:registration_detail", args=[reg.pk]))
    html = page.content.decode()
    boxes = re.findall(r'<input type="checkbox" name="candidates"[^>]*>', html)
    checked = sorted(int(re.search(r'value="(\d+)"', b).group(1)) for b in boxes if "checked" in b)
    assert checked == sorted([c.pk, other.pk])
    saved = client.post(
        reverse("registrations:registration_detail", args=[reg.pk]),
        {"candidates": checked, "notes": "", "version": reg.version},
    )
    assert saved.status_code == 302
    kept = Entry.objects.filter(registration=reg).values_list("candidate_id", flat=True)
    assert sorted(kept) == sorted([c.pk, other.pk])
