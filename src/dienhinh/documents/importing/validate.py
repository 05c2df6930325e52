"""Turn parsed rows into candidate rows: NFC, legacy encodings, fields of work; every problem named."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dienhinh.core.legacy_encodings import to_unicode
from dienhinh.core.text import fold, nfc
from dienhinh.documents.forms.registration import SECTIONS
from dienhinh.documents.importing.parse import RawRow
from dienhinh.documents.importing.problems import Problem
from dienhinh.documents.sources import CandidateRow
from dienhinh.registrations.domain.fact_dates import birth_year_problem

MAX_LENGTHS = {
    "name": 255,
    "address": 255,
    "head_name": 200,
    "position": 200,
    "workplace": 255,
    "solutions": 4000,
    "notes": 1000,
}
ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


@dataclass
class Checked:
    rows: list[tuple[RawRow, CandidateRow]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class FieldIndex:
    """Fields of work as offices write them: "e", "e)", "e) Chăm sóc sức khỏe cho Nhân dân",
    the name alone in any case, with or without diacritics, with or without "Lĩnh vực", with or
    without its parenthesised abbreviation ("Cải cách hành chính", "CCHC").

    Letters are compared exactly (lower case): "đ" and "d" are two fields; names are folded.
    """

    def __init__(self, fields):
        self.by_code = {nfc(f.code).lower(): f for f in fields}
        self.by_name: dict[str, object] = {}
        for f in fields:
            name = fold(f.name)
            bare = _PARENS.sub("", name).strip()
            for key in (name, bare, *(m.strip() for m in _PARENS_TEXT.findall(name))):
                self.by_name.setdefault(key, f)

    def find(self, text: str):
        plain = nfc(text).strip().lower()
        if not plain:
            return None
        code = plain.rstrip(").").strip()
        if code in self.by_code:
            return self.by_code[code]
        match = _CODE_AND_NAME.match(plain)
        if match and match.group(1) in self.by_code:
            return self.by_code[match.group(1)]
        key = _FIELD_PREFIX.sub("", fold(plain)).strip(" .:;")
        return self.by_name.get(key) or self.by_name.get(_PARENS.sub("", key).strip())


_PARENS = re.compile(r"\([^)]*\)")
_PARENS_TEXT = re.compile(r"\(([^)]*)\)")
_CODE_AND_NAME = re.compile(r"^([a-zđ](?:\.\d+)?)\s*[).:\-]\s*\S")
_FIELD_PREFIX = re.compile(
    r"^(dien hinh\s+)?((trong|thuoc)\s+)?(cac\s+)?(linh vuc|nganh|khoi)\s*[:\-]?\s*"
)
# Zero-width, joiner, direction and other invisible format characters.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Academic and professional titles, and forms of address, written before a name.
_TITLES = re.compile(
    r"^(?:(?:PGS|GS|TS|ThS|Ths|BSCKII|BSCKI|BSCK\s?[12I]{1,2}|BS|DS|CN|KS|LS|NGND|NGƯT|NSND|"
    r"NSƯT|TTND|TTƯT|ĐD|CKI|CKII)\s*\.\s*|(?:Ông|Bà|Đ/c|Đồng chí)\s+)+",
    re.IGNORECASE,
)
_DASH = re.compile(r"\s+[-–—]\s+|\s*:\s+")


def split_person(text: str) -> tuple[str, str]:
    """(name, position) from "BSCKII. Nguyễn Thị Hương - Trưởng khoa" or "Giám đốc: Lò Văn A"."""
    text = _TITLES.sub("", text.strip()).strip()
    parts = _DASH.split(text, maxsplit=1)
    if len(parts) == 2 and all(parts):
        first, second = parts
        if ":" in text and not re.search(r"\s[-–—]\s", text):
            first, second = second, first  # "Giám đốc: Lò Văn A"
        words = first.split()
        if 2 <= len(words) <= 6 and len(second) <= 120:
            return _TITLES.sub("", first).strip(), second.strip()
    return text, ""


def _split_individual(text: str) -> tuple[str, str, str]:
    separator = ";" if ";" in text else "\n"
    parts = [p.strip() for p in text.split(separator)]
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], "; ".join(p for p in parts[2:] if p)


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def birth_year(text: str) -> tuple[int | None, str]:
    """(year, problem) from "1985", "12/03/1985", "1985-03-12 00:00:00" (a date cell)."""
    years = _YEAR.findall(text)
    if len(years) != 1:
        return None, _("“%(value)s” is not a year of birth: write it as 1985 or 12/03/1985.") % {
            "value": text[:40]
        }
    year = int(years[0])
    return (None, problem) if (problem := birth_year_problem(year)) else (year, "")


def _columns(subject_type: str, width: int) -> dict[str, int]:
    """Attribute -> index of the column of the section it is read from (for problems)."""
    columns = {"name": 1, "solutions": width - 2, "notes": width - 1}
    if subject_type == "individual":
        columns.update(position=2, workplace=2, address=2)
    else:
        columns.update(address=2, head_name=3, position=3)
    return columns


def _clean(raw: RawRow, titles: list[str], result: Checked) -> list[str]:
    """The row's cells as Unicode: legacy encodings converted and invisible characters removed,
    each change reported as a warning naming the cell."""
    values = []
    for title, value in zip(titles, raw.cells, strict=False):
        value, removed = INVISIBLE.subn("", value)
        if removed:
            result.warnings.append(
                Problem(
                    _("%(n)s invisible character(s) (zero-width or text-direction marks) removed.")
                    % {"n": removed},
                    raw.sheet,
                    raw.row,
                    title,
                )
            )
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
    return values


def _to_row(raw: RawRow, values: list[str]) -> tuple[CandidateRow, str]:
    """The candidate the cells describe, and the text of its field of work (resolved later)."""
    row = CandidateRow(subject_type=raw.subject_type, name=nfc(values[1]))
    if raw.subject_type == "individual":
        row.name, position = split_person(row.name)
        row.position, row.workplace, row.address = (nfc(v) for v in _split_individual(values[2]))
        row.position = row.position or position
        rest = values[3:]
    elif raw.subject_type == "household":
        row.address = nfc(values[2])
        rest = values[3:]
    else:
        row.address = nfc(values[2])
        row.head_name, row.position = split_person(nfc(values[3]))
        rest = values[4:]
    field_text, solutions, notes = (rest + ["", "", ""])[:3]
    row.solutions, row.notes = (solutions or "").strip(), (notes or "").strip()
    return row, field_text


def check_rows(raw_rows: list[RawRow], fields, subject_types: list[str]) -> Checked:
    result = Checked()
    index = FieldIndex(fields)
    seen: dict[tuple[str, str], RawRow] = {}
    for raw in raw_rows:
        titles = [c.title for c in SECTIONS[raw.subject_type][1]]
        values = _clean(raw, titles, result)

        def problem(message, column, raw=raw, titles=titles):
            result.problems.append(Problem(message, raw.sheet, raw.row, titles[column]))

        row, field_text = _to_row(raw, values)
        if not row.name:
            problem(_("the name is empty."), 1)
        if raw.birth and raw.subject_type == "individual":
            row.birth_year, message = birth_year(raw.birth)
            if message:
                result.problems.append(Problem(message, raw.sheet, raw.row, raw.birth_column))
        columns = _columns(raw.subject_type, len(titles))
        for attr, limit in MAX_LENGTHS.items():
            if len(getattr(row, attr)) > limit:
                problem(_("longer than %(n)s characters.") % {"n": limit}, columns[attr])
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
                    len(titles) - 3,
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
