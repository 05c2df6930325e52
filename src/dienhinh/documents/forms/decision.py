"""The commendation decision (Quyết định khen thưởng) as a `Document`, in the layout of
Decree 30/2020/NĐ-CP: authority, number, "Căn cứ" lines, the articles, the annexed list."""

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


@dataclass
class DecisionRow:
    name: str
    unit: str
    subject_type: str


@dataclass
class DecisionData:
    authority: str  # "Chủ tịch Ủy ban nhân dân tỉnh Lai Châu", as recorded on the decision
    number: str
    day: datetime.date
    city: str
    form: str  # "Bằng khen", "Giấy khen"...
    level: str
    amount: int
    program: str
    proposer: str  # the standing agency that proposed it
    basis: list[str] = field(default_factory=list)
    rows: list[DecisionRow] = field(default_factory=list)
    filename: str = "quyet-dinh"


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def build_decision(data: DecisionData) -> Document:
    table = Table(
        columns=[
            Column("STT", 12),
            Column("Tập thể, cá nhân", 70),
            Column("Đơn vị", 70),
            Column("Loại", 30),
        ]
    )
    for i, row in enumerate(data.rows, start=1):
        table.rows.append([str(i), row.name, row.unit, row.subject_type])
    level = f" {data.level}" if data.level else ""
    article_1 = (
        f"Điều 1. Tặng {data.form}{level} cho {len(data.rows)} tập thể, cá nhân có tên trong danh "
        f"sách kèm theo, đã có thành tích tiêu biểu trong {data.program}."
    )
    if data.amount:
        article_1 += f" Mức tiền thưởng kèm theo mỗi khen thưởng: {_money(data.amount)}."
    preamble = (
        f"Xét đề nghị của {data.proposer}. QUYẾT ĐỊNH: {article_1} Điều 2. Quyết định có hiệu "
        "lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân "
        "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )
    return Document(
        header=Header(
            issuer=data.authority.upper(),
            number=f"Số: {data.number}",
            place_date=place_and_date(data.city, data.day),
        ),
        title="QUYẾT ĐỊNH",
        subtitle=f"Về việc tặng {data.form}",
        basis=list(data.basis),
        preamble=preamble,
        sections=[Section(heading="DANH SÁCH KHEN THƯỞNG", table=table)],
        footer=Footer(
            recipients=["Như Điều 2;", "Lưu: VT."],
            signature=Signature(title=data.authority.upper(), note="(Ký, ghi rõ họ và tên)"),
        ),
        landscape=False,
        filename=data.filename,
    )
