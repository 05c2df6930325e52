import csv
import io
import re

import pytest
from django.utils import timezone, translation

from dienhinh.core.files import safe_cell
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.domain import quotas
from dienhinh.registrations.domain.workflow import transition
from dienhinh.registrations.interfaces.charts import bar_chart
from dienhinh.registrations.interfaces.quota_board import QuotaTable, chart_series
from dienhinh.registrations.models import Registration
from tests.registrations import factories as f

# A year of the country as it is now with no demo registration of these units yet (a unit may
# open next year's draft); Guide 2533's quotas count the whole period, so a unit that registered
# in the demo's years (Sở Y tế, 2025) has met its own: the tests of a unit still behind use Sở
# Giáo dục và Đào tạo, which has not registered.
YEAR = f.YEAR[f.LC]
# The districts' quota ("huyện, thành phố") is that of the years before the reform of 01/07/2025.
DISTRICT_YEAR = 2025
BEHIND = "LC-SGDDT"


def _submit(org_code, people, personas, program_code=f.LC, year=YEAR):
    """A registration of `people` ([(name, subject type)]) sent to the standing agency."""
    cs = [f.candidate(org_code, name, st, program_code=program_code) for name, st in people]
    reg = f.registration(org_code, cs, year=year, program_code=program_code, status="submitted")
    return reg, cs


def _row(board, code):
    return next(r for r in board.rows if r.organisation.code == code)


def test_minimums_by_org_kind(before_reform, personas):
    prog, year = f.program(), DISTRICT_YEAR
    people = [("Khoa Dược", "collective"), ("Nguyễn Văn An", "individual")]
    _submit("LC-SYT", people, personas, year=year)
    people = [("Phòng Nội vụ", "collective"), ("Lò Văn Sáu", "individual")]
    _submit("LC-TAMDUONG", people, personas, year=year)
    board = quotas.build(prog, year, personas["standing"], today=f.D(year, 1, 1))
    syt, tamduong = _row(board, "LC-SYT"), _row(board, "LC-TAMDUONG")
    # A department needs 1 collective + 1 individual: met.
    assert syt.requirement.minimums == {"collective": 1, "individual": 1}
    assert (syt.shortfall, syt.colour) == (0, "green")
    # A district needs 2 models, 2 collectives, 3 individuals: 2 + 1 + 2 short.
    assert tamduong.requirement.minimums == {"model": 2, "collective": 2, "individual": 3}
    assert tamduong.shortfall == 5
    # Provincial council and the province itself have no quota: no row.
    assert not [r for r in board.rows if r.organisation.code in ("LC", "LC-HDTDKT")]


def test_any_of_counts_the_types_together(db, personas):
    prog, year = f.program(f.QB), f.YEAR[f.QB]  # Quảng Bình's plan ran to 2025
    people = [("Hoàng Văn Nam", "individual")]
    _submit("QB-SXD-QLXD", people, personas, program_code=f.QB, year=year)
    board = quotas.build(prog, year, personas["qb_standing"], today=f.D(year, 1, 1))
    assert _row(board, "QB-SXD-QLXD").shortfall == 0
    row = _row(board, "QB-SXD-TTR")
    assert row.shortfall == 1
    assert row.any_of == [{"types": ("collective", "individual"), "required": 1, "registered": 0}]


def test_drafts_are_in_progress_not_registered(db, personas):
    c = f.candidate(BEHIND, "Nguyễn Văn An")
    f.registration(BEHIND, [c], year=YEAR)
    row = _row(quotas.build(f.program(), YEAR, personas["standing"]), BEHIND)
    assert (row.counts, row.in_progress) == ({}, 1)


def test_colour_red_when_behind_near_the_deadline(db, personas):
    prog = f.program()
    # The guide fixes no deadline; the standing agency sets one on the milestone.
    prog.milestones.filter(kind="registration_deadline").update(date=f.D(YEAR, 12, 31))
    due = quotas.deadline(prog, YEAR)
    far = quotas.build(prog, YEAR, personas["standing"], today=due.replace(year=due.year - 1))
    near = quotas.build(prog, YEAR, personas["standing"], today=due)
    assert _row(far, BEHIND).colour == "amber"
    assert _row(near, BEHIND).colour == "red"
    assert near.days_left == 0


