"""CSV export of the quota dashboard: UTF-8 with BOM (so Excel reads Vietnamese), safe cells."""

import csv
import io

from django.utils.translation import gettext as _

from dienhinh.core.files import safe_cell
from dienhinh.programs.enums import SubjectType
from dienhinh.registrations.domain.quotas import Dashboard
from dienhinh.registrations.interfaces.quota_board import colour_label, local_unit_label


def dashboard_csv(dashboard: Dashboard) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    labels = dict(SubjectType.choices)
    header = [_("Code"), _("Organisation"), local_unit_label(dashboard), _("Kind")]
    for t in dashboard.types:
        header += [
            _("%(type)s registered") % {"type": labels[t]},
            _("%(type)s required") % {"type": labels[t]},
        ]
    header += [
        _("Any of: registered"),
        _("Any of: required"),
        _("In progress"),
        _("Short by"),
        _("Status"),
        _("Days left"),
    ]
    writer.writerow([safe_cell(h) for h in header])
    for row in dashboard.rows:
        org = row.organisation
        line: list[object] = [
            org.code,
            org.name,
            row.district.name if row.district else "",
            org.get_kind_display(),
        ]
        for cell in row.cells(dashboard.types):
            line += [cell["registered"], cell["required"] if cell["required"] is not None else ""]
        any_of = row.any_of
        line += [
            sum(a["registered"] for a in any_of) if any_of else "",
            sum(a["required"] for a in any_of) if any_of else "",
            row.in_progress,
            row.shortfall,
            colour_label(row.colour),
            dashboard.days_left if dashboard.days_left is not None else "",
        ]
        writer.writerow([safe_cell(v) for v in line])
    return out.getvalue()
