"""Benchmark: the PDF of a 5,000-row summary written by WeasyPrint, ReportLab, fpdf2 and Typst.

    .venv/bin/python bench/pdf.py [--rows 5000] [--repeat 2] [--engines weasyprint,reportlab,fpdf2,typst]
                                  [--keep DIR]

Each library writes the same document with its own ordinary means: the summary report's first
section as `bench/export.py` builds it (N generated units, Vietnamese names; nothing read from a
database), in the official layout the product's documents use (Decree 30/2020/NĐ-CP): A4
landscape, margins 20/15/20/30 mm, the header block (issuing unit in bold capitals, underlined,
on the left; the national motto and its underlined subline, then the place and date in italics,
on the right), the title and subtitle centred, the section heading, the table (thin borders, its
header row repeated on every page, column widths from the document's columns), and the footer
(recipients on the left, the signature block on the right), all in the vendored Tinos font
(embedded, the only font used). Then the product's own PDF exporter writes the same `Document`
(`documents.exporters.get_exporter("pdf").render`, as the download views, the background jobs
and `export_registration` call it).

Each run is a fresh process (Typst memoises layouts within a process: a second compile of
the same document comes from its cache), the engines in turn, round after round. Prints each
engine's best time of --repeat runs, its pages and size, each time divided by the
fastest engine's, and the product's ratio to the fastest (target: at most 2). Every file is
checked with pdftotext (poppler-utils): the first unit's name, the last unit's number, the
motto and the signature's title must come out as written, the text NFC, and pdffonts must list
Tinos only (ReportLab also declares Helvetica, its canvas's initial font, and draws nothing
with it).
--keep DIR writes the files there to look at.
"""

import argparse
import html
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from export import _setup_django, build_document  # noqa: E402

FONT_DIR = ROOT / "src" / "dienhinh" / "static" / "vendor" / "fonts" / "tinos"
FONTS = {
    "regular": FONT_DIR / "Tinos_400Regular.ttf",
    "bold": FONT_DIR / "Tinos_700Bold.ttf",
    "italic": FONT_DIR / "Tinos_400Regular_Italic.ttf",
    "bolditalic": FONT_DIR / "Tinos_700Bold_Italic.ttf",
}
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PAGE_MM = (297, 210)  # A4 landscape
USABLE_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
TARGET = 2.0


def widths_mm(doc) -> list[float]:
    """The columns' printed widths scaled to the usable width of the page."""
    cols = doc.sections[0].table.columns
    total = sum(c.width_mm for c in cols)
    return [c.width_mm * USABLE_MM / total for c in cols]


# --- WeasyPrint: HTML and CSS --------------------------------------------------------------


def weasyprint_pdf(doc) -> bytes:
    from weasyprint import HTML

    e = html.escape
    table = doc.sections[0].table
    faces = "".join(
        f'@font-face {{ font-family: "Tinos"; font-style: {style}; font-weight: {weight}; '
        f'src: url("{FONTS[key].as_uri()}"); }}'
        for key, style, weight in [
            ("regular", "normal", 400),
            ("bold", "normal", 700),
            ("italic", "italic", 400),
            ("bolditalic", "italic", 700),
        ]
    )
    cols = "".join(f'<col style="width: {w:.1f}mm">' for w in widths_mm(doc))
    head = "".join(f"<th>{e(c.title)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in table.rows
    )
    m = MARGINS_MM
    page = f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{faces}