def test_a_unit_sees_its_own_subtree_only(db, personas):
    board = quotas.build(f.program(), YEAR, personas["officer_a"])
    codes = {r.organisation.code for r in board.rows}
    assert "LC-SYT" in codes and "LC-SYT-BVDK" in codes
    assert BEHIND not in codes


def test_accepted_counts_and_totals_and_charts(db, personas):
    reg, _ = _submit(BEHIND, [("Khoa Dược", "collective")], personas)
    transition(reg, "accept", actor=personas["standing"])
    unit = Organisation.objects.get(code=BEHIND)
    board = quotas.build(f.program(), YEAR, personas["standing"], organisation=unit)
    assert board.totals["registered"]["collective"] == 1
    assert dict(board.by_type)["collective"] == 1
    with translation.override("vi"):
        (by_type, _field, _district) = chart_series(board)
    assert ("Tập thể", 1) in by_type[1]
    assert sum(n for _name, n in board.by_district) == 1


def test_dashboard_page_renders_svg_charts_with_titles(db, client_for, personas):
    _submit("LC-SYT", [("Khoa Dược", "collective")], personas)
    body = (
        client_for("standing")
        .get("/registrations/quotas/", {"program": f.LC, "year": YEAR})
        .content.decode()
    )
    assert "<svg" in body and "<title" in body and "<details>" in body
    assert "style=" not in body and "<script>" not in body


def test_dashboard_filter_by_colour(db, client_for, personas):
    _submit("LC-SYT", [("Khoa Dược", "collective"), ("Nguyễn Văn An", "individual")], personas)
    response = client_for("standing").get(
        "/registrations/quotas/", {"program": f.LC, "year": YEAR, "colour": "green"}
    )
    assert [r.organisation.code for r in response.context["board"].rows] == ["LC-SYT"]


def test_dashboard_csv_has_a_bom_and_vietnamese(db, client_for, personas):
    _submit("LC-SYT", [("Khoa Dược", "collective")], personas)
    response = client_for("standing").get(
        "/registrations/quotas/", {"program": f.LC, "year": YEAR, "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    syt = next(r for r in rows if r[0] == "LC-SYT")
    assert syt[1] == "Sở Y tế tỉnh Lai Châu"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("An", "An"),
        (3, "3"),
    ],
)
def test_csv_cells_cannot_be_formulas(value, expected):
    assert safe_cell(value) == expected


def test_drill_down_lists_the_unit_registrations(db, client_for, personas):
    _submit("LC-SYT", [("Khoa Dược", "collective")], personas)
    response = client_for("standing").get(f"/registrations/quotas/{f.LC}/LC-SYT/", {"year": YEAR})
    assert "Khoa Dược" in response.content.decode()
    assert client_for("officer_b").get(f"/registrations/quotas/{f.LC}/LC-SYT/").status_code == 404


def _dashboard(client, **params):
    return client.get("/registrations/quotas/", {"program": f.LC, **params})


def test_rows_say_the_deadline_passed_when_it_has(before_reform, client_for, personas):
    # 2024: Huyện Tam Đường owes the districts' quota.
    prog = f.program()
    prog.milestones.filter(kind="registration_deadline").update(date=f.D(2024, 12, 31))
    _submit("LC-SYT", [("Khoa Dược", "collective")], personas, year=2024)
    past = quotas.build(prog, 2024, personas["standing"], today=f.D(2099, 1, 1))
    assert past.days_left < 0 and _row(past, "LC-TAMDUONG").colour == "red"
    body = _dashboard(client_for("standing"), year=2024).content.decode()
    with translation.override("vi"):
        passed = translation.gettext("Short by %(n)s, deadline passed") % {"n": 7}
        near = translation.gettext("Short by %(n)s, deadline near") % {"n": 7}
    assert passed in body and near not in body
    # The date sits in the card's label, not in its big number.
    card = body[body.index('class="kpi__value"') : body.index('class="kpi__label"')]
    assert not re.search(r"\d{2}/\d{2}/\d{4}", card)
    assert "Hạn đăng ký: " in body


