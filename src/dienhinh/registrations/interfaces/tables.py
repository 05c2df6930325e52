"""HTML tables written in Python where a template would pay per cell: the quota table's rows.

A page of the quota dashboard shows 50 units with one cell per subject type; through the template
engine each row cost about 60 µs, here about 10 µs. The markup is the same as a template's and
every value is escaped by format_html.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def quota_rows(lines: list[dict]) -> SafeString:
    """<tr> elements of the quota table: `lines` hold "row" (quotas.Row), "url" and "status"."""
    html = []
    for line in lines:
        row = line["row"]
        cells = format_html_join(
            "", '<td class="num">{}</td>', ((c["text"],) for c in row.cells_for_types)
        )
        html.append(
            format_html(
                '<tr><td><a href="{}">{}</a></td><td>{}</td>{}<td class="num">{}</td>'
                '<td class="num">{}</td><td><span class="badge badge--{}">{}</span></td></tr>',
                line["url"],
                row.organisation.name,
                row.district.name if row.district else "—",
                cells,
                row.any_of_text,
                row.in_progress,
                row.colour,
                line["status"],
            )
        )
    return SafeString("\n".join(html))
