"""Turn parsed rows into candidate rows: NFC, legacy encodings, fields of work; every problem named."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dienhinh.core.legacy_encodings import to_unicode
from dienhinh.core.text import fold, nfc
from dienhinh.documents.forms.registration import SECTIONS
from dienhinh.documents.importing.parse import RawRow
from dienhinh.documents.importing.problems import Problem
from dienhinh.documents.sources import CandidateRow

MAX_LENGTHS = {"name": 255, "address": 255, "head_name": 200, "position": 200, "workplace": 255}
ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


@dataclass
class Checked:
    rows: list[tuple[RawRow, CandidateRow]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class FieldIndex:
    """Fields of work by letter ("k", "c.1", "k)") or by name, compared folded."""

    def __init__(self, fields):
        self.by_code = {fold(f.code): f for f in fields}
        self.by_name = {fold(f.name): f for f in fields}

    def find(self, text: str):
        key = fold(text).strip()
        if not key:
            return None
        if key in self.by_code:
            return self.by_code[key]
        code, sep, name = key.partition(")")
        if sep and code.strip() in self.by_code:
            return self.by_code[code.strip()]
        return self.by_name.get(key)


def _split_individual(text: str) -> tuple[str, str, str]:
    parts = [p.strip() for p in text.split(";")]
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], "; ".join(p for p in parts[2:] if p)


def check_rows(raw_rows: list[RawRow], fields, subject_types: list[str]) -> Checked:
    result = Checked()
    index = FieldIndex(fields)
    seen: dict[tuple[str, str], RawRow] = {}
    for raw in raw_rows:
        titles = [c.title for c in SECTIONS[raw.subject_type][1]]
        values = []
        for title, value in zip(titles, raw.cells, strict=False):
            text, encoding = to_unicode(value)
            if encoding:
                result.warnings.append(
                    Problem(
                        _("typed in the %(encoding)s encoding; converted to Unicode: “%(text)s”.")
                        % {"encoding": ENCODING_NAMES[encoding], "text": nfc(text)[:80]},
                        raw.sheet,
                        raw.row,
                        title,
                    )
                )
            values.append(text)

        def problem(message, column, raw=raw, titles=titles):
            result.problems.append(Problem(message, raw.sheet, raw.row, titles[column]))

        row = CandidateRow(subject_type=raw.subject_type, name=nfc(values[1]))
        if raw.subject_type == "individual":
            row.position, row.workplace, row.address = (
                nfc(v) for v in _split_individual(values[2])
            )
            rest = values[3:]
        elif raw.subject_type == "household":
            row.address = nfc(values[2])
            rest = values[3:]
        else:
            row.address, row.head_name = nfc(values[2]), nfc(values[3])
            rest = values[4:]
        field_text, row.solutions, row.notes = (rest + ["", "", ""])[:3]
        row.solutions = (row.solutions or "").strip()
        row.notes = (row.notes or "").strip()
        field_col = len(titles) - 3
        if not row.name:
            problem(_("the name is empty."), 1)
        for attr, limit in MAX_LENGTHS.items():
            if len(getattr(row, attr)) > limit:
                column = {"name": 1}.get(attr, 2)
                problem(_("longer than %(n)s characters.") % {"n": limit}, column)
        if subject_types and raw.subject_type not in subject_types:
            problem(_("this program does not register this kind of subject."), 1)
        if field_text.strip():
            found = index.find(field_text)
            if found is None:
                problem(
                    _(
                        "unknown field of work “%(value)s”: give its letter (e.g. k, c.1) or its name."
                    )
                    % {"value": nfc(field_text)[:80]},
                    field_col,
                )
            else:
                row.field_code, row.field_name = found.code, found.name
        key = (raw.subject_type, fold(row.name))
        if row.name and key in seen:
            first = seen[key]
            problem(
                _("the same name as row %(row)s of sheet “%(sheet)s”.")
                % {"row": first.row, "sheet": first.sheet},
                1,
            )
        seen.setdefault(key, raw)
        result.rows.append((raw, row))
    return result
