"""PDF renderer: a Django template to HTML, WeasyPrint to PDF with the vendored Tinos font embedded;
documents with large tables are typeset by Typst instead (`render.typeset`), about 30× faster."""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from dienhinh.documents.model import Document
from dienhinh.documents.render.docx import MARGINS_MM

FONT_DIR = Path(settings.PACKAGE_DIR) / "static" / "vendor" / "fonts" / "tinos"
# WeasyPrint logs every rendering step ("Step 1 - Fetching and parsing HTML") at INFO and
# fontTools logs font subsetting: noise on a command's stderr. Only real errors get through.
QUIET_LOGGERS = ("weasyprint", "weasyprint.progress", "fontTools")
FONT_FILES = {
    ("normal", 400): "Tinos_400Regular.ttf",
    ("italic", 400): "Tinos_400Regular_Italic.ttf",
    ("normal", 700): "Tinos_700Bold.ttf",
    ("italic", 700): "Tinos_700Bold_Italic.ttf",
}
SLOT = "signature-slot"
PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (1/96 in); PDF speaks points (1/72 in)


@dataclass(frozen=True)
class SignatureBox:
    """Where the signature block goes: a page (0-based) and a box in PDF points from the
    bottom left corner."""

    page: int
    box: tuple[int, int, int, int]


def font_faces() -> list[dict]:
    # file:// URLs: the PDF embeds the same font on every machine, whatever is installed.
    return [
        {"style": style, "weight": weight, "url": (FONT_DIR / name).as_uri()}
        for (style, weight), name in FONT_FILES.items()
    ]


def render_html(doc: Document, *, signing: bool = False) -> str:
    return render_to_string(
        "documents/pdf/document.html",
        {"doc": doc, "fonts": font_faces(), "margins": MARGINS_MM, "signing": signing},
    )


def quiet_loggers() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def weasyprint_html():
    # Before the import, which already parses the default style sheets (and logs it); on every
    # call, since a later logging configuration may have reset the levels. Imported here, not at
    # the top (no cycle): loading WeasyPrint and its native libraries takes about 1.5 s, which
    # every process would pay at start although only PDF downloads need it.
    quiet_loggers()
    from weasyprint import HTML

    return HTML


def render_pdf(doc: Document) -> bytes:
    from dienhinh.documents.render import typeset

    if typeset.is_large(doc):
        return typeset.typeset(doc).pdf
    HTML = weasyprint_html()
    return HTML(string=render_html(doc), base_url=str(FONT_DIR)).write_pdf()


def render_signable(doc: Document) -> tuple[bytes, SignatureBox]:
    """The PDF with room left for the signature block, and where that room is."""
    from dienhinh.documents.render import typeset
    from dienhinh.documents.signing.appearance import HEIGHT_MM, WIDTH_MM

    width, height = WIDTH_MM / 25.4 * 72, HEIGHT_MM / 25.4 * 72
    if typeset.is_large(doc):
        done = typeset.typeset(doc, signing=True)
        if done.slot is not None:
            page, left, top = done.slot
            page_height = (210 if doc.landscape else 297) * typeset.PT_PER_MM
            bottom = page_height - top
            box = (round(left), round(bottom - height), round(left + width), round(bottom))
            return done.pdf, SignatureBox(page - 1, box)
        right = (297 if doc.landscape else 210) * typeset.PT_PER_MM - 50
        return done.pdf, SignatureBox(
            done.pages - 1, (round(right - width), 60, round(right), round(60 + height))
        )
    HTML = weasyprint_html()
    rendered = HTML(string=render_html(doc, signing=True), base_url=str(FONT_DIR)).render()
    for index, page in enumerate(rendered.pages):
        if SLOT in page.anchors:
            x, y = page.anchors[SLOT][:2]  # the top left corner, in CSS px
            left = x * PX_TO_PT
            top = (page.height - y) * PX_TO_PT
            box = (round(left), round(top - height), round(left + width), round(top))
            return rendered.write_pdf(), SignatureBox(index, box)
    # No signature in the layout: the block goes at the bottom right of the last page.
    page = rendered.pages[-1]
    right = page.width * PX_TO_PT - 50
    return rendered.write_pdf(), SignatureBox(
        len(rendered.pages) - 1, (round(right - width), 60, round(right), round(60 + height))
    )
