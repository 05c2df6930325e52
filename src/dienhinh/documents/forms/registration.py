"""The registration form (Biểu đăng ký, annex of Guide 2533) as a `Document`, per program variant.

The preamble, title and place are derived from the Program row. Sections I (collectives) and II
(individuals) are always printed, as in the official annex; III (households) and IV (models)
only when the program has them and the registration lists some.
"""

from dienhinh.documents.model import (
    Column,
    Document,
    Footer,
    Header,
    Section,
    Signature,
    Table,
    place_and_date,
    short_date,
)
from dienhinh.documents.sources import FormData

DOC_KIND_WORDS = {"guide": "Hướng dẫn", "plan": "Kế hoạch"}
FIELD_TITLE = "Điển hình thuộc lĩnh vực"
NOTES_TITLE = "Ghi chú"

# subject type -> (heading, columns with their printed widths, the values of one row)
SECTIONS = {
    "collective": (
        "I. TẬP THỂ",
        [
            Column("STT", 12),
            Column("Đơn vị", 40),
            Column("Địa chỉ", 35),
            Column("Người đứng đầu; phụ trách đơn vị", 35),
            Column(FIELD_TITLE, 35),
            Column("Các giải pháp thực hiện xây dựng, nhân rộng điển hình (nêu khái quát)", 70),
            Column(NOTES_TITLE, 20),
        ],
        lambda r: [r.name, r.address, r.head_name],
    ),
    "individual": (
        "II. CÁ NHÂN",
        [
            Column("STT", 12),
            Column("Họ và tên", 40),
            Column("Chức vụ; đơn vị công tác; địa chỉ nơi cư trú", 60),
            Column(FIELD_TITLE, 35),
            Column("Các giải pháp của cá nhân đăng ký thực hiện (nêu khái quát)", 80),
            Column(NOTES_TITLE, 20),
        ],
        lambda r: [r.name, "; ".join(p for p in (r.position, r.workplace, r.address) if p)],
    ),
    "household": (
        "III. HỘ GIA ĐÌNH",
        [
            Column("STT", 12),
            Column("Chủ hộ", 40),
            Column("Địa chỉ", 60),
            Column(FIELD_TITLE, 35),
            Column("Các giải pháp của hộ gia đình đăng ký thực hiện (nêu khái quát)", 80),
            Column(NOTES_TITLE, 20),
        ],
        lambda r: [r.name, r.address],
    ),
    "model": (
        "IV. MÔ HÌNH",
        [
            Column("STT", 12),
            Column("Tên mô hình", 40),
            Column("Địa chỉ", 35),
            Column("Chủ mô hình; người phụ trách", 35),
            Column(FIELD_TITLE, 35),
            Column("Các giải pháp thực hiện xây dựng, nhân rộng mô hình (nêu khái quát)", 70),
            Column(NOTES_TITLE, 20),
        ],
        lambda r: [r.name, r.address, r.head_name],
    ),
}
ALWAYS = ("collective", "individual")
BIRTH_TITLE = "Năm sinh"
ORDER = ("collective", "individual", "household", "model")


def field_label(code: str, name: str) -> str:
    if not code:
        return name
    return f"{code}) {name}" if name else code


def _subject_after_kind(title: str, kind_word: str) -> str:
    """'Hướng dẫn xây dựng ...' -> 'xây dựng ...' (the subject of the document)."""
    if title.lower().startswith(kind_word.lower()):
        return title[len(kind_word) :].strip()
    return title


def build_registration_form(data: FormData, *, every_section: bool = False) -> Document:
    prog, unit = data.program, data.unit
    kind_word = DOC_KIND_WORDS.get(prog.doc_kind, "Văn bản")
    subject = _subject_after_kind(prog.title, kind_word)
    preamble = (
        f"Thực hiện {kind_word} số {prog.number} ngày {short_date(prog.issued_on)} của "
        f"{prog.issuer} về {subject}, {unit.name} đăng ký thực hiện như sau:"
    )
    sections = []
    for subject_type in ORDER:
        rows = [r for r in data.rows if r.subject_type == subject_type]
        allowed = subject_type in (prog.subject_types or ALWAYS)
        if every_section and allowed:
            pass
        elif subject_type not in ALWAYS and not (rows and allowed):
            continue
        if subject_type in ALWAYS and not allowed and not rows:
            continue
        heading, columns, leading = SECTIONS[subject_type]
        table = Table(columns=list(columns))
        # Not a column of the printed form: added after the name when an individual's year of
        # birth is known, so that a re-import tells namesakes apart (the importer reads it).
        born = subject_type == "individual" and any(r.birth_year for r in rows)
        if born:
            table.columns.insert(2, Column(BIRTH_TITLE, 14))
        for i, r in enumerate(rows, start=1):
            values = [*leading(r), field_label(r.field_code, r.field_name), r.solutions, r.notes]
            if born:
                values.insert(1, str(r.birth_year or ""))
            table.rows.append([str(i), *values])
        sections.append(Section(heading=heading, table=table))
    recipients = []
    if prog.standing_agency:
        recipients.append(f"{prog.standing_agency} (cơ quan thường trực);")
    recipients.append("Lưu: VT.")
    return Document(
        header=Header(
            issuer_upper=unit.parent_name.upper(),
            issuer=unit.name.upper(),
            place_date=place_and_date(prog.place, data.day, data.year),
        ),
        title="BIỂU ĐĂNG KÝ",
        subtitle=subject[:1].upper() + subject[1:],
        preamble=preamble,
        sections=sections,
        footer=Footer(
            recipients=recipients,
            signature=Signature(
                title="THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
                note="(Ký, ghi rõ họ và tên, đóng dấu)",
                name=unit.head_name,
            ),
        ),
        landscape=True,
        filename=f"bieu-dang-ky-{prog.code}-{unit.code}-{data.year}".lower(),
    )


TEMPLATE_INSTRUCTIONS = [
    "HƯỚNG DẪN ĐIỀN BIỂU ĐĂNG KÝ",
    "1. Mỗi sheet là một phần của biểu (I. Tập thể, II. Cá nhân, ...). Giữ nguyên dòng tiêu đề cột.",
    "2. Mỗi dòng dưới tiêu đề là một tập thể, cá nhân, hộ gia đình hoặc mô hình; cột STT có thể để trống.",
    "3. Cột “Điển hình thuộc lĩnh vực”: ghi chữ cái của lĩnh vực (ví dụ: k, c.1) hoặc tên lĩnh vực.",
    "4. Cá nhân: ghi “Chức vụ; đơn vị công tác; địa chỉ nơi cư trú”, ngăn cách bằng dấu chấm phẩy.",
    "5. Ngày tháng ghi theo dạng dd/mm/yyyy. Gõ tiếng Việt Unicode (văn bản TCVN3, VNI được tự chuyển đổi).",
    "6. Nhập lại cùng một tệp không tạo trùng: dòng cùng tên và cùng loại được cập nhật.",
    "7. Cá nhân: có thể thêm cột “Năm sinh” (hoặc “Ngày sinh”) sau cột “Họ và tên”; người cùng họ "
    "tên và cùng năm sinh là một người, khác năm sinh là hai người.",
]


def build_template(data: FormData) -> Document:
    """The empty form with every section the program allows, plus an instructions sheet."""
    doc = build_registration_form(data, every_section=True)
    doc.instructions = TEMPLATE_INSTRUCTIONS + [
        "Lĩnh vực: " + "; ".join(f"{c}) {n}" for c, n in data.fields),
    ]
    doc.filename = f"mau-bieu-dang-ky-{data.program.code}"
    return doc
