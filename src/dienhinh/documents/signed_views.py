"""Signed files of a unit: sign the form (the head), upload a PDF signed elsewhere, download one;
and the signed PDF of the program's minutes, review reports and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import NotPermitted
from dienhinh.documents import access, permissions
from dienhinh.documents.honours import decision_document, minutes_document, review_report_document
from dienhinh.documents.models import SignedFile
from dienhinh.documents.signing.files import UploadRejected, add_signed_file, sign_form
from dienhinh.documents.signing.service import SigningError, sign_document
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.domain import reviews
from dienhinh.orgs.queries import get_or_404


def _year(request) -> int:
    value = request.POST.get("year") or request.GET.get("year", "")
    return (
        int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year
    )


def _back(program, unit, year):
    from django.urls import reverse

    return redirect(f"{reverse('documents:form', args=[program.code, unit.code])}?year={year}")


@login_required
@require_POST
def form_sign(request, program, org):
    program, unit = access.program_and_unit(request.user, program, org)
    if not permissions.may_sign_form(request.user, unit):
        raise Http404
    year = _year(request)
    try:
        signed = sign_form(actor=request.user, program=program, organisation=unit, year=year)
    except (SigningError, NotPermitted) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The form has been signed and kept: %(file)s") % {"file": signed.filename}
        )
    return _back(program, unit, year)


@login_required
@require_POST
def signed_upload(request, program, org):
    program, unit = access.program_and_unit(request.user, program, org)
    if not permissions.may_upload_signed(request.user, unit):
        raise Http404
    year = _year(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return _back(program, unit, year)
    try:
        signed = add_signed_file(
            actor=request.user,
            program=program,
            organisation=unit,
            year=year,
            kind=request.POST.get("kind", ""),
            data=upload.read(),
            filename=upload.name,
        )
    except (UploadRejected, NotPermitted) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The file has been kept: %(file)s") % {"file": signed.filename})
    return _back(program, unit, year)


@login_required
def signed_download(request, pk):
    signed = get_or_404(SignedFile.objects.select_related("organisation"), request.user, pk=pk)
    return FileResponse(
        signed.file.open("rb"),
        as_attachment=True,
        filename=signed.filename,
        content_type="application/pdf",
    )


def _signed_response(doc, program) -> HttpResponse:
    try:
        data = sign_document(doc, program.organisation, reason=doc.title)
    except SigningError as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}-signed.pdf"'
    return response


@login_required
def minutes_signed(request, pk):
    session = honours_queries.minutes_session_or_404(request.user, pk)
    if session.is_open or not permissions.may_sign_program_documents(request.user, session.program):
        raise Http404
    with translation.override("vi"):
        doc = minutes_document(session)
    return _signed_response(doc, session.program)


@login_required
def review_report_signed(request, pk):
    review = honours_queries.review_or_404(request.user, pk)
    if not permissions.may_sign_program_documents(request.user, review.program):
        raise Http404
    with translation.override("vi"):
        entries = list(honours_queries.review_entries(review))
        doc = review_report_document(review, entries, reviews.statistics(entries))
    return _signed_response(doc, review.program)


@login_required
def decision_signed(request, pk):
    honours = list(honours_queries.decision_honours(request.user, pk))
    if not honours or not permissions.may_sign_program_documents(
        request.user, honours[0].decision.program
    ):
        raise Http404
    with translation.override("vi"):
        doc = decision_document(honours[0].decision, honours)
    return _signed_response(doc, honours[0].decision.program)
