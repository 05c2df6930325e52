"""The quota dashboard of a program: table, charts, CSV and XLSX, and the drill-down to one unit
(the same table's columns, `interfaces.quota_board`)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dienhinh.core.links import path_builder
from dienhinh.orgs.queries import scope_roots, visible_organisations
from dienhinh.programs.enums import SubjectType
from dienhinh.registrations import permissions
from dienhinh.registrations.domain import queries, quotas
from dienhinh.registrations.domain.facts import evaluate_candidates
from dienhinh.registrations.interfaces.charts import bar_chart
from dienhinh.registrations.interfaces.exporters import dashboard_csv, dashboard_xlsx
from dienhinh.registrations.interfaces.quota_board import QuotaTable, chart_series
from dienhinh.registrations.models import Entry
from dienhinh.registrations.views.common import program_or_404, programs_for, require_record_role

# The organisation table shows this many rows a page; the totals, counts and charts above it stay
# those of every unit the filters keep.
ROWS_PER_PAGE = 50


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(board, fmt: str, name: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(dashboard_xlsx(board), content_type=XLSX)
    else:
        response = HttpResponse(dashboard_csv(board), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _unit_link(program, year: int):
    """Each row's link: the drill-down to its unit in the same year."""
    unit_url = path_builder("registrations:dashboard_organisation", program.code)
    return lambda row: f"{unit_url(row.organisation.code)}?year={year}"


@login_required
def dashboard(request):
    require_record_role(request.user)
    programs = programs_for(request.user)
    code = request.GET.get("program")
    if not code:
        if len(programs) == 1:
            code = programs[0].code
        else:
            return render(
                request,
                "registrations/program_picker.html",
                {
                    "programs": programs,
                    "next_name": "registrations:dashboard",
                    "title": _("Quotas: choose the program"),
                },
            )
    program = next((p for p in programs if p.code == code), None)
    if program is None:
        raise Http404
    roots = scope_roots(request.user)
    year = _int(request.GET.get("year")) or quotas.default_year(
        program,
        queries.registrations(request.user),
        scope_key=("all",) if roots is None else tuple(sorted(roots)),
    )
    subject_type = request.GET.get("subject_type") or None
    if subject_type not in SubjectType.values:
        subject_type = None
    colour = request.GET.get("colour") or None
    board = quotas.build(
        program,
        year,
        request.user,
        subject_type=subject_type,
        field_id=_int(request.GET.get("field")),
        district_id=_int(request.GET.get("district")),
        colour=colour,
    )
    if request.GET.get("format") in ("csv", "xlsx"):
        return _export(board, request.GET["format"], f"quotas-{program.code}-{year}")
    charts = [bar_chart(title, data, ident) for title, data, ident in chart_series(board)]
    labels = dict(SubjectType.choices)
    page = Paginator(board.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    # The board's rows are shared with later requests: the table keeps what this page adds.
    table = QuotaTable(board, list(page), _unit_link(program, year))
    return render(
        request,
        "registrations/dashboard.html",
        {
            "board": board,
            "page": page,
            "table": table,
            "program": program,
            "programs": programs,
            "all_types": [(t, labels[t]) for t in program.subject_types if t in labels],
            "fields": program.fields.order_by("position"),
            "charts": charts,
            "filters": {
                "year": year,
                "subject_type": subject_type or "",
                "field": _int(request.GET.get("field")),
                "district": _int(request.GET.get("district")),
                "colour": colour or "",
            },
            "years": sorted({*range(program.period_start.year, program.period_end.year + 2), year}),
            # The standing agency's summary of the program (documents.permissions).
            "may_summarise": permissions.may_oversee(request.user, program),
            "query": _without_page(request.GET),
        },
    )


@login_required
def dashboard_organisation(request, program, code):
    """One unit's registrations in the program, with the eligibility of each candidate."""
    require_record_role(request.user)
    program = program_or_404(request.user, program)
    org = visible_organisations(request.user).filter(code=code).first()
    if org is None:
        raise Http404
    year = _int(request.GET.get("year")) or quotas.default_year(
        program, queries.registrations(request.user).filter(organisation__path__startswith=org.path)
    )
    board = quotas.build(program, year, request.user, organisation=org)
    registrations = (
        queries.registrations(request.user)
        .filter(program=program, organisation__path__startswith=org.path)
        .select_related("organisation")
        .order_by("-year", "organisation__path")
    )
    # A department's subtree can hold thousands of entries: a page at a time, and only the
    # candidates shown are evaluated.
    entries = (
        Entry.objects.filter(registration__in=registrations.filter(year=year))
        .select_related(
            "candidate",
            "candidate__program",
            "candidate__field",
            "candidate__organisation",
            "registration",
        )
        .order_by("registration__organisation__path", "candidate__name_key", "id")
    )
    page = Paginator(entries, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    evaluations = evaluate_candidates([e.candidate for e in page])
    for e in page:
        e.evaluation = evaluations.get(e.candidate_id)
    return render(
        request,
        "registrations/dashboard_organisation.html",
        {
            "program": program,
            "org": org,
            "year": year,
            "board": board,
            "table": QuotaTable(board, board.rows, _unit_link(program, year)),
            "registrations": registrations,
            "entries": page,
            "page": page,
        },
    )
