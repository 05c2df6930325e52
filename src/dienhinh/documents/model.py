"""An official document as plain data: header block, title, sections of tables, footer.

Every renderer (DOCX, PDF, XLSX) reads the same `Document`, so the three files say the same
thing. The layout follows the administrative-document format of Decree 30/2020/NĐ-CP.
"""

import datetime
from dataclasses import dataclass, field

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"


def place_and_date(place: str, day: datetime.date | None, year: int | None = None) -> str:
    """'Lai Châu, ngày 05 tháng 8 năm 2024'; blanks to fill by hand when the day is unknown."""
    if day is None:
        return f"{place}, ngày ... tháng ... năm {year or '...'}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)  # Decree 30: 01, 02, 3...12
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class Column:
    title: str
    width_mm: float = 30.0  # printed width; XLSX widths are derived from it


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    table: Table


@dataclass
class Header:
    issuer_upper: str = ""  # the governing body, plain capitals (may be empty)
    issuer: str = ""  # the issuing unit, bold capitals
    number: str = ""  # "Số: .../..." under the unit (may be empty)
    motto: str = MOTTO
    motto_sub: str = MOTTO_SUB
    place_date: str = ""


@dataclass
class Signature:
    title: str = ""  # "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"; several lines separated by \n
    note: str = ""  # "(Ký, ghi rõ họ và tên, đóng dấu)"
    name: str = ""


@dataclass
class Footer:
    """Recipients (bottom left) and one signature (bottom right); or several signatures.

    With `signatures` empty (the default) the footer is one row: recipients left, `signature`
    right. With `signatures` given, `signature` is ignored: the blocks are printed side by side
    in one row across the page, in list order from left to right (two make a left and a right
    block, e.g. THƯ KÝ and CHỦ TỊCH HỘI ĐỒNG in minutes), and the recipients, if any, under them
    on the left, as Decree 30 lays out minutes.
    """

    recipients_label: str = "Nơi nhận:"
    recipients: list[str] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
    signatures: list[Signature] = field(default_factory=list)


@dataclass
class Document:
    header: Header
    title: str
    subtitle: str = ""
    # "Căn cứ ..." lines between the title and the body: the acts in force on the document's
    # date (`documents.legal.basis_lines`), then its own grounds.
    basis: list[str] = field(default_factory=list)
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    footer: Footer = field(default_factory=Footer)
    landscape: bool = True  # wide tables: the annex form is printed landscape
    filename: str = "document"
    instructions: list[str] = field(default_factory=list)  # an extra sheet in XLSX templates


def short_date(day: datetime.date) -> str:
    """'02/7/2024': the form used when citing a document (Decree 30: 0 before days < 10, months 1-2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"
