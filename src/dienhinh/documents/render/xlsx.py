"""XLSX renderer (openpyxl): one sheet per section, the header block on top, text cells only."""

import io
from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from dienhinh.core.files import safe_cell
from dienhinh.documents.model import Document

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
# Sheet titles: at most 31 characters, none of []:*?/\
_SHEET_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(heading: str) -> str:
    return heading.translate(_SHEET_BAD).strip()[:31] or "Sheet"


def _text(cell, value, *, bold=False, italic=False, size=12, align=WRAP, border=False):
    cell.value = safe_cell(value)
    cell.data_type = "s"  # always a string: nothing is evaluated as a formula
    cell.font = Font(name=FONT, size=size, bold=bold, italic=italic)
    cell.alignment = align
    if border:
        cell.border = BOX


def write_header(ws, doc: Document, ncols: int) -> int:
    """The header block and the title, across `ncols` columns; returns the next free row."""
    half = max(1, ncols // 2 - 1)
    head = doc.header
    rows = [
        ((head.issuer_upper + "\n" if head.issuer_upper else "") + head.issuer, head.motto),
        (head.number, head.motto_sub),
        ("", head.place_date),
    ]
    r = 1
    for left, right in rows:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=half)
        ws.merge_cells(start_row=r, start_column=half + 1, end_row=r, end_column=ncols)
        _text(ws.cell(r, 1), left, bold=r == 1, align=CENTER)
        _text(ws.cell(r, half + 1), right, bold=r < 3, italic=r == 3, align=CENTER)
        r += 1
    texts = [(doc.title, True), (doc.subtitle, True)]
    texts += [(line, False) for line in doc.basis] + [(doc.preamble, False)]
    for text, bold in texts:
        if not text:
            continue
        r += 1 if text is doc.title else 0
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        _text(
            ws.cell(r, 1), text, bold=bold, size=13 if bold else 12, align=CENTER if bold else WRAP
        )
        if text is doc.preamble:
            ws.row_dimensions[r].height = 15 * (1 + len(text) // 120)
        r += 1
    return r + 1


def write_signatures(ws, doc: Document, r: int, ncols: int) -> int:
    """`Footer.signatures` side by side from row `r`, across `ncols` columns; the next free row.

    Only documents with several signatures get them: the one-signature footer is for print.
    """
    blocks = doc.footer.signatures
    if not blocks:
        return r
    ncols = max(ncols, len(blocks))
    for k, sig in enumerate(blocks):
        first = 1 + k * ncols // len(blocks)
        last = (k + 1) * ncols // len(blocks)
        ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
        _text(ws.cell(r, first), sig.title, bold=True, align=CENTER)
        if sig.note:
            ws.merge_cells(start_row=r + 1, start_column=first, end_row=r + 1, end_column=last)
            _text(ws.cell(r + 1, first), sig.note, italic=True, align=CENTER)
        if sig.name:
            ws.merge_cells(start_row=r + 5, start_column=first, end_row=r + 5, end_column=last)
            _text(ws.cell(r + 5, first), sig.name, bold=True, align=CENTER)
    return r + 6


def _rows(ws, rows: list[list[str]], r: int) -> int:
    """The table's rows under row `r`, bordered; returns the last row written.

    Every cell gets what `_text` gives it; the style is worked out once for the first column
    and once for the others, then copied (openpyxl looks each new Font and Alignment up in the
    workbook's lists, which costs most of the time for a long table).
    """
    styles = {}
    cells = ws._cells  # as openpyxl's own reader fills a sheet: ws.cell() is slower
    for values in rows:
        r += 1
        for j, value in enumerate(values, start=1):
            key = j == 1
            if key not in styles:
                cell = ws.cell(r, j)
                _text(cell, value, border=True, align=CENTER if key else WRAP)
                styles[key] = cell._style
                continue
            cell = Cell(ws, row=r, column=j, style_array=copy(styles[key]))
            cell.value = safe_cell(value)
            cell.data_type = "s"  # as in _text
            cells[(r, j)] = cell
    return r


def render_xlsx(doc: Document) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for section in doc.sections or []:
        title = sheet_title(section.heading)
        while title in used:
            title = title[:28] + f" {len(used)}"
        used.add(title)
        ws = wb.create_sheet(title)
        columns = section.table.columns
        r = write_header(ws, doc, len(columns))
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(columns))
        _text(ws.cell(r, 1), section.heading, bold=True)
        r += 1
        for j, column in enumerate(columns, start=1):
            _text(ws.cell(r, j), column.title, bold=True, align=CENTER, border=True)
            ws.column_dimensions[get_column_letter(j)].width = max(6, column.width_mm / 2.2)
        r = _rows(ws, section.table.rows, r)
        if section is doc.sections[-1]:
            write_signatures(ws, doc, r + 2, len(columns))
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if doc.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
    if doc.instructions:
        ws = wb.create_sheet("Hướng dẫn", 0)
        ws.column_dimensions["A"].width = 120
        for r, line in enumerate(doc.instructions, start=1):
            _text(ws.cell(r, 1), line, bold=r == 1)
    if not wb.sheetnames:
        ws = wb.create_sheet(sheet_title(doc.title))
        write_signatures(ws, doc, write_header(ws, doc, 6), 6)
    buffer = io.BytesIO()
    wb.properties.title = doc.title
    wb.save(buffer)
    return buffer.getvalue()
