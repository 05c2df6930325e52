"""PDF of documents with large tables: Typst markup written from the `Document`, compiled by the
typst package with the vendored Tinos font embedded (no other font, none of the system's).

Chosen by measurement (`bench/pdf.py`): for a 5,000-row summary Typst is the fastest of
WeasyPrint, ReportLab, fpdf2 and Typst by a wide margin; WeasyPrint's layout of the HTML table
took about 48 s. Small documents keep the HTML template and WeasyPrint (`render.pdf`), whose
layout the tests pin in detail; this module prints the same layout (Decree 30/2020/NĐ-CP header
block, title, sections, footer) for documents with more rows (`is_large`).

Every text of the document goes into the markup as a Typst string literal (code, never markup),
so nothing a user typed is read as a Typst command.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from dienhinh.documents.model import Document, Footer, Signature, Table
from dienhinh.documents.render.docx import MARGINS_MM

SLOT_WIDTH_MM, SLOT_HEIGHT_MM = 78, 44  # the signature block (signing.appearance)
TIMEOUT_SECONDS = 600  # far over any real document: 5,000 rows took 19-28 s on a crowded machine
PT_PER_MM = 72 / 25.4
# Tinos: ascender + descender = 1.107 em; with the line box from ascender to descender, a
# leading of 0.19 em gives CSS's line-height 1.3 of the HTML template.
PREAMBLE = """
#set page(paper: "a4", flipped: {flipped}, margin: (top: {top}mm, bottom: {bottom}mm,
  left: {left}mm, right: {right}mm))
#set text(font: "Tinos", size: 13pt, lang: "vi", fallback: false, top-edge: "ascender",
  bottom-edge: "descender", hyphenate: false)