@page {{ size: A4 landscape; margin: {m["top"]}mm {m["right"]}mm {m["bottom"]}mm {m["left"]}mm; }}
body {{ font-family: "Tinos"; font-size: 13pt; line-height: 1.3; }}
.block {{ width: 100%; border-collapse: collapse; }} .block td {{ text-align: center; vertical-align: top; }}
.rule {{ border-bottom: 1px solid #000; }} b {{ font-weight: bold; }}
.grid {{ width: 100%; border-collapse: collapse; font-size: 12pt; table-layout: fixed; }}
.grid th, .grid td {{ border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }}
.grid tr {{ break-inside: avoid; }} .footer {{ break-inside: avoid; margin-top: 12pt; }}
</style></head><body>
<table class="block"><tr><td style="width: 40%"><b class="rule">{e(doc.header.issuer)}</b></td>
<td><b>{e(doc.header.motto)}</b><br><b class="rule" style="font-size: 14pt">{e(doc.header.motto_sub)}</b>
<br><i>{e(doc.header.place_date)}</i></td></tr></table>
<p style="text-align: center; font-size: 14pt; margin: 14pt 0 0"><b>{e(doc.title)}</b></p>
<p style="text-align: center; margin: 0"><b>{e(doc.subtitle)}</b></p>
<p><b>{e(doc.sections[0].heading)}</b></p>
<table class="grid"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<table class="block footer"><tr><td style="text-align: left"><b><i>{e(doc.footer.recipients_label)}</i></b>
{"".join(f"<div>- {e(r)}</div>" for r in doc.footer.recipients)}</td>
<td><b>{e(doc.footer.signature.title)}</b></td></tr></table></body></html>"""
    return HTML(string=page).write_pdf()


# --- ReportLab: platypus flowables ----------------------------------------------------------


def reportlab_pdf(doc) -> bytes:
    import io

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

    if "Tinos" not in pdfmetrics.getRegisteredFontNames():
        for key, name in [
            ("regular", "Tinos"),
            ("bold", "Tinos-Bold"),
            ("italic", "Tinos-Italic"),
            ("bolditalic", "Tinos-BoldItalic"),
        ]:
            pdfmetrics.registerFont(TTFont(name, str(FONTS[key])))
        pdfmetrics.registerFontFamily(
            "Tinos", normal="Tinos", bold="Tinos-Bold", italic="Tinos-Italic",
            boldItalic="Tinos-BoldItalic",
        )  # fmt: skip
    e = html.escape
    base = ParagraphStyle("base", fontName="Tinos", fontSize=13, leading=13 * 1.3)
    centre = ParagraphStyle("centre", base, alignment=TA_CENTER)
    cell = ParagraphStyle("cell", base, fontSize=12, leading=12 * 1.3, alignment=TA_LEFT)
    th = ParagraphStyle("th", cell, fontName="Tinos-Bold", alignment=TA_CENTER)
    h = doc.header
    block = Table(
        [
            [
                Paragraph(f"<b><u>{e(h.issuer)}</u></b>", centre),
                Paragraph(
                    f"<b>{e(h.motto)}</b><br/><font size=14><b><u>{e(h.motto_sub)}</u></b></font>"
                    f"<br/><i>{e(h.place_date)}</i>",
                    centre,
                ),
            ]
        ],
        colWidths=[USABLE_MM * 0.4 * mm, USABLE_MM * 0.6 * mm],
        style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
    )
    table = doc.sections[0].table
    wrap = {1, len(table.columns) - 1}  # the unit's name and the status wrap; numbers do not
    data = [[Paragraph(e(c.title), th) for c in table.columns]]
    for row in table.rows:
        data.append([Paragraph(e(v), cell) if i in wrap else v for i, v in enumerate(row)])
    grid = Table(
        data,
        colWidths=[w * mm for w in widths_mm(doc)],
        repeatRows=1,
        style=[
            ("FONT", (0, 0), (-1, -1), "Tinos", 12),
            ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ],
    )
    f = doc.footer
    footer = Table(
        [
            [
                Paragraph(
                    f"<b><i>{e(f.recipients_label)}</i></b><br/>"
                    + "<br/>".join(f"- {e(r)}" for r in f.recipients),
                    base,
                ),
                Paragraph(f"<b>{e(f.signature.title)}</b>", centre),
            ]
        ],
        colWidths=[USABLE_MM * 0.4 * mm, USABLE_MM * 0.6 * mm],
        style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
    )
    out = io.BytesIO()
    m = MARGINS_MM
    SimpleDocTemplate(
        out,
        initialFontName="Tinos",
        pagesize=landscape(A4),
        topMargin=m["top"] * mm,
        bottomMargin=m["bottom"] * mm,
        leftMargin=m["left"] * mm,
        rightMargin=m["right"] * mm,
    ).build(
        [
            block,
            Spacer(1, 14),
            Paragraph(f"<font size=14><b>{e(doc.title)}</b></font>", centre),
            Paragraph(f"<b>{e(doc.subtitle)}</b>", centre),
            Spacer(1, 10),
            Paragraph(f"<b>{e(doc.sections[0].heading)}</b>", base),
            grid,
            Spacer(1, 12),
            KeepTogether([footer]),
        ]
    )
    return out.getvalue()


# --- fpdf2: its table() helper ----------------------------------------------------------------


def fpdf2_pdf(doc) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    m = MARGINS_MM
    pdf.set_margins(m["left"], m["top"], m["right"])
    pdf.set_auto_page_break(True, m["bottom"])
    pdf.add_font("Tinos", "", FONTS["regular"])
    pdf.add_font("Tinos", "B", FONTS["bold"])
    pdf.add_font("Tinos", "I", FONTS["italic"])
    pdf.add_font("Tinos", "BI", FONTS["bolditalic"])
    pdf.add_page()
    h = doc.header
    left, right = USABLE_MM * 0.4, USABLE_MM * 0.6
    line = 13 * 1.3 * 25.4 / 72
    top = pdf.get_y()
    pdf.set_font("Tinos", "BU", 13)
    pdf.multi_cell(left, line, h.issuer, align="C")
    pdf.set_xy(m["left"] + left, top)
    pdf.set_font("Tinos", "B", 13)
    pdf.multi_cell(right, line, h.motto, align="C", new_x="LEFT")
    pdf.set_font("Tinos", "BU", 14)
    pdf.multi_cell(right, line, h.motto_sub, align="C", new_x="LEFT")
    pdf.set_font("Tinos", "I", 13)
    pdf.multi_cell(right, line, h.place_date, align="C", new_x="LMARGIN")
    pdf.ln(14 * 25.4 / 72)
    pdf.set_font("Tinos", "B", 14)
    pdf.multi_cell(0, line, doc.title, align="C", new_x="LMARGIN")
    pdf.set_font("Tinos", "B", 13)
    pdf.multi_cell(0, line, doc.subtitle, align="C", new_x="LMARGIN")
    pdf.ln(10 * 25.4 / 72)
    pdf.multi_cell(0, line, doc.sections[0].heading, new_x="LMARGIN")
    pdf.set_font("Tinos", "", 12)
    table = doc.sections[0].table
    with pdf.table(
        col_widths=widths_mm(doc),
        width=USABLE_MM,
        line_height=12 * 1.3 * 25.4 / 72,
        padding=(0.7, 1.4),
        repeat_headings=1,
        headings_style=FontFace(emphasis="BOLD"),
        text_align="LEFT",
        first_row_as_headings=True,
    ) as grid:
        grid.row([c.title for c in table.columns])
        for values in table.rows:
            grid.row(values)
    f = doc.footer
    pdf.ln(12 * 25.4 / 72)
    # Kept on one page: a new page first when the footer's height does not fit.
    if pdf.get_y() + line * (2 + len(f.recipients)) > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    if True:
        block = pdf
        block.set_font("Tinos", "BI", 12)
        block.multi_cell(left, line, f.recipients_label, new_x="LEFT")
        block.set_font("Tinos", "", 11)
        for r in f.recipients:
            block.multi_cell(left, line, f"- {r}", new_x="LEFT")
        block.set_xy(m["left"] + left, top)
        block.set_font("Tinos", "B", 13)
        block.multi_cell(right, line, f.signature.title, align="C")
    return bytes(pdf.output())


# --- Typst: markup compiled by the typst package ----------------------------------------------


def typst_string(value: str) -> str:
    """A Typst string literal: the text is data, never markup."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped.replace(chr(13), "")}"'


def typst_source(doc) -> str:
    s = typst_string
    h, f = doc.header, doc.footer
    table = doc.sections[0].table
    m = MARGINS_MM
    cells = ",\n".join(",".join(s(v) for v in row) for row in table.rows)
    recipients = "".join(f" \\ #text(size: 11pt, {s('- ' + r)})" for r in f.recipients)
    widths = ", ".join(f"{w:.2f}mm" for w in widths_mm(doc))
    titles = ", ".join(s(c.title) for c in table.columns)
    return f"""
#set page(paper: "a4", flipped: true, margin: (top: {m["top"]}mm, bottom: {m["bottom"]}mm,
  left: {m["left"]}mm, right: {m["right"]}mm))
#set text(font: "Tinos", size: 13pt, lang: "vi", fallback: false, top-edge: "ascender",
  bottom-edge: "descender")
#set par(leading: 0.19em, spacing: 0.19em)
#grid(columns: (40%, 60%), align: center + top,
  text(weight: "bold", underline({s(h.issuer)})),
  [#text(weight: "bold", {s(h.motto)}) \\ #text(size: 14pt, weight: "bold", underline({s(h.motto_sub)})) \\
   #emph({s(h.place_date)})])
#v(14pt)
#align(center, text(size: 14pt, weight: "bold", {s(doc.title)}))
#align(center, text(weight: "bold", {s(doc.subtitle)}))
#v(10pt)
#text(weight: "bold", {s(doc.sections[0].heading)})
#set text(size: 12pt)
#table(columns: ({widths}), stroke: 0.75pt,
  inset: (x: 4pt, y: 3.2pt),
  table.header(..({titles},).map(t => text(weight: "bold", t))),
{cells})
#v(12pt)
#block(breakable: false, grid(columns: (40%, 60%),
  [#text(size: 12pt, weight: "bold", style: "italic", {s(f.recipients_label)})
   {recipients}],
  align(center, text(weight: "bold", {s(f.signature.title)}))))
"""


def typst_pdf(doc) -> bytes:
    import typst

    # Untagged, like the other libraries' files (structure tags: 10 times the size, +20 % time).
    return typst.compile(
        typst_source(doc).encode(),
        font_paths=[str(FONT_DIR)],
        ignore_system_fonts=True,
        pdf_tags=False,
    )


ENGINES = {
    "weasyprint": weasyprint_pdf,
    "reportlab": reportlab_pdf,
    "fpdf2": fpdf2_pdf,
    "typst": typst_pdf,
}


def product_pdf(doc) -> bytes:
    from dienhinh.documents.exporters import get_exporter

    return get_exporter("pdf").render(doc)


# --- checks -----------------------------------------------------------------------------------


def check(data: bytes, doc, folder: Path, name: str) -> tuple[int, list[str]]:
    """(pages, problems): the texts that pdftotext does not give back as written, other fonts."""
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    run = subprocess.run  # noqa: S603, S607 - poppler-utils on fixed arguments
    text = run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    rows = doc.sections[0].table.rows
    problems = []
    # The last unit's number: the cells beside it may come out between its words.
    last = rows[-1][1][rows[-1][1].rindex("(") :]
    for wanted in [rows[0][1], last, doc.header.motto, doc.footer.signature.title]:
        pattern = r"[\s\S]*?".join(re.escape(word) for word in wanted.split())
        if not re.search(pattern, text):
            problems.append(f"missing {wanted!r}")
    if unicodedata.normalize("NFC", text) != text:
        problems.append("text not NFC")
    fonts = run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    for ln in fonts.splitlines()[2:]:
        name, embedded = ln.split()[0], ln.split()[-5]
        if "Tinos" not in name:
            # ReportLab declares Helvetica on every page (its canvas's initial font) and draws
            # nothing with it: not embedded, reported apart.
            problems.append(f"other font {name}" + ("" if embedded == "yes" else " (declared)"))
    info = run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    return pages, problems


def _best(fn, repeat: int):
    times, result = [], b""
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def child(name: str, rows: int) -> None:
    """One timed run of one engine in this fresh process (Typst memoises layouts within a
    process: a second compile of the same document would be served from its cache)."""
    import json

    _setup_django()
    from dienhinh.documents.render.pdf import quiet_loggers

    quiet_loggers()
    fn = {**ENGINES, "product": product_pdf}[name]
    doc, small = build_document(rows), build_document(20)
    fn(small)  # warm-up: imports, fonts
    started = time.perf_counter()
    data = fn(doc)
    seconds = time.perf_counter() - started
    folder = Path(os.environ["BENCH_PDF_DIR"])
    pages, problems = check(data, doc, folder, name)
    print(json.dumps({"seconds": seconds, "pages": pages, "size": len(data), "problems": problems}))


def timed(name: str, rows: int, folder: Path) -> dict:
    import json

    done = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", name, "--rows", str(rows)],
        env={**os.environ, "BENCH_PDF_DIR": str(folder)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--no-product", action="store_true", help="the libraries only")
    parser.add_argument("--keep", type=Path, help="write the PDFs into this folder")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.rows)
        return 0

    names = args.engines.split(",") + ([] if args.no_product else ["product"])
    print(f"summary: {args.rows:,} rows x 9 columns; each run in a fresh process")
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        # Round after round (each engine once a round), so that all see the same machine.
        results: dict[str, list[dict]] = {name: [] for name in names}
        for _ in range(args.repeat):
            for name in names:
                results[name].append(timed(name, args.rows, folder))
        for name in names:
            best = min(results[name], key=lambda r: r["seconds"])
            times[name] = best["seconds"]
            runs = ", ".join(f"{r['seconds']:.2f}" for r in results[name])
            print(
                f"{name:<10} {best['seconds']:8.2f} s (runs: {runs})  {best['pages']:4d} pages  "
                f"{best['size'] / 1048576:5.2f} MB  "
                + (
                    "text and font checked" if not best["problems"] else "; ".join(best["problems"])
                ),
                flush=True,
            )
    engines = {k: v for k, v in times.items() if k != "product"}
    fastest = min(engines, key=engines.__getitem__)
    print(f"ratios to the fastest library ({fastest}):")
    for name, seconds in times.items():
        print(f"  {name:<10} {seconds / engines[fastest]:7.2f}")
    if "product" in times:
        ratio = times["product"] / engines[fastest]
        verdict = "met" if ratio <= TARGET else "MISSED"
        print(f"product / {fastest}: {ratio:.2f} (target <= {TARGET:g}): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
