"""What the quota dashboard says: the table's columns, each unit's status label, the chart series.

The domain (`registrations.domain.quotas`) gives numbers and colours; the words are here. Each
column of the table is defined once (`columns`): its header, cell and total on the page (the
dashboard and a unit's drill-down) and the plain values the exports (CSV, XLSX) write for it, so
that the page and the files cannot drift apart. The rows are written in Python rather than
through the template engine: a page shows 50 units with one cell per subject type, about 60 µs
a row through templates against about 10 µs here. Every value is escaped.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dienhinh.core.markup import esc
from dienhinh.programs.enums import SubjectType
from dienhinh.registrations.domain.quotas import AMBER, GREEN, GREY, RED, Dashboard, Row


def local_unit_label(board: Dashboard) -> str:
    """What the rows are grouped by: the districts up to the reform, the communes after."""
    return _("Commune or ward") if board.by_commune else _("District")


def status_label(row: Row, days_left: int | None) -> str:
    """What the status badge says: met, or short by how many (and the deadline's state)."""
    if row.colour == GREY:
        return _("No quota")
    if row.colour == GREEN:
        return _("Met")
    if row.colour == RED:
        if days_left is not None and days_left < 0:
            return _("Short by %(n)s, deadline passed") % {"n": row.shortfall}
        return _("Short by %(n)s, deadline near") % {"n": row.shortfall}
    return _("Short by %(n)s") % {"n": row.shortfall}


def colour_label(colour: str) -> str:
    return {RED: _("Red"), AMBER: _("Amber"), GREEN: _("Green"), GREY: _("No quota")}[colour]


def count_text(registered: int, required: int | None) -> str:
    """ "registered / required", or the count alone where no minimum applies."""
    return str(registered) if required is None else f"{registered} / {required}"


class Line(NamedTuple):
    """A row as shown: the domain's row, the link to the unit and its status label."""

    row: Row
    url: str
    status: str


class Value(NamedTuple):
    """One plain value the exports (CSV, XLSX) write for a column: its header and its value."""

    header: str
    value: Callable[[Line], object]


class Column(NamedTuple):
    header: str
    cell: Callable[[Line], str]  # the cell's HTML, escaped
    total: Callable[[Dashboard], str]
    numeric: bool
    values: tuple[Value, ...]  # what the exports write for it, in order


def _no_total(board: Dashboard) -> str:
    return ""


def _blank(value: object) -> object:
    return "" if value is None else value


def _type_column(t: str, label: str | Promise) -> Column:
    def registered(line: Line) -> int:
        return line.row.counts.get(t, 0)

    def required(line: Line) -> int | None:
        return line.row.requirement.minimums.get(t)

    def cell(line: Line) -> str:
        return esc(count_text(registered(line), required(line)))

    def total(board: Dashboard) -> str:
        return esc(f"{board.totals['registered'][t]} / {board.totals['required'][t]}")

    return Column(
        str(label),
        cell,
        total,
        True,
        (
            Value(_("%(type)s registered") % {"type": label}, registered),
            Value(_("%(type)s required") % {"type": label}, lambda line: _blank(required(line))),
        ),
    )


def _any_of_sum(key: str) -> Callable[[Line], object]:
    def value(line: Line) -> object:
        groups = line.row.any_of
        return sum(a[key] for a in groups) if groups else ""

    return value


def _district(line: Line) -> str:
    district = line.row.district
    return district.name if district else ""


def _any_of(line: Line) -> str:
    return esc(", ".join(count_text(a["registered"], a["required"]) for a in line.row.any_of))


def _organisation_cell(line: Line) -> str:
    """The unit's name, linked to its registrations; a unit formed from others links its history
    (the units it was formed from, on its page in the tree)."""
    row = line.row
    cell = f'<a href="{esc(line.url)}">{esc(row.organisation.name)}</a>'
    if row.formed_from_others:
        history = reverse("orgs:detail", args=[row.organisation.code]) + "#predecessors"
        cell += f' <a class="muted" href="{esc(history)}">{esc(_("formed from…"))}</a>'
    return cell


def columns(board: Dashboard) -> list[Column]:
    """The quota table's columns for this board (one per subject type shown)."""
    labels = dict(SubjectType.choices)
    return [
        Column(
            _("Organisation"),
            _organisation_cell,
            lambda board: esc(_("Total")),
            False,
            (
                Value(_("Code"), lambda line: line.row.organisation.code),
                Value(_("Organisation"), lambda line: line.row.organisation.name),
                Value(_("Kind"), lambda line: line.row.organisation.get_kind_display()),
            ),
        ),
        Column(
            local_unit_label(board),
            lambda line: esc(_district(line) or "—"),
            _no_total,
            False,
            (Value(local_unit_label(board), _district),),
        ),
        *(_type_column(t, labels[t]) for t in board.types),
        Column(
            _("Any of"),
            lambda line: _any_of(line) or "—",
            lambda board: str(board.totals["any_of_required"]),
            True,
            (
                Value(_("Any of: registered"), _any_of_sum("registered")),
                Value(_("Any of: required"), _any_of_sum("required")),
            ),
        ),
        Column(
            _("In progress"),
            lambda line: str(line.row.in_progress),
            lambda board: str(board.totals["in_progress"]),
            True,
            (Value(_("In progress"), lambda line: line.row.in_progress),),
        ),
        Column(
            _("Status"),
            lambda line: f'<span class="badge badge--{line.row.colour}">{esc(line.status)}</span>',
            _no_total,
            False,
            (
                Value(_("Short by"), lambda line: line.row.shortfall),
                Value(_("Status"), lambda line: colour_label(line.row.colour)),
                Value(_("Days left"), lambda line: _blank(board.days_left)),
            ),
        ),
    ]


_NUM = ' class="num"'


def _no_link(row: Row) -> str:
    return ""


class QuotaTable:
    """The quota table of some rows: `head`, `body` and `foot` are its <tr> elements on a page,
    `export_header` and `export_rows` the same columns as plain values for the files."""

    def __init__(
        self, board: Dashboard, rows: list[Row], unit_url: Callable[[Row], str] = _no_link
    ):
        self.board = board
        self.columns = columns(board)
        self.lines = [Line(row, unit_url(row), status_label(row, board.days_left)) for row in rows]

    def head(self) -> SafeString:
        cells = "".join(
            f'<th scope="col"{_NUM if c.numeric else ""}>{esc(c.header)}</th>' for c in self.columns
        )
        return mark_safe(f"<tr>{cells}</tr>")  # noqa: S308 (every value escaped above)

    def body(self) -> SafeString:
        if not self.lines:
            message = esc(_("No organisation matches."))
            return mark_safe(f'<tr><td colspan="{len(self.columns)}">{message}</td></tr>')  # noqa: S308
        tds = [(f"<td{_NUM if c.numeric else ''}>", c.cell) for c in self.columns]
        rows = [
            "<tr>" + "".join(f"{td}{cell(line)}</td>" for td, cell in tds) + "</tr>"
            for line in self.lines
        ]
        return mark_safe("\n".join(rows))  # noqa: S308 (every value escaped by the columns)

    def export_header(self) -> list[str]:
        """The exports' header row: each column's values, in the page's order."""
        return [v.header for c in self.columns for v in c.values]

    def export_rows(self) -> list[list[object]]:
        """The exports' rows, one per line, in the order of `export_header`."""
        values = [v.value for c in self.columns for v in c.values]
        return [[value(line) for value in values] for line in self.lines]

    def foot(self) -> SafeString:
        first, *rest = self.columns
        cells = [f'<th scope="row">{first.total(self.board)}</th>'] + [
            f"<td{_NUM if c.numeric else ''}>{c.total(self.board)}</td>" for c in rest
        ]
        return mark_safe("<tr>" + "".join(cells) + "</tr>")  # noqa: S308


def chart_series(board: Dashboard) -> list[tuple[str, list[tuple[str, int]], str]]:
    """(title, [(label, count)], id) of the dashboard's three bar charts."""
    labels = dict(SubjectType.choices)
    return [
        (
            _("Registered by subject type"),
            [(str(labels[t]), n) for t, n in board.by_type],
            "chart-type",
        ),
        (
            _("Registered by field of work"),
            [(f"{code}) {name}" if code else "—", n) for code, name, n in board.by_field],
            "chart-field",
        ),
        (
            _("Registered by commune or ward") if board.by_commune else _("Registered by district"),
            [(name or _("Provincial agencies and others"), n) for name, n in board.by_district],
            "chart-district",
        ),
    ]
