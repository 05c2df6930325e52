"""One definition of the quota table's columns (`interfaces.quota_board.columns`): the dashboard's
table, its CSV and XLSX exports and a unit's drill-down say the same things in the same order."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dienhinh.registrations.domain import quotas
from dienhinh.registrations.interfaces.quota_board import QuotaTable
from tests.registrations import factories as f
from tests.registrations.test_quotas import BEHIND, YEAR, _submit

pytestmark = pytest.mark.django_db

URL = "/registrations/quotas/"


@pytest.fixture
def submitted(personas):
    _submit("LC-SYT", [("Khoa Dược", "collective"), ("Nguyễn Văn An", "individual")], personas)
    _submit(BEHIND, [("Phòng Tổ chức cán bộ", "collective")], personas)


def _csv(client):
    response = client.get(URL, {"program": f.LC, "year": YEAR, "format": "csv"})
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(client):
    response = client.get(URL, {"program": f.LC, "year": YEAR, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="quotas-lai-chau-2533-{YEAR}.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _headers(html):
    return re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html)


def test_csv_and_xlsx_write_the_table_columns_values(submitted, client_for, personas):
    client = client_for("standing")
    rows = _csv(client)
    assert _xlsx(client) == rows
    board = quotas.build(f.program(), YEAR, personas["standing"])
    with translation.override("vi"):
        table = QuotaTable(board, board.rows)
        assert rows[0] == table.export_header()
        # Each column of the page writes its values, in the page's order.
        assert rows[0] == [v.header for c in table.columns for v in c.values]
    assert all(len(row) == len(rows[0]) for row in rows)
    assert [r[0] for r in rows[1:]] == [r.organisation.code for r in board.rows]


def test_exported_values_say_what_the_page_cells_say(submitted, client_for, personas):
    client = client_for("standing")
    header, *rows = _csv(client)
    syt = dict(zip(header, next(r for r in rows if r[0] == "LC-SYT"), strict=True))
    page = client.get(URL, {"program": f.LC, "year": YEAR}).content.decode()
    line = re.search(r"<tr><td><a [^>]*>Sở Y tế tỉnh Lai Châu</a></td>(.*?)</tr>", page).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", line)
    board = quotas.build(f.program(), YEAR, personas["standing"])
    with translation.override("vi"):
        table = QuotaTable(board, board.rows)
    type_columns = table.columns[2 : 2 + len(board.types)]
    assert len(cells) == len(table.columns) - 1
    for column, cell in zip(type_columns, cells[1 : 1 + len(type_columns)], strict=True):
        registered, required = (v.header for v in column.values)
        expected = syt[registered] if not syt[required] else f"{syt[registered]} / {syt[required]}"
        assert cell == expected, column.header
    in_progress, status = table.columns[-2], table.columns[-1]
    assert syt[in_progress.values[0].header] == cells[-2]
    short_by = status.values[0].header
    assert syt[short_by] == "0" and "badge--green" in cells[-1]


def test_drill_down_shows_the_dashboard_columns(submitted, client_for):
    client = client_for("standing")
    dashboard = client.get(URL, {"program": f.LC, "year": YEAR})
    url = reverse("registrations:dashboard_organisation", args=[f.LC, "LC-SYT"])
    response = client.get(url, {"year": YEAR})
    table = response.context["table"]
    head = str(table.head())
    assert head == str(dashboard.context["table"].head())
    assert _headers(head) == [c.header for c in table.columns]
    assert head in response.content.decode()
    assert "LC-SYT" in [line.row.organisation.code for line in table.lines]
    body = str(table.body())
    for row in body.split("\n"):
        assert row.count("<td") == len(table.columns)
    assert f"?year={YEAR}" in body
