"""Downloads of the vote minutes and review reports, scoped exactly like their pages."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import translation

from dienhinh.documents.exporters import get_exporter
from dienhinh.honours.domain import reviews
from dienhinh.honours.interfaces.documents import minutes_document, review_report_document
from dienhinh.honours.views.exemplars import _minutes_session
from dienhinh.honours.views.reviews import _entries, _review

MINUTES_FORMATS = ("docx", "pdf")
REPORT_FORMATS = ("docx", "pdf", "xlsx")


def _download(doc, fmt) -> HttpResponse:
    exporter = get_exporter(fmt)
    response = HttpResponse(exporter.render(doc), content_type=exporter.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(doc)}"'
    return response


@login_required
def session_minutes_download(request, pk, fmt):
    if fmt not in MINUTES_FORMATS:
        raise Http404
    session = _minutes_session(request, pk)
    if session.is_open:  # secret ballot: no counts before closing (see session_minutes)
        raise Http404
    # An official document is in Vietnamese whatever the reader's language.
    with translation.override("vi"):
        doc = minutes_document(session)
    return _download(doc, fmt)


@login_required
def review_report_download(request, pk, fmt):
    if fmt not in REPORT_FORMATS:
        raise Http404
    review = _review(request, pk)
    with translation.override("vi"):
        entries = list(_entries(review))
        doc = review_report_document(review, entries, reviews.statistics(entries))
    return _download(doc, fmt)
