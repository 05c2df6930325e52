"""Download the registration form, the summary, vote minutes and review reports; upload a filled
form (check only or import)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import DomainError, NotPermitted, NotVisible
from dienhinh.documents import access, jobs, permissions, tasks
from dienhinh.documents.exporters import EXPORTERS, get_exporter
from dienhinh.documents.forms.registration import build_registration_form, build_template
from dienhinh.documents.honours import (
    decision_document,
    minutes_document,
    review_report_document,
    typical_list_document,
)
from dienhinh.documents.importing import checks
from dienhinh.documents.importing.problems import ImportRejected
from dienhinh.documents.importing.service import Report
from dienhinh.documents.models import DocumentJob, SignedFile
from dienhinh.documents.sources import (
    find_registration,
    registration_form_data,
    registration_row_count,
    template_data,
)
from dienhinh.documents.summary import build_summary, quota_status, summary_row_count
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.domain import reviews
from dienhinh.orgs.queries import get_or_404
from dienhinh.programs.models import Program

MINUTES_FORMATS = ("docx", "pdf")
REPORT_FORMATS = ("docx", "pdf", "xlsx")


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


def _file_response(doc, fmt: str) -> HttpResponse:
    if fmt not in EXPORTERS:
        raise Http404
    exporter = get_exporter(fmt)
    response = HttpResponse(exporter.render(doc), content_type=exporter.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(doc)}"'
    return response


def _in_background(rows: int) -> bool:
    """More rows than the threshold: the work goes to the task worker."""
    return rows > int(settings.DIENHINH.get("BACKGROUND_ROW_THRESHOLD", 300))


def _start_job(
    request, *, kind, program, organisation, fmt, year, subject=None, upload=None, dry_run=False
):
    job = DocumentJob(
        kind=kind,
        subject=subject or DocumentJob.Subject.FORM,
        program=program,
        organisation=organisation,
        requested_by=request.user,
        format=fmt,
        year=year,
        dry_run=dry_run,
        language=translation.get_language() or "",
    )
    if upload is not None:
        job.upload.save(f"upload.{fmt}", ContentFile(upload), save=False)
    job.save()
    task = tasks.run_import if kind == DocumentJob.Kind.IMPORT else tasks.run_export
    task.enqueue(job.pk)
    return redirect("documents:job", pk=job.pk)


def _latest_year(program, unit) -> int:
    registration = find_registration(program, unit, None)
    return registration.year if registration is not None else timezone.localdate().year


@login_required
def form_page(request, program, org):
    program, unit = access.program_and_unit(request.user, program, org)
    year = _year(request) or timezone.localdate().year
    return render(
        request,
        "documents/form.html",
        {
            "program": program,
            "unit": unit,
            "year": year,
            "formats": sorted(EXPORTERS),
            "may_import": permissions.may_import(request.user, unit, program),
            "max_mb": checks.MAX_BYTES // 1048576,
            "may_sign": permissions.may_sign_form(request.user, unit),
            "may_upload_signed": permissions.may_upload_signed(request.user, unit),
            "signed_files": SignedFile.objects.filter(
                program=program, organisation=unit, year=year
            ).select_related("added_by"),
            "signed_kinds": SignedFile.Kind.choices,
        },
    )


@login_required
def form_download(request, program, org, fmt):
    program, unit = access.program_and_unit(request.user, program, org)
    if fmt not in EXPORTERS:
        raise Http404
    year = _year(request)
    if _in_background(registration_row_count(program, unit, year)):
        if request.method != "POST":
            return render(
                request,
                "documents/job_confirm.html",
                {"program": program, "unit": unit, "year": year, "fmt": fmt},
            )
        return _start_job(
            request,
            kind=DocumentJob.Kind.EXPORT,
            program=program,
            organisation=unit,
            fmt=fmt,
            year=year or _latest_year(program, unit),
        )
    doc = build_registration_form(registration_form_data(program, unit, year))
    return _file_response(doc, fmt)


@login_required
def template_download(request, program):
    program = get_object_or_404(Program, code=program)
    return _file_response(build_template(template_data(program)), "xlsx")


@login_required
@require_POST
def form_import(request, program, org):
    program, unit = access.program_and_unit(request.user, program, org)
    if not permissions.may_import(request.user, unit, program):
        raise Http404
    year = _year(request) or timezone.localdate().year
    upload = request.FILES.get("file")
    report = None
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
    elif upload.size > checks.MAX_BYTES:
        messages.error(
            request,
            _("The file is larger than %(limit)s MB.") % {"limit": checks.MAX_BYTES // 1048576},
        )
    else:
        # Only the archive's directory is read here; the file is parsed by the task worker,
        # in a child process under memory and time limits (importing.sandbox).
        data = upload.read()
        try:
            kind = checks.screen(data).kind
        except ImportRejected as exc:
            report = Report(problems=exc.problems)
        else:
            return _start_job(
                request,
                kind=DocumentJob.Kind.IMPORT,
                program=program,
                organisation=unit,
                fmt=kind,
                year=year,
                upload=data,
                dry_run=bool(request.POST.get("dry_run")),
            )
    if report is None:
        return redirect(f"{request.path.rsplit('import/', 1)[0]}?year={year}")
    return render(
        request,
        "documents/import_result.html",
        {"program": program, "unit": unit, "year": year, "report": report},
        status=200 if report.ok else 400,
    )


@login_required
def summary_page(request, program):
    program = access.summary_program(request.user, program)
    year = _year(request) or timezone.localdate().year
    return render(
        request,
        "documents/summary.html",
        {
            "program": program,
            "year": year,
            "formats": sorted(EXPORTERS),
            "quota_rows": quota_status(program, year, request.user),
        },
    )


@login_required
def summary_download(request, program, fmt):
    program = access.summary_program(request.user, program)
    if fmt not in EXPORTERS:
        raise Http404
    year = _year(request) or timezone.localdate().year
    if _in_background(summary_row_count(program, year)):
        if request.method != "POST":
            return render(
                request,
                "documents/job_confirm.html",
                {"program": program, "unit": None, "year": year, "fmt": fmt},
            )
        return _start_job(
            request,
            kind=DocumentJob.Kind.EXPORT,
            subject=DocumentJob.Subject.SUMMARY,
            program=program,
            organisation=program.organisation,
            fmt=fmt,
            year=year,
        )
    return _file_response(build_summary(program, year), fmt)


def _job_for(user, pk: int) -> DocumentJob:
    """A job of an organisation the user may see (summaries: its standing agency); else 404."""
    job = get_or_404(DocumentJob.objects.select_related("program", "organisation"), user, pk=pk)
    if job.subject == DocumentJob.Subject.SUMMARY:
        access.summary_program(user, job.program.code)
    if job.subject == DocumentJob.Subject.CERTIFICATES and not permissions.may_print_certificates(
        user, job.program
    ):
        raise Http404
    return job


@login_required
def job_page(request, pk):
    job = _job_for(request.user, pk)
    return render(request, "documents/job.html", {"job": job})


@login_required
def job_progress(request, pk):
    job = _job_for(request.user, pk)
    if job.status == DocumentJob.Status.RUNNING and jobs.reap_stale(pk=job.pk):
        job.refresh_from_db()  # its worker died: requeued or failed, said on the page
    return render(request, "documents/_job_progress.html", {"job": job})


@login_required
@require_POST
def job_confirm(request, pk):
    """The officer's answers for rows that may be candidates the unit registered before."""
    job = _job_for(request.user, pk)
    decisions = {
        key.removeprefix("row-"): value
        for key, value in request.POST.items()
        if key.startswith("row-")
    }
    try:
        jobs.confirm_matches(job, actor=request.user, decisions=decisions)
    except (NotPermitted, NotVisible):
        raise  # 403 / 404 (core's middleware)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("documents:job", pk=job.pk)


