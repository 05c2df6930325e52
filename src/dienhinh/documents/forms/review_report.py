"""The report of a review round (Báo cáo sơ kết / tổng kết) as a `Document`.

Plain data in (the honours views fill `ReviewReportData`): the shortlist, then its statistics by
field, subject type and organisation, one section each, so the XLSX has one sheet per table.
"""

import datetime
from dataclasses import dataclass, field

from dienhinh.documents.model import (
    Column,
    Document,
    Footer,
    Header,
    Section,
    Signature,
    Table,
    place_and_date,
)
from dienhinh.documents.sources import UnitInfo

# ReviewKind value -> the word that opens the title ("sơ kết" preliminary, "tổng kết" final)
KIND_WORDS = {"preliminary": "Sơ kết", "final": "Tổng kết"}


@dataclass
class ReviewEntryRow:
    name: str
    unit: str
    field: str
    subject_type: str
    typical: bool


@dataclass
class ReviewReportData:
    agency: UnitInfo  # who reports: the program's standing agency
    kind: str
    title: str
    program: str  # the program's short title
    day: datetime.date
    city: str
    entries: list[ReviewEntryRow] = field(default_factory=list)
    by_field: list[tuple[str, int]] = field(default_factory=list)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_organisation: list[tuple[str, int]] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)  # "Căn cứ" lines
    filename: str = "bao-cao"


def _counts(heading: str, label: str, rows: list[tuple[str, int]]) -> Section:
    table = Table(columns=[Column("STT", 12), Column(label, 120), Column("Số lượng", 30)])
    for i, (name, n) in enumerate(rows, start=1):
        table.rows.append([str(i), name, str(n)])
    table.rows.append(["", "Tổng cộng", str(sum(n for _name, n in rows))])
    return Section(heading=heading, table=table)


def _subtitle(kind_word: str, title: str) -> str:
    """'Sơ kết 2 năm ...' as given, or the kind word put before a title that lacks it."""
    if not kind_word or kind_word.lower() in title.lower():
        return title
    return f"{kind_word} {title[:1].lower() + title[1:]}"


def build_review_report(data: ReviewReportData) -> Document:
    shortlist = Table(
        columns=[
            Column("STT", 12),
            Column("Họ và tên / Tập thể", 60),
            Column("Đơn vị", 55),
            Column("Lĩnh vực", 50),
            Column("Loại", 25),
            Column("Tiêu biểu, đề nghị cấp trên", 30),
        ]
    )
    for i, e in enumerate(data.entries, start=1):
        shortlist.rows.append(
            [str(i), e.name, e.unit, e.field, e.subject_type, "x" if e.typical else ""]
        )
    typical = sum(e.typical for e in data.entries)
    kind_word = KIND_WORDS.get(data.kind, "")
    preamble = (
        f"{data.agency.name} báo cáo kết quả {kind_word.lower()} {data.program}: "
        f"{len(data.entries)} điển hình được đưa vào danh sách, trong đó {typical} điển hình "
        "tiêu biểu được đề nghị cấp trên xem xét, cụ thể như sau:"
    )
    recipients = ["Hội đồng Thi đua – Khen thưởng;", "Lưu: VT."]
    return Document(
        header=Header(
            issuer_upper=data.agency.parent_name.upper(),
            issuer=data.agency.name.upper(),
            place_date=place_and_date(data.city, data.day),
        ),
        title="BÁO CÁO",
        subtitle=_subtitle(kind_word, data.title),
        basis=list(data.basis),
        preamble=preamble,
        sections=[
            Section(heading="I. DANH SÁCH ĐIỂN HÌNH", table=shortlist),
            _counts("II. THEO LĨNH VỰC", "Lĩnh vực", data.by_field),
            _counts("III. THEO LOẠI ĐỐI TƯỢNG", "Loại đối tượng", data.by_type),
            _counts("IV. THEO ĐƠN VỊ", "Đơn vị", data.by_organisation),
        ],
        footer=Footer(
            recipients=recipients,
            signature=Signature(
                title="THỦ TRƯỞNG CƠ QUAN THƯỜNG TRỰC",
                note="(Ký, ghi rõ họ và tên, đóng dấu)",
            ),
        ),
        landscape=True,
        filename=data.filename,
    )


@dataclass
class TypicalListData:
    """The list of typical exemplars a review sends up (to Sở Nội vụ)."""

    agency: UnitInfo  # who sends: the program's standing agency
    kind: str
    title: str
    program: str
    day: datetime.date  # the day sent (or today, for a list not sent yet)
    city: str
    recipient: str
    rows: list[dict] = field(default_factory=list)  # name, unit, field, subject_type
    filename: str = "danh-sach"


def build_typical_list(data: TypicalListData) -> Document:
    table = Table(
        columns=[
            Column("STT", 12),
            Column("Họ và tên / Tập thể", 65),
            Column("Đơn vị", 60),
            Column("Lĩnh vực", 55),
            Column("Loại", 25),
        ]
    )
    for i, row in enumerate(data.rows, start=1):
        table.rows.append([str(i), row["name"], row["unit"], row["field"], row["subject_type"]])
    kind_word = KIND_WORDS.get(data.kind, "")
    return Document(
        header=Header(
            issuer_upper=data.agency.parent_name.upper(),
            issuer=data.agency.name.upper(),
            place_date=place_and_date(data.city, data.day),
        ),
        title="DANH SÁCH",
        subtitle=(
            f"Điển hình tiên tiến tiêu biểu qua {kind_word.lower()} {data.program} "
            f"gửi {data.recipient}"
        ).replace("  ", " "),
        preamble=f"({data.title}: {len(data.rows)} điển hình tiêu biểu)",
        sections=[Section(heading="", table=table)],
        footer=Footer(
            recipients=[f"{data.recipient};", "Lưu: VT."],
            signature=Signature(
                title="THỦ TRƯỞNG CƠ QUAN THƯỜNG TRỰC",
                note="(Ký, ghi rõ họ và tên, đóng dấu)",
            ),
        ),
        landscape=True,
        filename=data.filename,
    )
