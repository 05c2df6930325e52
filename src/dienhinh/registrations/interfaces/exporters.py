"""Exports of the quota dashboard, CSV (UTF-8 with BOM, so Excel reads Vietnamese) and XLSX: the
columns of the page's table (`quota_board.QuotaTable`) as plain values, every cell formula-safe."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dienhinh.core.files import safe_cell
from dienhinh.registrations.domain.quotas import Dashboard
from dienhinh.registrations.interfaces.quota_board import QuotaTable


def dashboard_csv(dashboard: Dashboard) -> str:
    table = QuotaTable(dashboard, dashboard.rows)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in table.export_header()])
    for row in table.export_rows():
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def dashboard_xlsx(dashboard: Dashboard) -> bytes:
    """The same header and rows as the CSV; numbers stay numbers."""
    table = QuotaTable(dashboard, dashboard.rows)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Quotas")[:31]
    sheet.append([safe_cell(h) for h in table.export_header()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.export_rows():
        sheet.append([v if isinstance(v, int) else safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
