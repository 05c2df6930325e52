"""The open dataset (JSON and CSV, a page at a time, cacheable) and its data dictionary."""

import csv
import io

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dienhinh.portal import opendata
from dienhinh.portal.views.public import fresh


def _page(request):
    paginator = Paginator(opendata.public_honours(), opendata.PAGE_SIZE)
    try:
        number = int(request.GET.get("page") or 1)
        page = paginator.page(number)
    except (ValueError, EmptyPage) as exc:
        raise Http404 from exc
    rows = [
        opendata.row(
            h, request.build_absolute_uri(reverse("portal:exemplar_detail", args=[h.exemplar_id]))
        )
        for h in page
    ]
    return page, rows


def _links(request, page, name: str) -> dict:
    def url(n):
        return request.build_absolute_uri(f"{reverse(name)}?page={n}")

    return {
        "next": url(page.next_page_number()) if page.has_next() else None,
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
    }


def _cacheable(response, request, page, name: str):
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    links = _links(request, page, name)
    response["Link"] = ", ".join(
        f'<{u}>; rel="{rel}"'
        for rel, u in (("next", links["next"]), ("prev", links["previous"]))
        if u
    )
    return response


@require_GET
@fresh
def dataset_json(request):
    page, rows = _page(request)
    body = {
        "licence": opendata.LICENCE,
        "dictionary": request.build_absolute_uri(reverse("portal:open_data")),
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        **_links(request, page, "portal:open_data_json"),
        "results": rows,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    return _cacheable(response, request, page, "portal:open_data_json")


@require_GET
@fresh
def dataset_csv(request):
    page, rows = _page(request)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[c[0] for c in opendata.COLUMNS])
    writer.writeheader()
    writer.writerows(rows)
    # A byte order mark: spreadsheet programs then read the Vietnamese letters as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="dien-hinh-{page.number}.csv"'
    return _cacheable(response, request, page, "portal:open_data_csv")


@require_GET
def dictionary(request):
    return render(
        request,
        "portal/open_data.html",
        {"columns": opendata.COLUMNS, "licence": opendata.LICENCE, "page_size": opendata.PAGE_SIZE},
    )
