"""The audit page's filters (date, actor, action, object) and its XLSX export, in words
(`core.auditview`)."""

import datetime
import io

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dienhinh.core import auditview
from dienhinh.core.files import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 10_000


def _day(text: str) -> datetime.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def filtered(qs: QuerySet, params) -> tuple[QuerySet, dict]:
    """The entries matching the page's filters, and the filters as understood (for the form)."""
    got = {
        k: (params.get(k) or "").strip()
        for k in ("q", "action", "actor", "object", "since", "until")
    }
    if got["q"]:
        qs = qs.filter(
            Q(object_repr__icontains=got["q"])
            | Q(actor_name__icontains=got["q"])
            | Q(action=got["q"])
            | Q(reason__icontains=got["q"])
        )
    if got["action"]:
        qs = qs.filter(action__startswith=got["action"])
    if got["actor"]:
        qs = qs.filter(actor_name__icontains=got["actor"])
    if got["object"]:
        qs = qs.filter(object_repr__icontains=got["object"])
    since, until = _day(got["since"]), _day(got["until"])
    tz = timezone.get_current_timezone()
    if since:
        qs = qs.filter(at__gte=datetime.datetime.combine(since, datetime.time.min, tzinfo=tz))
    if until:
        qs = qs.filter(
            at__lt=datetime.datetime.combine(
                until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
            )
        )
    got["errors"] = [
        _("Enter a date as dd/mm/yyyy.")
        for key in ("since", "until")
        if got[key] and not _day(got[key])
    ]
    return qs, got


def action_choices(qs: QuerySet) -> list[tuple[str, str]]:
    """(action, words) of the actions present in the user's trail, by their words."""
    actions = qs.order_by().values_list("action", flat=True).distinct()
    return sorted(((a, auditview.action_label(a)) for a in actions), key=lambda p: p[1])


def export_xlsx(qs: QuerySet) -> HttpResponse:
    entries = list(qs[:EXPORT_LIMIT])
    book = Workbook()
    sheet = book.active
    sheet.title = _("Audit trail")[:31]
    sheet.append([_("Time"), _("Actor"), _("Action"), _("Object"), _("Changes"), _("Reason")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for e in entries:
        changes = "\n".join(
            f"{label}: {before} → {after}" for label, before, after in auditview.changes(e)
        )
        sheet.append(
            [
                timezone.localtime(e.at).replace(tzinfo=None),
                safe_cell(e.actor_name or "—"),
                safe_cell(auditview.action_label(e.action)),
                safe_cell(e.object_repr),
                safe_cell(changes),
                safe_cell(e.reason),
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = "DD/MM/YYYY HH:MM"
    for column, width in zip("ABCDEF", (18, 28, 36, 40, 60, 40), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response