def _qb_without_registrations():
    """Quảng Bình's plan before the reform, without its registrations (the tests' own only)."""
    prog = f.program(f.QB)
    Registration.objects.filter(program=prog).delete()
    return prog


def test_default_year_is_the_latest_with_registrations(before_reform, personas):
    prog = _qb_without_registrations()
    last = prog.period_end.year  # Quảng Bình's plan runs 2021–2025
    f.registration("QB-SXD-QLXD", [], year=last - 1, program_code=f.QB)
    f.registration("QB-SXD-TTR", [], year=last, program_code=f.QB)
    assert quotas.default_year(prog, Registration.objects.all()) == last


def test_a_stray_future_draft_does_not_become_the_default_year(before_reform, client_for, personas):
    prog, this_year = _qb_without_registrations(), timezone.localdate().year
    last = prog.period_end.year
    f.registration("QB-SXD-QLXD", [], year=last - 1, program_code=f.QB)
    # A draft typed for a year four years on before registrations' years were checked (the
    # domain refuses it now: test_workflow.test_registration_year_*).
    Registration.objects.create(
        program=prog, organisation=Organisation.objects.get(code="QB-SXD-TTR"), year=this_year + 4
    )
    assert quotas.default_year(prog, Registration.objects.all()) == last - 1
    page = client_for("qb_standing").get("/registrations/quotas/", {"program": f.QB})
    assert page.context["board"].year == last - 1


def test_default_year_without_registrations_is_the_current_year_within_the_period(
    before_reform, personas
):
    prog = f.program(f.QB)
    Registration.objects.filter(program=prog).delete()
    this_year = timezone.localdate().year
    expected = min(max(this_year, prog.period_start.year), prog.period_end.year)
    assert quotas.default_year(prog, Registration.objects.all()) == expected


def test_summary_link_only_for_the_standing_agency(db, client_for):
    link = f'href="/documents/summary/{f.LC}/'
    assert link in _dashboard(client_for("standing")).content.decode()
    assert link not in _dashboard(client_for("officer_a")).content.decode()


def test_charts_scale_to_their_card_with_readable_labels(db, personas):
    chart = bar_chart("x", [("Thành phố Lai Châu", 3), ("Huyện Tam Đường", 1)], "c")
    assert chart.font_size >= 12 and chart.width <= 400
    assert chart.label_width >= 160  # "Thành phố Lai Châu" fits left of the bars
    long = bar_chart("x", [("a) " + "Xây dựng Đảng và hệ thống chính trị " * 2, 1)], "c")
    assert long.bars[0].short_label.endswith("…") and len(long.bars[0].short_label) <= 24
    # A label longer than a line is wrapped on two lines, its row taller, and shown whole.
    name = "Cơ quan cấp tỉnh và đơn vị sự nghiệp"
    wrapped = bar_chart("x", [(name, 2), ("Huyện Tam Đường", 1)], "c")
    assert wrapped.bars[0].lines == ("Cơ quan cấp tỉnh và đơn", "vị sự nghiệp")
    assert wrapped.bars[1].y - wrapped.bars[0].y > chart.bars[1].y - chart.bars[0].y
    svg = str(wrapped.svg())
    assert ">Cơ quan cấp tỉnh và đơn</tspan>" in svg and ">vị sự nghiệp</tspan>" in svg
    assert "đơn…" not in svg


def test_table_is_paginated_while_totals_stay_those_of_every_unit(
    db, client_for, personas, monkeypatch
):
    from dienhinh.registrations.views import dashboard

    prog = f.program()
    everyone = quotas.build(prog, YEAR, personas["standing"])
    assert len(everyone.rows) > 2
    monkeypatch.setattr(dashboard, "ROWS_PER_PAGE", 2)
    client = client_for("standing")
    first = _dashboard(client, year=YEAR)
    assert len(first.context["page"].object_list) == 2
    assert first.context["board"].totals["organisations"] == len(everyone.rows)
    body = first.content.decode()
    assert f"program={f.LC}&amp;year={YEAR}&amp;page=2" in body
    assert "page=" not in re.search(r'href="\?([^"]*)format=csv"', body).group(1)
    last = _dashboard(client, year=YEAR, page=99).context["page"]
    assert last.number == last.paginator.num_pages
    seen = [
        r.organisation.code
        for n in last.paginator.page_range
        for r in _dashboard(client, year=YEAR, page=n).context["page"].object_list
    ]
    assert seen == [r.organisation.code for r in everyone.rows]


