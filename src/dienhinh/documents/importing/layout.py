"""Find the tables of the registration form (Biểu đăng ký) among whatever rows surround them.

Units type the annex their own way: a title, a preamble, "I. TẬP THỂ" / "II. CÁ NHÂN" headings,
blank rows, a row numbering the columns, the footer ("Nơi nhận:", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
"(Ký, ghi rõ họ và tên, đóng dấu)"). A table starts at a row whose cells read as the form's
column titles (in any case, with or without diacritics, in any order, some missing) and ends at
a heading of another section, the footer, or the next table.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from dienhinh.core.text import fold
from dienhinh.documents.forms.registration import SECTIONS
from dienhinh.documents.importing.problems import ImportRejected, Problem

# The logical columns of each section, in the order of SECTIONS (the printed form).
KEYS = {
    "collective": ("stt", "name", "address", "head", "field", "solutions", "notes"),
    "individual": ("stt", "name", "details", "field", "solutions", "notes"),
    "household": ("stt", "name", "address", "field", "solutions", "notes"),
    "model": ("stt", "name", "address", "head", "field", "solutions", "notes"),
}
assert all(len(KEYS[t]) == len(spec[1]) for t, spec in SECTIONS.items())

# A column title, folded -> (logical column, the section its name column implies); first match.
_TITLE_RULES = [
    (re.compile(r"^(stt|tt|so tt|so thu tu)\b"), "stt", None),
    # Not a column of the printed form: offices add it to tell namesakes apart.
    (re.compile(r"^(nam sinh|ngay,? (thang,? )?(nam )?sinh)\b"), "birth", None),
    (re.compile(r"giai phap"), "solutions", None),
    (re.compile(r"ghi chu"), "notes", None),
    (re.compile(r"linh vuc"), "field", None),
    (re.compile(r"chuc vu|cong tac|noi cu tru|noi o"), "details", None),
    (re.compile(r"ho va ten|ho ten|ten ca nhan"), "name", "individual"),
    (re.compile(r"chu mo hinh|nguoi dung dau|phu trach|thu truong"), "head", None),
    (re.compile(r"chu ho|ten ho|ho gia dinh"), "name", "household"),
    (re.compile(r"mo hinh"), "name", "model"),
    (re.compile(r"dia chi|dia ban"), "address", None),
    (re.compile(r"don vi|tap the|^ten\b"), "name", "collective"),
]
_HEADINGS = [
    ("tap the", "collective"),
    ("ca nhan", "individual"),
    ("ho gia dinh", "household"),
    ("mo hinh", "model"),
]
_HEADING = re.compile(r"^(?:phan\s+)?(?:[ivx]+|\d+|[a-d])\s*[./):-]?\s+(.{3,40})$")
_FOOTER = re.compile(
    r"^(noi nhan|- ?luu\b|luu\s*:|thu truong|\(ky\b|ky,? ghi ro|nguoi lap|xac nhan|"
    r"t/?m\.? |k/?t\.? |tl\.? |giam doc$|chu tich$|.{0,60},\s*ngay\b.{0,20}\bthang\b)"
)
_TOTAL = re.compile(r"^(tong cong|tong so)\b|^cong\s*:?\s*\d*$")
_SECTION_WORDS = r"(\s+(dien hinh|tieu bieu|tien tien|dang ky))*\s*(\(.*\))?$"
_NUMBER = re.compile(r"^\d+[.)]?$")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$|^\([a-z0-9]\)$")


@dataclass
class RawRow:
    subject_type: str
    sheet: str
    row: int  # 1-based, as the spreadsheet program numbers it (or the row of the Word table)
    cells: list[str] = field(default_factory=list)  # one per column of the section
    birth: str = ""  # the text of a "Năm sinh" / "Ngày sinh" column, when the table has one
    birth_column: str = ""


@dataclass
class Line:
    """A row of a sheet or of a Word table, or a paragraph between tables (an empty `sheet`)."""

    sheet: str
    number: int
    values: list[str]
    # column index -> why its text cannot be trusted ("hidden", "invisible"), as a message
    marks: dict[int, str] = field(default_factory=dict)
    letters: bool = True
    hidden: str = ""  # why the whole row cannot be trusted (a hidden row), as a message  # columns named by letter (spreadsheets) or by number (Word tables)


def _key(title: str) -> tuple[str, str | None] | None:
    folded = fold(title).strip(" .:;*")
    if not folded:
        return None
    for pattern, key, implies in _TITLE_RULES:
        if pattern.search(folded):
            return key, implies
    return None


def read_header(values: list[str], hint: str | None) -> tuple[str, dict[str, int]] | None:
    """(subject type, logical column -> index) when the row reads as the form's column titles."""
    first = next((v for v in values if v.strip()), "")
    if not first or len(first) > 120 or any(_NUMBER.match(v.strip()) for v in values):
        return None  # a data row: its STT is a number
    columns: dict[str, int] = {}
    implied = None
    for index, value in enumerate(values):
        if not value.strip() or len(value) > 200:
            continue
        found = _key(value)
        if found is None:
            continue
        key, implies = found
        if key in columns:
            continue
        columns[key] = index
        if key == "name":
            implied = implies
    others = set(columns) - {"stt", "name"}
    if "name" not in columns or len(others) < 2:
        return None
    if "details" in columns:
        implied = "individual"
    subject_type = implied or hint or "collective"
    if implied == "collective" and hint == "model":
        subject_type = "model"  # "Tên đơn vị" under "IV. MÔ HÌNH"
    if implied in (None, "individual") and hint == "household" and "details" not in columns:
        subject_type = "household"
    return subject_type, columns


