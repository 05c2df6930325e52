"""The media-appearance list as an Excel sheet (openpyxl), safe to open in a spreadsheet."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dienhinh.core.files import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Text through core.files.safe_cell (no formula); numbers and dates stay as they are."""
    return safe_cell(value) if isinstance(value, str) else value


def appearances_xlsx(rows) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Media appearances")[:31]
    header = [
        _("No."),
        _("Channel"),
        _("Date"),
        _("Title"),
        _("Link"),
        _("Exemplar"),
        _("Organisation"),
        _("Program"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, a in enumerate(rows, start=1):
        sheet.append(
            [
                i,
                neutralise(str(a.get_channel_display())),
                a.date,
                neutralise(a.title),
                neutralise(a.link),
                neutralise(a.exemplar.candidate.name),
                neutralise(a.exemplar.organisation.name),
                neutralise(a.exemplar.program.number),
            ]
        )
        sheet.cell(row=i + 1, column=3).number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFGH", (6, 24, 12, 50, 40, 32, 36, 18), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="media-appearances-{stamp}.xlsx"'
    return response
