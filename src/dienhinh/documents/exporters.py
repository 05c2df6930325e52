"""Exporters: small registered classes (identifier, file type, render()) over the renderers."""

from dienhinh.documents.model import Document
from dienhinh.documents.render.docx import render_docx
from dienhinh.documents.render.pdf import render_pdf
from dienhinh.documents.render.xlsx import render_xlsx

EXPORTERS: dict[str, type["Exporter"]] = {}


def register(cls):
    EXPORTERS[cls.identifier] = cls
    return cls


class Exporter:
    identifier = ""
    extension = ""
    content_type = ""

    def render(self, doc: Document) -> bytes:
        raise NotImplementedError

    def filename(self, doc: Document) -> str:
        return f"{doc.filename}.{self.extension}"


@register
class DocxExporter(Exporter):
    identifier = "docx"
    extension = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, doc):
        return render_docx(doc)


@register
class PdfExporter(Exporter):
    identifier = "pdf"
    extension = "pdf"
    content_type = "application/pdf"

    def render(self, doc):
        return render_pdf(doc)


@register
class XlsxExporter(Exporter):
    identifier = "xlsx"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, doc):
        return render_xlsx(doc)


def get_exporter(identifier: str) -> Exporter:
    """The exporter for 'docx', 'pdf' or 'xlsx'; KeyError for anything else."""
    return EXPORTERS[identifier]()