@login_required
def job_download(request, pk):
    job = _job_for(request.user, pk)
    if job.status != DocumentJob.Status.DONE or not job.result:
        raise Http404
    exporter = get_exporter(job.format)
    return FileResponse(
        job.result.open("rb"),
        as_attachment=True,
        filename=job.filename or job.result.name.rsplit("/", 1)[-1],
        content_type=exporter.content_type,
    )


@login_required
def session_minutes_download(request, pk, fmt):
    """The minutes of a council vote, scoped exactly like their page."""
    if fmt not in MINUTES_FORMATS:
        raise Http404
    session = honours_queries.minutes_session_or_404(request.user, pk)
    if session.is_open:  # secret ballot: no counts before closing (see honours session_minutes)
        raise Http404
    # An official document is in Vietnamese whatever the reader's language.
    with translation.override("vi"):
        doc = minutes_document(session)
    return _file_response(doc, fmt)


@login_required
def review_report_download(request, pk, fmt):
    """The report of a review round, scoped exactly like its page."""
    if fmt not in REPORT_FORMATS:
        raise Http404
    review = honours_queries.review_or_404(request.user, pk)
    with translation.override("vi"):
        entries = list(honours_queries.review_entries(review))
        doc = review_report_document(review, entries, reviews.statistics(entries))
    return _file_response(doc, fmt)


@login_required
def review_typical_download(request, pk, fmt):
    """The list of a review's typical exemplars sent up (to Sở Nội vụ), scoped like its page:
    as sent once sent, else as it stands."""
    if fmt not in REPORT_FORMATS:
        raise Http404
    review = honours_queries.review_or_404(request.user, pk)
    with translation.override("vi"):
        doc = typical_list_document(review)
    return _file_response(doc, fmt)


@login_required
def decision_download(request, pk, fmt):
    """The commendation decision with its list, scoped exactly like its page: the honours the
    reader may see (another province's decision answers 404)."""
    if fmt not in REPORT_FORMATS:
        raise Http404
    honours = list(honours_queries.decision_honours(request.user, pk))
    if not honours:
        raise Http404
    with translation.override("vi"):
        doc = decision_document(honours[0].decision, honours)
    return _file_response(doc, fmt)
