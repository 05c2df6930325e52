"""Read the tables of a filled form (XLSX sheets or DOCX tables) into plain rows, nothing else."""

import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from docx import Document
from openpyxl import load_workbook

from dienhinh.core.files import FORMULA_PREFIXES
from dienhinh.core.text import fold
from dienhinh.documents.forms.registration import SECTIONS
from dienhinh.documents.importing.problems import ImportRejected, Problem

MAX_ROWS = 2000
_TITLES = {st: [fold(c.title) for c in spec[1]] for st, spec in SECTIONS.items()}
_FIRST_TITLES = {titles[0] for titles in _TITLES.values()}


@dataclass
class RawRow:
    subject_type: str
    sheet: str
    row: int  # 1-based, as the spreadsheet program numbers it (or the row of the Word table)
    cells: list[str] = field(default_factory=list)  # one per column of the section


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float | datetime.date | datetime.time | bool):
        # An array or data-table formula object: its formula text, as typed.
        value = getattr(value, "text", None) or ""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]  # the mark the XLSX export puts before formula-like text (safe_cell)
    return text


def match_header(values: list[str]) -> str | None:
    """The subject type whose column titles these are (folded, in order), or None."""
    # Most rows are data: their first cell tells, without folding the whole row.
    if not values or fold(values[0]) not in _FIRST_TITLES:
        return None
    folded = [fold(v) for v in values]
    while folded and not folded[-1]:
        folded.pop()
    for subject_type, titles in _TITLES.items():
        if folded == titles:
            return subject_type
    return None


def _collect(tables, problems) -> list[RawRow]:
    """tables: (sheet name, iterator of (row number, [cell text])) -> rows under a known header."""
    rows: list[RawRow] = []
    for sheet, iterator in tables:
        current = None
        for number, values in iterator:
            found = match_header(values)
            if found:
                current = found
                continue
            if current is None or not any(v.strip() for v in values):
                continue
            width = len(_TITLES[current])
            rows.append(
                RawRow(current, sheet, number, [*values[:width], *[""] * (width - len(values))])
            )
            if len(rows) > MAX_ROWS:
                raise ImportRejected(
                    [Problem(_("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS})]
                )
    if not rows and not problems:
        problems.append(
            Problem(
                _(
                    "No table of the registration form was found: keep the column headings of "
                    "the template (STT, ... , Ghi chú) unchanged."
                )
            )
        )
    return rows


def parse_xlsx(data: bytes, problems: list[Problem]) -> list[RawRow]:
    try:
        # Cells are read as data: a formula comes back as the text that was typed ("=1+1"),
        # never as the value a spreadsheet program computed (or None when it computed none).
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ImportRejected([Problem(_("The Excel file cannot be read."))]) from exc

    def sheet_rows(ws):
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 200:
                raise ImportRejected(
                    [Problem(_("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS})]
                )
            yield number, [_text(v) for v in values]

    try:
        return _collect(((ws.title, sheet_rows(ws)) for ws in wb.worksheets), problems)
    except ImportRejected:
        raise
    except Exception as exc:
        raise ImportRejected([Problem(_("The Excel file cannot be read."))]) from exc
    finally:
        wb.close()


def parse_docx(data: bytes, problems: list[Problem]) -> list[RawRow]:
    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:
        raise ImportRejected([Problem(_("The Word file cannot be read."))]) from exc

    def table_rows(table):
        for number, row in enumerate(table.rows, start=1):
            yield number, [cell.text for cell in row.cells]

    tables = [(_("Table %(n)s") % {"n": i}, table_rows(t)) for i, t in enumerate(doc.tables, 1)]
    return _collect(tables, problems)
