"""The rows of the candidate and registration lists as plain values, not models."""

from dienhinh.core.links import path_builder
from dienhinh.programs.enums import SubjectType


class Row(dict):
    """A list row: read by key in templates (their first lookup, which on an object fails before
    they try its attribute) and by attribute in Python."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


# What a candidate's row shows (the list's queryset reads these columns too, `.only()`).
LIST_COLUMNS = (
    "name",
    "name_key",
    "position",
    "workplace",
    "subject_type",
    "program__number",
    "organisation__name",
    "field__code",
    "field__name",
)
# The columns a row of the list reads, as plain values (`list_rows`).
ROW_VALUES = ("pk", *(c for c in LIST_COLUMNS if c != "name_key"))


def list_rows(rows) -> list[Row]:
    """The page's candidates as the list shows them, from plain values: what the template reads
    of a candidate, its field, unit and program, with its link and its subject type's label.
    Fifty candidates built as models (with their program, unit and field: two hundred objects)
    cost more than the rest of the view."""
    detail_url = path_builder("registrations:candidate_detail")
    types = dict(SubjectType.choices)
    out = []
    for r in rows.values(*ROW_VALUES):
        code = r["field__code"]
        out.append(
            Row(
                pk=r["pk"],
                name=r["name"],
                position=r["position"],
                workplace=r["workplace"],
                subject_type=r["subject_type"],
                subject_label=types.get(r["subject_type"], r["subject_type"]),
                url=detail_url(r["pk"]),
                field=None if code is None else Row(code=code, name=r["field__name"]),
                organisation=Row(name=r["organisation__name"]),
                program=Row(number=r["program__number"]),
            )
        )
    return out
