"""PDF renderer: a Django template to HTML, WeasyPrint to PDF with the vendored Tinos font embedded."""

import logging
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


def font_faces() -> list[dict]:
    # file:// URLs: the PDF embeds the same font on every machine, whatever is installed.
    return [
        {"style": style, "weight": weight, "url": (FONT_DIR / name).as_uri()}
        for (style, weight), name in FONT_FILES.items()
    ]


def render_html(doc: Document) -> str:
    return render_to_string(
        "documents/pdf/document.html",
        {"doc": doc, "fonts": font_faces(), "margins": MARGINS_MM},
    )


def quiet_loggers() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def render_pdf(doc: Document) -> bytes:
    # Before the import, which already parses the default style sheets (and logs it); on every
    # call, since a later logging configuration may have reset the levels. Imported here, not at
    # the top (no cycle): loading WeasyPrint and its native libraries takes about 1.5 s, which
    # every process would pay at start although only PDF downloads need it.
    quiet_loggers()
    from weasyprint import HTML

    return HTML(string=render_html(doc), base_url=str(FONT_DIR)).write_pdf()
