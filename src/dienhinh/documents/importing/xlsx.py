"""The rows of an XLSX workbook as text, with what a reader of the sheet could not see marked.

openpyxl's read-only parser, driven directly so that the row and column properties it reads
anyway (hidden rows and columns) and each cell's style (font colour against fill) stay at hand.
Hidden and very hidden sheets are not read and are named in a warning.
"""

import datetime
import io
import re
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser

from dienhinh.core.files import FORMULA_PREFIXES
from dienhinh.documents.importing.layout import Line
from dienhinh.documents.importing.problems import ImportRejected, Problem

WHITE = "FFFFFF"
# A formula calling another program through DDE: =cmd|' /C calc'!A0
_DDE_FORMULA = re.compile(r"^=.*[\w\"']\|.*!", re.DOTALL)


def cell_text(value) -> str:
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


def _rgb(color, default: str) -> str:
    if color is None:
        return default
    if getattr(color, "type", None) == "rgb" and isinstance(color.rgb, str):
        return color.rgb[-6:].upper()
    if getattr(color, "type", None) == "theme":
        return {0: WHITE, 1: "000000"}.get(color.theme, "?")  # lt1 / dk1 of the default theme
    if getattr(color, "type", None) == "indexed":
        return {1: WHITE, 9: WHITE, 0: "000000", 8: "000000", 64: "000000"}.get(color.indexed, "?")
    return default


class _Styles:
    """Whether a style id's font colour equals its fill (text no one sees); cached per id."""

    def __init__(self, wb):
        self.cell_styles = wb._cell_styles
        self.fonts = wb._fonts
        self.fills = wb._fills
        self.cache: dict[int, bool] = {}

    def invisible(self, style_id: int) -> bool:
        if style_id not in self.cache:
            self.cache[style_id] = self._invisible(style_id)
        return self.cache[style_id]

    def _invisible(self, style_id: int) -> bool:
        try:
            style = self.cell_styles[style_id]
            font = self.fonts[style.fontId]
            fill = self.fills[style.fillId]
        except (IndexError, AttributeError, TypeError):
            return False
        background = WHITE
        if getattr(fill, "patternType", None) == "solid":
            background = _rgb(getattr(fill, "fgColor", None), WHITE)
        return _rgb(getattr(font, "color", None), "000000") == background != "?"


def _hidden_columns(dimensions: dict) -> set[int]:
    hidden: set[int] = set()
    for attrs in dimensions.values():
        if attrs.get("hidden") in ("1", "true"):
            low, high = int(attrs.get("min", 0)), int(attrs.get("max", 0))
            hidden.update(range(max(low, 1) - 1, min(high, 200)))
    return hidden


def _sheet_lines(wb, ws, styles: _Styles) -> Iterator[Line]:
    hidden_row = _("the row is hidden; show it (or delete it) and upload the file again.")
    hidden_column = _("the column is hidden; show it (or delete it) and upload the file again.")
    invisible = _(
        "the text is coloured like its background, so no one reading the sheet sees it; "
        "make it visible (or delete it) and upload the file again."
    )
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=False,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        hidden_columns: set[int] | None = None
        for number, cells in parser.parse():
            if hidden_columns is None:  # <cols> comes before the rows
                hidden_columns = _hidden_columns(parser.column_dimensions)
            dims = parser.row_dimensions.get(str(number))
            row_hidden = dims is not None and dims.get("hidden") in ("1", "true")
            values: list[str] = []
            marks: dict[int, str] = {}
            for cell in cells:
                value = cell["value"]
                if value is None:
                    continue
                text = cell_text(value)
                if not text.strip():
                    continue
                index = cell["column"] - 1
                if index > 200:
                    continue
                if cell["data_type"] == "f" and _DDE_FORMULA.match(text):
                    raise ImportRejected([Problem(_dde(), ws.title, number)])
                values.extend([""] * (index + 1 - len(values)))
                values[index] = text
                if row_hidden:
                    continue  # the whole row is named once (Line.hidden)
                if index in hidden_columns:
                    marks[index] = hidden_column
                elif cell["style_id"] and styles.invisible(cell["style_id"]):
                    marks[index] = invisible
            yield Line(ws.title, number, values, marks, hidden=hidden_row if row_hidden else "")


def _dde() -> str:
    return _(
        "the cell holds a dynamic data exchange (DDE) formula, which can run programs when the "
        "file is opened; the file was refused."
    )


def read_lines(data: bytes, warnings: list[Problem]) -> Iterator[Line]:
    """Every row of every visible sheet; ImportRejected when the workbook cannot be read."""
    try:
        # Cells are read as data: a formula comes back as the text that was typed ("=1+1"),
        # never as the value a spreadsheet program computed (or None when it computed none).
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ImportRejected([Problem(_("The Excel file cannot be read."))]) from exc
    try:
        styles = _Styles(wb)
        for ws in wb.worksheets:
            state = getattr(ws, "sheet_state", "visible")
            if state != "visible":
                warnings.append(
                    Problem(
                        _("the sheet is hidden (%(state)s); it was not read.")
                        % {"state": _("very hidden") if state == "veryHidden" else _("hidden")},
                        ws.title,
                    )
                )
                continue
            yield from _sheet_lines(wb, ws, styles)
    except (ImportRejected, MemoryError):
        raise
    except Exception as exc:
        raise ImportRejected([Problem(_("The Excel file cannot be read."))]) from exc
    finally:
        wb.close()