def heading(text: str) -> str | None:
    """The section a heading row such as "II. CÁ NHÂN" or "Phần I - Tập thể" opens, or None."""
    folded = fold(text).strip()
    match = _HEADING.match(folded)
    body = match.group(1) if match else folded
    if len(body) > 40:
        return None
    body = re.sub(r"^(danh sach|dang ky|cac|doi voi)\s+", "", body).strip(" .:")
    for words, subject_type in _HEADINGS:
        if re.match(words + _SECTION_WORDS, body):
            return subject_type
    return None


def is_footer(text: str) -> bool:
    return bool(_FOOTER.match(fold(text).strip()))


def _is_numbering(texts: list[str]) -> bool:
    return len(texts) >= 3 and all(_NUMBERING.match(t.strip()) for t in texts)


def column_name(line: Line, index: int) -> str:
    if not line.letters:
        return str(index + 1)
    return get_column_letter(index + 1)


class Collector:
    """Turns lines into rows under a recognised header; counts, and names what it skips."""

    def __init__(self, problems: list[Problem], max_rows: int):
        self.problems = problems
        self.max_rows = max_rows
        self.rows: list[RawRow] = []
        self.current: tuple[str, dict[str, int]] | None = None
        self.hint: str | None = None
        self.table_sheet = ""

    def feed(self, line: Line) -> None:
        texts = [v for v in line.values if v.strip()]
        if not texts:
            return
        if line.sheet != self.table_sheet and (line.letters or not line.sheet):
            # A table never runs on into another sheet, nor past a paragraph of text; a Word
            # table split in two by an empty paragraph goes on with the same columns.
            self.current = None
        first = texts[0]
        found = read_header(line.values, self.hint)
        if found is not None:
            self.current, self.table_sheet = found, line.sheet
            return
        section = heading(first) if len(texts) <= 2 else None
        if section is not None:
            self.hint = section
            if self.current is not None and self.current[0] != section:
                self.current = None
            return
        if is_footer(first):
            self.current = self.hint = None
            return
        if self.current is None or _is_numbering(texts) or _TOTAL.match(fold(first)):
            return
        self._row(line, *self.current)

    def _row(self, line: Line, subject_type: str, columns: dict[str, int]) -> None:
        cells = []
        for key in KEYS[subject_type]:
            index = columns.get(key)
            value = line.values[index] if index is not None and index < len(line.values) else ""
            cells.append(value.strip() if key == "stt" else value)
        if not any(c.strip() for c in cells[1:]):
            return  # only a number in STT, or text beside the table's columns
        if line.hidden:
            self.problems.append(Problem(line.hidden, line.sheet, line.number))
        for index, message in sorted(line.marks.items()):
            if index in columns.values() and line.values[index].strip():
                self.problems.append(
                    Problem(message, line.sheet, line.number, column_name(line, index))
                )
        raw = RawRow(subject_type, line.sheet, line.number, cells)
        birth = columns.get("birth")
        if birth is not None and birth < len(line.values):
            raw.birth, raw.birth_column = line.values[birth].strip(), column_name(line, birth)
        self.rows.append(raw)
        if len(self.rows) > self.max_rows:
            raise ImportRejected(
                [Problem(_("The file has more than %(n)s rows; split it.") % {"n": self.max_rows})]
            )


def collect(lines: Iterable[Line], problems: list[Problem], max_rows: int) -> list[RawRow]:
    collector = Collector(problems, max_rows)
    for line in lines:
        collector.feed(line)
    if not collector.rows and not problems:
        problems.append(
            Problem(
                _(
                    "No table of the registration form was found: keep the column headings of "
                    "the template (STT, ... , Ghi chú) unchanged."
                )
            )
        )
    return collector.rows