#set par(leading: 0.19em, spacing: 0.19em)
#set table(stroke: 0.75pt, inset: (x: 4pt, y: 3.2pt))
#set table.cell(breakable: false)
#let rule(body) = box(stroke: (bottom: 0.75pt), inset: (bottom: 1.5pt), body)
#let b(body) = text(weight: "bold", body)
#let i(body) = text(style: "italic", body)
"""


def rows_in(doc: Document) -> int:
    return sum(len(section.table.rows) for section in doc.sections)


def is_large(doc: Document) -> bool:
    """Whether `doc` is typeset here rather than by the HTML template and WeasyPrint: over
    settings.DIENHINH["TYPESET_ROW_THRESHOLD"] table rows in all (300 by default, as the
    background exports' threshold)."""
    return rows_in(doc) > int(settings.DIENHINH.get("TYPESET_ROW_THRESHOLD", 300))


def s(value: str) -> str:
    """`value` as a Typst string literal: a line break in it breaks the line when printed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def lines(*parts: str) -> str:
    """Content blocks one under the other (each part is already Typst code), empty ones dropped."""
    kept = [p for p in parts if p]
    return "[" + " \\ ".join(f"#{p}" for p in kept) + "]" if kept else "[]"


def _header(doc: Document) -> str:
    h = doc.header
    left = lines(
        s(h.issuer_upper) if h.issuer_upper else "",
        f"b(rule({s(h.issuer)}))",
        s(h.number) if h.number else "",
    )
    right = lines(
        f"b({s(h.motto)})",
        f"text(size: 14pt, b(rule({s(h.motto_sub)})))",
        f"block(above: 6pt, i({s(h.place_date)}))" if h.place_date else "",
    )
    return f"#grid(columns: (40%, 60%), align: center + top, {left}, {right})\n"


def _widths(table: Table, usable_mm: float) -> str:
    total = sum(c.width_mm for c in table.columns) or 1
    return ", ".join(f"{c.width_mm * usable_mm / total:.2f}mm" for c in table.columns)


def _table(table: Table, usable_mm: float, rows: list[list[str]], *, header: bool) -> str:
    cells = ",\n".join(",".join(s(v) for v in row) for row in rows)
    head = ""
    if header:
        titles = ", ".join(s(c.title) for c in table.columns)
        head = f"table.header(..({titles},).map(t => align(center + horizon, b(t)))),\n"
    return (
        f"table(columns: ({_widths(table, usable_mm)}), "
        "align: (x, y) => if x == 0 { center + top } else { left + top },\n"
        f"{head}{cells})"
    )


def _signature(sig: Signature, *, signing: bool, slot: bool, heading: bool = True) -> str:
    """The title and note (`heading`), then the room for the signed block when `signing` (its
    position recorded when `slot`) and the name."""
    parts = []
    if heading:
        parts.append(lines(f"b({s(sig.title)})", f"i({s(sig.note)})" if sig.note else ""))
    if signing:
        mark = "#context [#metadata(here().position())<signature-slot>]" if slot else ""
        parts.append(
            f"block(above: 2pt, below: 0pt, width: {SLOT_WIDTH_MM}mm, "
            f"height: {SLOT_HEIGHT_MM}mm)[{mark}]"
        )
    if sig.name:
        parts.append(f"block(above: {0 if signing else 48}pt, b({s(sig.name)}))")
    return " + ".join(parts) or "[]"


def _recipients(foot: Footer) -> str:
    parts = [f"text(size: 12pt, b(i({s(foot.recipients_label)})))"]
    parts += [f"text(size: 11pt, {s('- ' + r)})" for r in foot.recipients]
    return lines(*parts)


def _footer(foot: Footer, *, signing: bool) -> str:
    if foot.signatures:
        n = len(foot.signatures)
        titles = ", ".join(
            _signature(Signature(sig.title, sig.note), signing=False, slot=False)
            for sig in foot.signatures
        )
        names = ", ".join(
            _signature(sig, signing=signing, slot=index == n - 1, heading=False)
            for index, sig in enumerate(foot.signatures)
        )
        body = f"grid(columns: (1fr,) * {n}, align: center + top, {titles}, {names})"
        if foot.recipients:
            body = f"stack({body}, block(above: 12pt, {_recipients(foot)}))"
        return body
    sig = _signature(foot.signature, signing=signing, slot=True)
    return (
        f"grid(columns: (40%, 60%), align: (left + top, center + top), {_recipients(foot)}, {sig})"
    )


def source(doc: Document, *, signing: bool = False) -> str:
    """The Typst markup of `doc` (with room for the signature block when `signing`)."""
    m = MARGINS_MM
    usable_mm = (297 if doc.landscape else 210) - m["left"] - m["right"]
    out = [
        PREAMBLE.format(flipped="true" if doc.landscape else "false", **m),
        _header(doc),
        f"#block(above: 14pt, width: 100%, align(center, text(size: 14pt, b({s(doc.title)}))))\n",
    ]
    if doc.subtitle:
        out.append(f"#block(above: 0.19em, width: 100%, align(center, b({s(doc.subtitle)})))\n")
    for index, line in enumerate(doc.basis):
        above = "10pt" if index == 0 else "0.19em"
        out.append(
            f"#block(above: {above}, par(justify: true, first-line-indent: (amount: 10mm, "
            f"all: true), i({s(line)})))\n"
        )
    if doc.preamble:
        out.append(
            "#block(above: 10pt, below: 10pt, par(justify: true, first-line-indent: "
            f"(amount: 10mm, all: true), {s(doc.preamble)}))\n"
        )
    out.append("#set text(size: 12pt)\n")
    last = len(doc.sections) - 1
    tail = ""
    for index, section in enumerate(doc.sections):
        rows = section.table.rows
        out.append(
            f"#block(above: 10pt, below: 4pt, sticky: true, text(size: 13pt, "
            f"b({s(section.heading)})))\n"
        )
        if index == last and rows:
            # The last row goes over with the footer rather than leave it alone on a page.
            rows, kept = rows[:-1], rows[-1:]
            tail = _table(section.table, usable_mm, kept, header=not rows) + ",\n"
        if rows or index != last:
            out.append(
                f"#block(below: 0pt, {_table(section.table, usable_mm, rows, header=True)})\n"
            )
    footer = _footer(doc.footer, signing=signing)
    out.append(
        f"#block(above: 0pt, breakable: false, stack({tail}v(12pt), {footer}))\n"
        "#context [#metadata((page: here().page()))<document-end>]\n"
    )
    return "".join(out)


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    slot: tuple[int, float, float] | None  # (page, left, top) of the signature slot, in pt
    pages: int


# Run in a child process: Typst memoises layouts for the life of a process (about 55 MB more
# for each 800-row document in a long-lived worker); a child gives it all back when it ends.
CHILD = """
import json, sys, typst
folder, fonts, signing = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
compiler = typst.Compiler(folder + "/document.typ", root=folder, font_paths=[fonts],
                          ignore_system_fonts=True)
compiler.compile(output=folder + "/document.pdf", format="pdf", pdf_tags=False)
end = json.loads(compiler.query("<document-end>", field="value", one=True))
slots = json.loads(compiler.query("<signature-slot>", field="value")) if signing else []
print(json.dumps({"end": end, "slots": slots}))
"""


def typeset(doc: Document, *, signing: bool = False) -> Typeset:
    """Compile `doc` (untagged, as WeasyPrint writes them: structure tags made the file 10
    times larger and the compilation a fifth slower); with `signing`, where the slot is."""
    from dienhinh.documents.render.pdf import FONT_DIR

    with tempfile.TemporaryDirectory(prefix="dienhinh-typst-") as folder:
        path = Path(folder)
        (path / "document.typ").write_text(source(doc, signing=signing), encoding="utf-8")
        done = subprocess.run(  # noqa: S603 - this interpreter, fixed code, our own folder
            [sys.executable, "-c", CHILD, folder, str(FONT_DIR), "1" if signing else "0"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
        )
        if done.returncode != 0:
            raise RuntimeError(f"Typst failed: {done.stderr.strip()[-2000:]}")
        found = json.loads(done.stdout.strip().splitlines()[-1])
        pdf = (path / "document.pdf").read_bytes()
    slot = None
    if found["slots"]:
        where = found["slots"][-1]
        slot = (int(where["page"]), _pt(where["x"]), _pt(where["y"]))
    return Typeset(pdf, slot, int(found["end"]["page"]))


def _pt(length: str) -> float:
    return float(length.removesuffix("pt"))
