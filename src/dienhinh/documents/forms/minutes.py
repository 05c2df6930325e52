"""The minutes of a council vote count (Biên bản kiểm phiếu) as a `Document`.

Plain data in, so that the documents app does not read the honours app: the honours views fill
`MinutesData` from a closed (or still open) vote session. The vote is secret: the minutes carry
counts per candidate and the number of members who took part, never who voted how. A session
that missed its quorum or its minimum of voters shows no totals at all (`valid`); a candidate
with too few ballots shows none either (`MinutesRow.shown`).
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

PASSED, NOT_PASSED = "Đạt", "Không đạt"
COLUMNS = [
    Column("STT", 10),
    Column("Họ và tên / Tập thể", 66),
    Column("Đơn vị", 40),
    Column("Tổng số thành viên", 18),
    Column("Có mặt", 15),
    Column("Phiếu hợp lệ", 17),
    Column("Đồng ý", 15),
    Column("Không đồng ý", 17),
    Column("Không biểu quyết", 19),
    Column("Tỷ lệ đồng ý", 18),
    Column("Kết quả", 22),
]
TOO_FEW = "Không đủ số phiếu"


@dataclass
class MinutesRow:
    name: str
    unit: str
    agree: int
    disagree: int
    abstain: int
    passed: bool
    present: int = 0  # members present (for a paper ballot, as the counting committee found)
    paper: bool = False
    shown: bool = True  # enough ballots for the totals to be shown
    corrected: bool = False  # a paper count corrected after it was entered

    @property
    def ballots(self) -> int:
        return self.agree + self.disagree + self.abstain


@dataclass
class MinutesData:
    council: UnitInfo
    title: str  # the session's title
    day: datetime.date
    city: str  # of the place and date line: the program's place, "Lai Châu"
    venue: str  # where the council sat, may be empty
    members: int  # all council members (the threshold is a share of them)
    threshold_percent: int
    participants: int  # members present (who voted in person, online or on paper)
    written: int  # absent members whose written opinion was received
    rows: list[MinutesRow] = field(default_factory=list)
    # The attendance roll by name, in Vietnamese name order; never anyone's choice.
    present_names: list[str] = field(default_factory=list)
    written_names: list[str] = field(default_factory=list)  # absent, with a written opinion
    absent_names: list[str] = field(default_factory=list)
    closed: bool = True
    valid: bool = True  # quorum met and enough voters: totals may be shown
    quorum_percent: int = 50
    min_voters: int = 3
    filename: str = "bien-ban-kiem-phieu"


def percent(part: int, whole: int) -> str:
    """'66,7%' with the Vietnamese decimal comma; '—' when there is no whole."""
    if whole <= 0:
        return "—"
    return f"{100 * part / whole:.1f}%".replace(".", ",")


def _row(i: int, r: MinutesRow, members: int) -> list[str]:
    counts = (
        [str(r.ballots), str(r.agree), str(r.disagree), str(r.abstain), percent(r.agree, members)]
        if r.shown
        else ["—"] * 5
    )
    result = (PASSED if r.passed else NOT_PASSED) if r.shown else TOO_FEW
    unit = f"{r.unit} (bỏ phiếu giấy)" if r.paper else r.unit
    if r.corrected:
        unit = f"{unit[:-1]}; số liệu kiểm phiếu đã được đính chính)"
    return [str(i), r.name, unit, str(members), str(r.present), *counts, result]


def roll_text(data: MinutesData) -> str:
    """'Thành viên có mặt: A, B. Thành viên vắng mặt: C (có ý kiến bằng văn bản), D.'"""
    absent = [f"{n} (có ý kiến bằng văn bản)" for n in data.written_names] + data.absent_names
    return (
        f" Thành viên có mặt: {', '.join(data.present_names) or 'không có'}."
        f" Thành viên vắng mặt: {', '.join(absent) or 'không có'}."
    )


def build_minutes(data: MinutesData) -> Document:
    where = f", tại {data.venue}" if data.venue else ""
    preamble = (
        f"Hôm nay, {place_and_date('', data.day).lstrip(', ')}{where}, {data.council.name} "
        f"họp {data.title[:1].lower() + data.title[1:]} và kiểm phiếu biểu quyết bằng hình thức "
        f"bỏ phiếu kín. Hội đồng có {data.members} thành viên; {data.participants} thành viên "
        f"có mặt; {data.written} ý kiến bằng văn bản của thành viên vắng mặt.{roll_text(data)} "
        "Phiên họp hợp lệ "
        f"khi có ít nhất {data.quorum_percent}% tổng số thành viên có mặt và ít nhất "
        f"{data.min_voters} thành viên biểu quyết. Điển hình được chọn khi được ít nhất "
        f"{data.threshold_percent}% tổng số thành viên Hội đồng đồng ý."
    )
    sections = []
    if not data.closed:
        preamble += " Phiên biểu quyết chưa kết thúc: chưa có kết quả kiểm phiếu."
    elif not data.valid:
        preamble += (
            " Phiên họp không hợp lệ vì không đủ số thành viên có mặt theo quy định; "
            "kết quả biểu quyết không được công bố."
        )
    else:
        preamble += " Kết quả kiểm phiếu như sau:"
        table = Table(columns=list(COLUMNS))
        for i, r in enumerate(data.rows, start=1):
            table.rows.append(_row(i, r, data.members))
        passed = sum(r.passed for r in data.rows)
        table.rows.append(
            ["", "Tổng cộng", f"{len(data.rows)} đề nghị", *[""] * 7, f"{passed} đạt"]
        )
        sections.append(Section(heading="KẾT QUẢ KIỂM PHIẾU", table=table))
    unnamed = "(Ký, ghi rõ họ và tên)"
    return Document(
        header=Header(
            issuer_upper=data.council.parent_name.upper(),
            issuer=data.council.name.upper(),
            place_date=place_and_date(data.city, data.day),
        ),
        title="BIÊN BẢN",
        subtitle="Kiểm phiếu biểu quyết bình chọn điển hình tiên tiến",
        preamble=preamble,
        sections=sections,
        # The secretary signs on the left, where an outgoing document lists its recipients.
        footer=Footer(
            recipients_label="THƯ KÝ",
            recipients=[],
            signature=Signature(title="CHỦ TỊCH HỘI ĐỒNG", note=unnamed),
        ),
        landscape=True,
        filename=data.filename,
    )
