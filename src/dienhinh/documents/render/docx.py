"""DOCX renderer (python-docx): A4, Decree 30 margins, Times New Roman, bordered tables."""

import io
from copy import deepcopy

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from dienhinh.documents.model import Document, Footer, Signature, Table

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def _set_font(style, size=BODY_PT):
    style.font.name = FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(container, text="", *, bold=False, italic=False, size=None, align=None, underline=False):
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_text(cell, text, *, bold=False, italic=False, underline=False, align=None, size=None):
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    _para(cell, text, bold=bold, italic=italic, underline=underline, align=align, size=size)


def _keep_whole(table):
    """Rows that never split across pages (w:cantSplit)."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _recipients(container, foot: Footer, *, first=True):
    if first:
        _cell_text(container, foot.recipients_label, bold=True, italic=True, size=12)
    else:
        _para(container, foot.recipients_label, bold=True, italic=True, size=12)
    for line in foot.recipients:
        _para(container, f"- {line}", size=11)


def _signature(cell, sig: Signature):
    _cell_text(cell, sig.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if sig.note:
        _para(cell, sig.note, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if sig.name:
        for _ in range(3):
            _para(cell, "")
        _para(cell, sig.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _grid(out, data: Table, usable_mm: float):
    """A bordered table: the column titles, then one row per data row.

    The header row and one prototype row go through python-docx; every data row is a copy of
    the prototype's XML with its text put in. Going through python-docx for each cell costs
    time in the square of the rows (`table.rows` and `row.cells` are rebuilt at each call).
    A value with a tab or a line break takes python-docx's path, for the same runs and breaks.
    """
    center = WD_ALIGN_PARAGRAPH.CENTER
    columns = data.columns
    table = out.add_table(rows=2 if data.rows else 1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(c.width_mm for c in columns) or 1
    rows = table.rows
    for j, column in enumerate(columns):
        width = Mm(usable_mm * column.width_mm / total)
        for row in rows:
            row.cells[j].width = width
        _cell_text(rows[0].cells[j], column.title, bold=True, align=center, size=TABLE_PT)
    if not data.rows:
        return
    tbl = table._tbl
    prototype = rows[1]._tr
    blank = deepcopy(prototype)  # cells as python-docx makes them: the width, an empty paragraph
    for j, cell in enumerate(rows[1].cells):
        _cell_text(cell, "", align=center if j == 0 else None, size=TABLE_PT)
    filled = list(prototype.tc_lst)  # one empty run, formatted, per column
    tbl.remove(prototype)
    for values in data.rows:
        tr = deepcopy(blank)
        tbl.append(tr)
        cells = tr.tc_lst
        for j, value in enumerate(values):
            text = str(value)
            if "\t" in text or "\n" in text or "\r" in text:
                _cell_text(
                    _Cell(cells[j], table), text, align=center if j == 0 else None, size=TABLE_PT
                )
                continue
            tc = deepcopy(filled[j])
            if text:
                tc.p_lst[0].r_lst[0].add_t(text)
            tr.replace(cells[j], tc)


def render_docx(doc: Document) -> bytes:
    out = DocxDocument()
    _set_font(out.styles["Normal"])
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    usable_mm = (297 if doc.landscape else 210) - MARGINS_MM["left"] - MARGINS_MM["right"]
    center = WD_ALIGN_PARAGRAPH.CENTER

    # Header block: a borderless two-column table (unit left, national motto right).
    head = doc.header
    block = out.add_table(rows=1, cols=2)
    block.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(block)
    left, right = block.rows[0].cells
    left.width, right.width = Mm(usable_mm * 0.4), Mm(usable_mm * 0.6)
    if head.issuer_upper:
        _cell_text(left, head.issuer_upper, align=center)
        _para(left, head.issuer, bold=True, underline=True, align=center)
    else:
        _cell_text(left, head.issuer, bold=True, underline=True, align=center)
    if head.number:
        _para(left, head.number, align=center)
    _cell_text(right, head.motto, bold=True, align=center)
    _para(right, head.motto_sub, bold=True, underline=True, align=center, size=14)
    if head.place_date:
        _para(right, "")
        _para(right, head.place_date, italic=True, align=center)

    _para(out, "")
    _para(out, doc.title, bold=True, align=center, size=14)
    if doc.subtitle:
        _para(out, doc.subtitle, bold=True, align=center)
    if doc.basis:
        _para(out, "")
    for line in doc.basis:
        p = _para(out, line, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        p.paragraph_format.first_line_indent = Mm(10)
    if doc.preamble:
        _para(out, "")
        p = _para(out, doc.preamble, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        p.paragraph_format.first_line_indent = Mm(10)

    for sec in doc.sections:
        _para(out, "")
        _para(out, sec.heading, bold=True)
        _grid(out, sec.table, usable_mm)

    spacer = _para(out, "")
    spacer.paragraph_format.keep_with_next = True
    if doc.sections and doc.sections[-1].table.rows:
        # The last row goes to the next page with the footer rather than leave it alone there.
        for cell in out.tables[-1].rows[-1].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    foot = doc.footer
    if foot.signatures:
        # Titles and notes on one row, names on the next: level whatever the notes.
        block = out.add_table(rows=2, cols=len(foot.signatures))
        _no_borders(block)
        _keep_whole(block)
        for j, sig in enumerate(foot.signatures):
            top, bottom = block.rows[0].cells[j], block.rows[1].cells[j]
            top.width = bottom.width = Mm(usable_mm / len(foot.signatures))
            _signature(top, Signature(sig.title, sig.note))
            top.paragraphs[-1].paragraph_format.keep_with_next = True
            if sig.name:
                _cell_text(bottom, "")
                for _ in range(2):
                    _para(bottom, "")
                _para(bottom, sig.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        if foot.recipients:
            _para(out, "")
            _recipients(out, foot, first=False)
    else:
        block = out.add_table(rows=1, cols=2)
        _no_borders(block)
        _keep_whole(block)
        left, right = block.rows[0].cells
        left.width, right.width = Mm(usable_mm * 0.5), Mm(usable_mm * 0.5)
        _recipients(left, foot)
        _signature(right, foot.signature)

    buffer = io.BytesIO()
    out.core_properties.title = doc.title
    out.save(buffer)
    return buffer.getvalue()
