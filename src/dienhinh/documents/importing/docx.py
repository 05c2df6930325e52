"""The tables of a DOCX document as rows of text, and the paragraphs between them as lines.

Read straight from word/document.xml with lxml in one pass, linear in the size of the document:
a cell spanning several grid columns (gridSpan) gives its text then empty cells, a cell merged
with the one above (vMerge) gives an empty cell. Hidden (vanish) runs and text coloured like its
cell's shading are marked. Deleted text of tracked changes is not read.
"""

import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from lxml import etree

from dienhinh.documents.importing.layout import Line
from dienhinh.documents.importing.problems import ImportRejected, Problem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHITE = "FFFFFF"


def _val(element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.get(W + "val")


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell(tc) -> tuple[str, str | None]:
    """(text, mark): the cell's paragraphs joined by new lines, and why part of it is unseen."""
    shading = tc.find(f"{W}tcPr/{W}shd")
    fill = (shading.get(W + "fill") if shading is not None else None) or WHITE
    fill = WHITE if fill.lower() == "auto" else fill.upper()
    mark = None
    for run in tc.iter(W + "r"):
        props = run.find(W + "rPr")
        if props is None or not "".join(t.text or "" for t in run.iter(W + "t")).strip():
            continue
        vanish = props.find(W + "vanish")
        if vanish is not None and vanish.get(W + "val") not in ("0", "false"):
            mark = "hidden"
        elif (_val(props, W + "color") or "").upper() == fill:
            mark = "invisible"
    text = "\n".join(_paragraph_text(p) for p in tc.iter(W + "p"))
    return text, mark


def _blocks(body) -> Iterator:
    """Paragraphs and tables of the body in order, looking inside content controls (sdt)."""
    for child in body:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content)


def _table_lines(tbl, label: str, messages: dict[str, str]) -> Iterator[Line]:
    for number, tr in enumerate(tbl.iterfind(W + "tr"), start=1):
        values: list[str] = []
        marks: dict[int, str] = {}
        for tc in tr.iterfind(W + "tc"):
            props = tc.find(W + "tcPr")
            span = 1
            merged_above = False
            if props is not None:
                span_value = _val(props, W + "gridSpan")
                span = int(span_value) if span_value and span_value.isdigit() else 1
                merge = props.find(W + "vMerge")
                merged_above = merge is not None and merge.get(W + "val") != "restart"
            span = max(1, min(span, 50))
            if merged_above:
                values.extend([""] * span)
                continue
            text, mark = _cell(tc)
            if mark:
                marks[len(values)] = messages[mark]
            values.append(text)
            values.extend([""] * (span - 1))
        hidden = messages["hidden_row"] if tr.find(f"{W}trPr/{W}hidden") is not None else ""
        yield Line(label, number, values, marks, letters=False, hidden=hidden)


def read_lines(data: bytes, warnings: list[Problem]) -> Iterator[Line]:
    """The document's paragraphs (sheet "") and table rows (sheet "Table N"), in order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
        )
        root = etree.fromstring(xml, parser)
    except MemoryError:
        raise
    except Exception as exc:
        raise ImportRejected([Problem(_("The Word file cannot be read."))]) from exc
    del xml
    body = root.find(W + "body")
    if body is None:
        raise ImportRejected([Problem(_("The Word file cannot be read."))])
    messages = {
        "hidden": _("the text is hidden; show it (or delete it) and upload the file again."),
        "hidden_row": _("the row is hidden; show it (or delete it) and upload the file again."),
        "invisible": _(
            "the text is coloured like its background, so no one reading the document sees "
            "it; make it visible (or delete it) and upload the file again."
        ),
    }
    tables = 0
    for block in _blocks(body):
        if block.tag == W + "tbl":
            tables += 1
            yield from _table_lines(block, _("Table %(n)s") % {"n": tables}, messages)
        else:
            text = _paragraph_text(block)
            if text.strip():
                yield Line("", 0, [text])