def test_cached_counts_follow_every_change(db, personas):
    prog = f.program()
    standing = personas["standing"]
    assert _row(quotas.build(prog, YEAR, standing), BEHIND).counts == {}
    reg, (c,) = _submit(BEHIND, [("Khoa Dược", "collective")], personas)
    assert _row(quotas.build(prog, YEAR, standing), BEHIND).counts == {"collective": 1}
    # Served from the cache while nothing changes.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        quotas.build(prog, YEAR, standing)
    assert not [q for q in ctx.captured_queries if "GROUP BY" in q["sql"]]
    c.subject_type = "individual"
    c.save()
    assert _row(quotas.build(prog, YEAR, standing), BEHIND).counts == {"individual": 1}
    reg.status = "draft"
    reg.save()
    row = _row(quotas.build(prog, YEAR, standing), BEHIND)
    assert (row.counts, row.in_progress) == ({}, 1)
    reg.entries.all().delete()
    assert _row(quotas.build(prog, YEAR, standing), BEHIND).in_progress == 0


def test_unit_table_follows_renames_moves_closures_and_quota_rules(before_reform, personas):
    """The cached table of units is replaced when a unit or a quota rule changes (in 2025, with
    a school moved from one district to another)."""
    from dienhinh.orgs import domain as orgs
    from dienhinh.orgs.models import Organisation

    prog, YEAR = f.program(), DISTRICT_YEAR
    standing, admin = personas["standing"], personas["admin"]
    day = f.D(YEAR, 1, 1)
    assert _row(quotas.build(prog, YEAR, standing), "LC-SYT").organisation.name != "Sở Y tế mới"
    orgs.rename(
        Organisation.objects.get(code="LC-SYT"),
        actor=admin,
        new_name="Sở Y tế mới",
        effective_on=day,
    )
    assert _row(quotas.build(prog, YEAR, standing), "LC-SYT").organisation.name == "Sở Y tế mới"

    school = Organisation.objects.get(code="LC-TAMDUONG-THCS")
    before = _row(quotas.build(prog, YEAR, standing), school.code).district
    other = Organisation.objects.filter(kind="district").exclude(pk=before.pk).first()
    orgs.move(school, actor=admin, new_parent=other, effective_on=day)
    assert _row(quotas.build(prog, YEAR, standing), school.code).district.pk == other.pk

    orgs.close(Organisation.objects.get(code="LC-SXD"), actor=admin, effective_on=day)
    assert "LC-SXD" not in {r.organisation.code for r in quotas.build(prog, YEAR, standing).rows}

    quota = next(q for q in prog.quotas.all() if "department" in q.org_kinds)
    quota.minimums = {**quota.minimums, "individual": 4}
    quota.save()
    row = _row(quotas.build(prog, YEAR, standing), "LC-SYT")
    assert row.requirement.minimums["individual"] == 4


def test_rows_link_to_the_unit_and_say_their_status(db, client_for, personas):
    _submit(BEHIND, [("Khoa Dược", "collective"), ("Nguyễn Văn An", "individual")], personas)
    client = client_for("standing")
    body = _dashboard(client, year=YEAR).content.decode()
    link = f"/registrations/quotas/{f.LC}/{BEHIND}/?year={YEAR}"
    assert f'href="{link}"' in body
    assert client.get(link).status_code == 200
    with translation.override("vi"):
        met = translation.gettext("Met")
    row = body[body.index(f'href="{link}"') :]
    row = row[: row.index("</tr>")]
    assert "1 / 1" in row and met in row


