import csv
import io

import pytest

from dienhinh.core.files import safe_cell
from dienhinh.registrations.domain import quotas
from dienhinh.registrations.domain.workflow import transition
from tests.registrations import factories as f

YEAR = 2031


def _submit(org_code, people, personas, program_code=f.LC, year=YEAR):
    """A registration of `people` ([(name, subject type)]) sent to the standing agency."""
    cs = [f.candidate(org_code, name, st, program_code=program_code) for name, st in people]
    reg = f.registration(org_code, cs, year=year, program_code=program_code, status="submitted")
    return reg, cs


def _row(board, code):
    return next(r for r in board.rows if r.organisation.code == code)


def test_minimums_by_org_kind(db, personas):
    prog = f.program()
    _submit("LC-SYT", [("Khoa Dược", "collective"), ("Nguyễn Văn An", "individual")], personas)
    _submit("LC-TAMDUONG", [("Phòng Nội vụ", "collective"), ("Lò Văn Sáu", "individual")], personas)
    board = quotas.build(prog, YEAR, personas["standing"], today=f.D(YEAR, 1, 1))
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
    prog = f.program(f.QB)
    _submit("QB-SXD-QLXD", [("Hoàng Văn Nam", "individual")], personas, program_code=f.QB)
    board = quotas.build(prog, YEAR, personas["qb_standing"], today=f.D(YEAR, 1, 1))
    assert _row(board, "QB-SXD-QLXD").shortfall == 0
    row = _row(board, "QB-SXD-TTR")
    assert row.shortfall == 1
    assert row.any_of == [{"types": ("collective", "individual"), "required": 1, "registered": 0}]


def test_drafts_are_in_progress_not_registered(db, personas):
    c = f.candidate("LC-SYT", "Nguyễn Văn An")
    f.registration("LC-SYT", [c], year=YEAR)
    row = _row(quotas.build(f.program(), YEAR, personas["standing"]), "LC-SYT")
    assert (row.counts, row.in_progress) == ({}, 1)


def test_colour_red_when_behind_near_the_deadline(db, personas):
    prog = f.program()
    due = quotas.deadline(prog, YEAR)
    far = quotas.build(prog, YEAR, personas["standing"], today=due.replace(year=due.year - 1))
    near = quotas.build(prog, YEAR, personas["standing"], today=due)
    assert _row(far, "LC-SYT").colour == "amber"
    assert _row(near, "LC-SYT").colour == "red"
    assert near.days_left == 0


def test_a_unit_sees_its_own_subtree_only(db, personas):
    board = quotas.build(f.program(), YEAR, personas["officer_b"])
    codes = {r.organisation.code for r in board.rows}
    assert "LC-TAMDUONG" in codes and "LC-TAMDUONG-BINHLU" in codes
    assert "LC-SYT" not in codes


def test_accepted_counts_and_totals_and_charts(db, personas):
    reg, _ = _submit("LC-SYT", [("Khoa Dược", "collective")], personas)
    transition(reg, "accept", actor=personas["standing"])
    board = quotas.build(f.program(), YEAR, personas["standing"])
    assert board.totals["registered"]["collective"] == 1
    assert ("Tập thể" in dict(board.by_type)) or ("Collective" in dict(board.by_type))
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


def test_dashboard_takes_a_constant_number_of_queries(db, client_for, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("standing")
    params = {"program": f.LC, "year": YEAR}
    _submit("LC-SYT", [("Khoa Dược", "collective")], personas)
    with CaptureQueriesContext(connection) as one:
        client.get("/registrations/quotas/", params)
    for code in ("LC-SGDDT", "LC-SXD", "LC-TAMDUONG-BINHLU"):
        _submit(code, [("Tổ Văn phòng", "collective")], personas)
    with CaptureQueriesContext(connection) as four:
        client.get("/registrations/quotas/", params)
    assert len(one) == len(four)
