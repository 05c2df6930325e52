"""Download the registration form and the summary; upload a filled form (check only or import)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.documents import access
from dienhinh.documents.exporters import EXPORTERS, get_exporter
from dienhinh.documents.forms.registration import build_registration_form, build_template
from dienhinh.documents.importing import checks
from dienhinh.documents.importing.service import import_file
from dienhinh.documents.sources import registration_form_data, template_data
from dienhinh.documents.summary import build_summary


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
            "may_import": access.may_import(request.user, unit),
            "max_mb": checks.MAX_BYTES // 1048576,
        },
    )


@login_required
def form_download(request, program, org, fmt):
    program, unit = access.program_and_unit(request.user, program, org)
    doc = build_registration_form(registration_form_data(program, unit, _year(request)))
    return _file_response(doc, fmt)


@login_required
def template_download(request, program):
    from django.shortcuts import get_object_or_404

    from dienhinh.programs.models import Program

    program = get_object_or_404(Program, code=program)
    return _file_response(build_template(template_data(program)), "xlsx")


@login_required
@require_POST
def form_import(request, program, org):
    program, unit = access.program_and_unit(request.user, program, org)
    if not access.may_import(request.user, unit):
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
        report = import_file(
            upload.read(),
            program=program,
            organisation=unit,
            year=year,
            actor=request.user,
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
        {"program": program, "year": year, "formats": sorted(EXPORTERS)},
    )


@login_required
def summary_download(request, program, fmt):
    program = access.summary_program(request.user, program)
    year = _year(request) or timezone.localdate().year
    return _file_response(build_summary(program, year), fmt)