def test_boards_kept_in_the_process_are_per_scope_and_say_nothing_in_a_language(db, personas):
    prog = f.program()
    everyone = {r.organisation.code for r in quotas.build(prog, YEAR, personas["standing"]).rows}
    mine = {r.organisation.code for r in quotas.build(prog, YEAR, personas["officer_b"]).rows}
    assert "LC-SYT" in everyone and "LC-SYT" not in mine and mine < everyone
    board = quotas.build(prog, YEAR, personas["standing"])
    with translation.override("vi"):
        vi = chart_series(board)[0][1]
    with translation.override("en"):
        en = chart_series(board)[0][1]
        assert quotas.build(prog, YEAR, personas["standing"]) is board
    assert [n for _label, n in vi] == [n for _label, n in en]
    assert [label for label, _n in vi] != [label for label, _n in en]


def test_drill_down_pages_its_candidates_and_evaluates_only_those_shown(db, client_for, personas):
    from dienhinh.registrations.views.dashboard import ROWS_PER_PAGE

    people = [(f"Cán bộ số {i:02d}", "individual") for i in range(ROWS_PER_PAGE + 1)]
    _submit("LC-SYT-CDC", people, personas)
    client = client_for("standing")
    url = f"/registrations/quotas/{f.LC}/LC-SYT/"
    first = client.get(url, {"year": YEAR})
    second = client.get(url, {"year": YEAR, "page": 2})
    assert len(first.context["entries"]) == ROWS_PER_PAGE
    assert [e.candidate.name for e in second.context["entries"]] == [people[-1][0]]
    assert all(hasattr(e, "evaluation") for e in second.context["entries"])
    assert "page=2" in first.content.decode()


def test_quota_table_columns_give_head_cells_and_totals_alike(db, personas):
    _submit("LC-SYT", [("Khoa Dược", "collective"), ("Nguyễn Văn An", "individual")], personas)
    board = quotas.build(f.program(), YEAR, personas["standing"], today=f.D(YEAR, 1, 1))
    rows = [_row(board, "LC-SYT"), *board.rows[:2]]
    with translation.override("en"):
        table = QuotaTable(board, rows, lambda row: f"/u/{row.organisation.code}")
    width = len(table.columns)
    assert width == 2 + len(board.types) + 3
    assert table.head().count("<th") == width
    for row in table.body().split("\n"):
        assert row.count("<td") == width
    assert table.foot().count("<th") + table.foot().count("<td") == width
    assert '<a href="/u/LC-SYT">' in table.body() and table.lines[0].status == "Met"
    empty = QuotaTable(board, [], lambda row: "")
    assert f'colspan="{width}"' in empty.body()


def test_every_board_built_ahead_stays_kept_whatever_the_number_of_programs(
    db, personas, monkeypatch
):
    """The warm-up builds each active program's board; with more programs than the stores
    hold by default (36 at national scale, for 32), the first built were dropped by the last and
    each worker built them again on its first request. Here the stores hold one value each."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dienhinh.core.cache import VersionedCache
    from dienhinh.programs.enums import ProgramStatus
    from dienhinh.programs.models import Program
    from dienhinh.registrations.domain import unit_counts
    from dienhinh.registrations.domain.cache import records, units_cache

    for store in (quotas._tables, quotas._boards, unit_counts._kept, unit_counts._fields_kept):
        monkeypatch.setattr(store, "entries", 1)
    for cache in (records, units_cache):
        monkeypatch.setattr(cache, "local_entries", 1)
    monkeypatch.setattr(quotas, "_DEFAULT_ENTRIES", 1)
    VersionedCache.forget_all_local()
    year_now = timezone.localdate().year
    # Every program of the demo active and running (the warm-up builds those).
    Program.objects.update(
        status=ProgramStatus.ACTIVE, period_end=datetime.date(year_now + 1, 12, 31)
    )
    programs = list(Program.objects.select_related("organisation").order_by("pk"))
    assert len(programs) > 1
    assert quotas.warm_boards() == len(programs)
    for program in programs:
        year = quotas.default_year(program, Registration.objects.all())
        with CaptureQueriesContext(connection) as ctx:
            quotas.build(program, year, None)
        # Neither the counts by unit nor the units themselves read again.
        assert not [q for q in ctx.captured_queries if "GROUP BY" in q["sql"]], program.code
        assert not [q for q in ctx.captured_queries if "orgs_organisation" in q["sql"]]
