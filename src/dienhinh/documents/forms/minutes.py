"""The minutes of a council vote count (Biên bản kiểm phiếu) as a `Document`.

Plain data in, so that the documents app does not read the honours app: the honours views fill
`MinutesData` from a closed (or still open) vote session. The vote is secret: the minutes carry
counts per candidate and the number of members who took part, never who voted how.
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
    Column("STT", 12),
    Column("Họ và tên / Tập thể", 60),
    Column("Đơn vị", 55),
    Column("Đồng ý", 20),
    Column("Không đồng ý", 22),
    Column("Không biểu quyết", 24),
    Column("Tỷ lệ đồng ý", 22),
    Column("Kết quả", 22),
]


@dataclass
class MinutesRow:
    name: str
    unit: str
    agree: int
    disagree: int
    abstain: int
    passed: bool


@dataclass
class MinutesData:
    council: UnitInfo
    title: str  # the session's title
    day: datetime.date
    city: str  # of the place and date line: the program's place, "Lai Châu"
    venue: str  # where the council sat, may be empty
    members: int  # all council members (the threshold is a share of them)
    threshold_percent: int
    participants: int  # members who voted on at least one candidate
    written: int  # of which by written opinion
    rows: list[MinutesRow] = field(default_factory=list)
    closed: bool = True
    filename: str = "bien-ban-kiem-phieu"


def percent(part: int, whole: int) -> str:
    """'66,7%' with the Vietnamese decimal comma; '—' when there is no whole."""
    if whole <= 0:
        return "—"
    return f"{100 * part / whole:.1f}%".replace(".", ",")


def build_minutes(data: MinutesData) -> Document:
    table = Table(columns=list(COLUMNS))
    for i, r in enumerate(data.rows, start=1):
        table.rows.append(
            [
                str(i),
                r.name,
                r.unit,
                str(r.agree),
                str(r.disagree),
                str(r.abstain),
                percent(r.agree, data.members),
                PASSED if r.passed else NOT_PASSED,
            ]
        )
    passed = sum(r.passed for r in data.rows)
    table.rows.append(
        [
            "",
            "Tổng cộng",
            f"{len(data.rows)} đề nghị",
            str(sum(r.agree for r in data.rows)),
            str(sum(r.disagree for r in data.rows)),
            str(sum(r.abstain for r in data.rows)),
            "",
            f"{passed} đạt",
        ]
    )
    where = f", tại {data.venue}" if data.venue else ""
    preamble = (
        f"Hôm nay, {place_and_date('', data.day).lstrip(', ')}{where}, {data.council.name} "
        f"họp {data.title[:1].lower() + data.title[1:]} và kiểm phiếu biểu quyết bằng hình thức "
        f"bỏ phiếu kín. Hội đồng có {data.members} thành viên; {data.participants} thành viên "
        f"tham gia biểu quyết (trong đó {data.written} ý kiến bằng văn bản). Điển hình được "
        f"chọn khi được ít nhất {data.threshold_percent}% tổng số thành viên Hội đồng đồng ý. "
        "Kết quả kiểm phiếu như sau:"
    )
    if not data.closed:
        preamble += " (phiên biểu quyết chưa kết thúc, số liệu tạm tính)"
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
        sections=[Section(heading="KẾT QUẢ KIỂM PHIẾU", table=table)],
        # The secretary signs on the left, where an outgoing document lists its recipients.
        footer=Footer(
            recipients_label="THƯ KÝ",
            recipients=[],
            signature=Signature(title="CHỦ TỊCH HỘI ĐỒNG", note=unnamed),
        ),
        landscape=True,
        filename=data.filename,
    )
