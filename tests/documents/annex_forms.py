"""A corpus of registration forms (Biểu đăng ký) written the many ways offices write them.

Each builder returns (file bytes, the rows the importer must read): tuples of
(subject type, name, field code, head or position). The layouts follow the annex of Guide
2533/HD-UBND: national heading, title, preamble, "I. TẬP THỂ" / "II. CÁ NHÂN" headings, tables,
footer ("Nơi nhận:", "- Lưu: VT.", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ và tên, đóng
dấu)"); and departures from it: headings in lower case without diacritics, a row numbering the
columns, merged header cells, several sheets, STT as text, fields written in every way.
"""

import io

from docx import Document
from openpyxl import Workbook

COLLECTIVE = [
    "STT",
    "Đơn vị",
    "Địa chỉ",
    "Người đứng đầu; phụ trách đơn vị",
    "Điển hình thuộc lĩnh vực",
    "Các giải pháp thực hiện xây dựng, nhân rộng điển hình (nêu khái quát)",
    "Ghi chú",
]
INDIVIDUAL = [
    "STT",
    "Họ và tên",
    "Chức vụ; đơn vị công tác; địa chỉ nơi cư trú",
    "Điển hình thuộc lĩnh vực",
    "Các giải pháp của cá nhân đăng ký thực hiện (nêu khái quát)",
    "Ghi chú",
]
HOUSEHOLD = ["STT", "Chủ hộ", "Địa chỉ", "Điển hình thuộc lĩnh vực", "Các giải pháp", "Ghi chú"]
MODEL = [
    "STT",
    "Tên mô hình",
    "Địa chỉ",
    "Chủ mô hình; người phụ trách",
    "Điển hình thuộc lĩnh vực",
    "Các giải pháp thực hiện xây dựng, nhân rộng mô hình (nêu khái quát)",
    "Ghi chú",
]
TOP = [
    ["SỞ Y TẾ TỈNH LAI CHÂU", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["", "", "", "Độc lập - Tự do - Hạnh phúc"],
    ["", "", "", "Lai Châu, ngày 10 tháng 7 năm 2024"],
    [],
    ["BIỂU ĐĂNG KÝ"],
    ["Xây dựng và nhân rộng các mô hình tiêu biểu, điển hình tiên tiến trên địa bàn tỉnh Lai Châu"],
    [
        "Thực hiện Hướng dẫn số 2533/HD-UBND ngày 02/7/2024 của Ủy ban nhân dân tỉnh về xây dựng và "
        "nhân rộng các mô hình tiêu biểu, điển hình tiên tiến trên địa bàn tỉnh Lai Châu, Sở Y tế "
        "đăng ký thực hiện như sau:"
    ],
    [],
]
FOOTER = [
    [],
    ["Nơi nhận:", "", "", "", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"],
    ["- Sở Nội vụ;", "", "", "", "(Ký, ghi rõ họ và tên, đóng dấu)"],
    ["- Lưu: VT."],
    [],
    ["", "", "", "", "Nguyễn Văn Thủ"],
]
NUMBERS_7 = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]
NUMBERS_6 = ["1", "2", "3", "4", "5", "6"]

COLLECTIVES = [
    [
        1,
        "Bệnh viện Đa khoa tỉnh",
        "Phường Tân Phong",
        "BSCKII. Nguyễn Thị Hương - Trưởng khoa",
        "e",
    ],
    ["2", "Trung tâm Kiểm soát bệnh tật", "Phường Đông Phong", "Lò Văn Minh", "e)"],
    [
        "03",
        "Trạm Y tế xã Bản Giang",
        "Xã Bản Giang",
        "Ông Tòng Văn Páo",
        "k) Cải cách hành chính (CCHC)",
    ],
]
COLLECTIVE_ROWS = [
    ("collective", "Bệnh viện Đa khoa tỉnh", "e", "Nguyễn Thị Hương", "Trưởng khoa"),
    ("collective", "Trung tâm Kiểm soát bệnh tật", "e", "Lò Văn Minh", ""),
    ("collective", "Trạm Y tế xã Bản Giang", "k", "Tòng Văn Páo", ""),
]
INDIVIDUALS = [
    [
        1,
        "ThS. Lò Thị Bình",
        "Bác sĩ; Trạm Y tế xã Bản Giang; Bản Mới",
        "CHĂM SÓC SỨC KHỎE CHO NHÂN DÂN",
    ],
    ["2.", "Vàng A Sử - Điều dưỡng", "", "cai cach hanh chinh"],
    [3, "Nguyễn Văn Đức", "Dược sĩ", "Lĩnh vực Tài chính, ngân hàng"],
]
INDIVIDUAL_ROWS = [
    ("individual", "Lò Thị Bình", "e", "", "Bác sĩ"),
    ("individual", "Vàng A Sử", "k", "", "Điều dưỡng"),
    ("individual", "Nguyễn Văn Đức", "đ", "", "Dược sĩ"),
]


def _collective_cells(row):
    stt, name, address, head, field = row
    return [stt, name, address, head, field, "Chuyển đổi số trong khám chữa bệnh", ""]


def _individual_cells(row):
    stt, name, details, field = row
    return [stt, name, details, field, "Khám sàng lọc cho người cao tuổi", ""]


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet(ws, rows):
    for row in rows:
        ws.append(row)


def xlsx_official() -> tuple[bytes, list]:
    """The annex as typed in one sheet: heading, title, preamble, both tables with a numbering
    row, a blank row between, the footer block."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu đăng ký"
    _sheet(ws, TOP)
    _sheet(ws, [["I. TẬP THỂ"], COLLECTIVE, NUMBERS_7])
    _sheet(ws, [_collective_cells(r) for r in COLLECTIVES])
    _sheet(ws, [[], ["II. CÁ NHÂN"], INDIVIDUAL, NUMBERS_6])
    _sheet(ws, [_individual_cells(r) for r in INDIVIDUALS])
    _sheet(ws, FOOTER)
    ws.merge_cells("A5:G5")
    ws.merge_cells("A7:G7")
    return _save(wb), COLLECTIVE_ROWS + INDIVIDUAL_ROWS


def xlsx_plain_headings() -> tuple[bytes, list]:
    """Column titles in lower case without diacritics, shortened, no "Ghi chú", no headings."""
    wb = Workbook()
    ws = wb.active
    _sheet(
        ws,
        [
            ["BIEU DANG KY"],
            ["stt", "ten don vi", "dia chi", "nguoi dung dau", "linh vuc", "giai phap"],
        ],
    )
    _sheet(ws, [_collective_cells(r)[:6] for r in COLLECTIVES])
    _sheet(
        ws,
        [
            ["Tổng cộng: 3 tập thể"],
            ["tt", "ho ten", "chuc vu, don vi cong tac", "linh vuc", "giai phap"],
        ],
    )
    _sheet(ws, [_individual_cells(r)[:5] for r in INDIVIDUALS])
    return _save(wb), COLLECTIVE_ROWS + INDIVIDUAL_ROWS


def xlsx_merged_header() -> tuple[bytes, list]:
    """The header typed over two rows with each title merged down, the footer beside the table."""
    wb = Workbook()
    ws = wb.active
    _sheet(ws, TOP)
    _sheet(ws, [["I. TẬP THỂ"], COLLECTIVE, []])
    for column in "ABCDEFG":
        ws.merge_cells(f"{column}10:{column}11")
    _sheet(ws, [_collective_cells(r) for r in COLLECTIVES])
    _sheet(ws, FOOTER)
    return _save(wb), COLLECTIVE_ROWS


def xlsx_sheets() -> tuple[bytes, list]:
    """One sheet per section, named after it, with the four sections of the form."""
    wb = Workbook()
    first = wb.active
    first.title = "Tập thể"
    _sheet(first, [["I. TẬP THỂ"], COLLECTIVE])
    _sheet(first, [_collective_cells(r) for r in COLLECTIVES])
    second = wb.create_sheet("Cá nhân")
    _sheet(second, [["II. CÁ NHÂN"], INDIVIDUAL])
    _sheet(second, [_individual_cells(r) for r in INDIVIDUALS])
    _sheet(second, FOOTER)
    third = wb.create_sheet("Hộ gia đình")
    _sheet(
        third,
        [["III. HỘ GIA ĐÌNH"], HOUSEHOLD, [1, "Hộ ông Vàng A Páo", "Bản Sin Suối Hồ", "n", "", ""]],
    )
    fourth = wb.create_sheet("Mô hình")
    _sheet(
        fourth,
        [
            ["IV. MÔ HÌNH"],
            MODEL,
            [1, "Mô hình trồng chè Shan tuyết", "Xã Tả Lèng", "HTX Tả Lèng", "d.1", "", ""],
        ],
    )
    rows = COLLECTIVE_ROWS + INDIVIDUAL_ROWS
    rows += [
        ("household", "Hộ ông Vàng A Páo", "n", "", ""),
        ("model", "Mô hình trồng chè Shan tuyết", "d.1", "HTX Tả Lèng", ""),
    ]
    return _save(wb), rows


def _docx_table(doc, header, rows, numbers=None):
    table = doc.add_table(rows=0, cols=len(header))
    for values in [header, *([numbers] if numbers else []), *rows]:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = str(value)
    return table


def _docx_top(doc):
    for row in TOP:
        text = " ".join(v for v in row if v)
        if text:
            doc.add_paragraph(text)


def _docx_footer(doc):
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT."
    table.cell(0, 1).text = "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ\n(Ký, ghi rõ họ và tên, đóng dấu)"
    table.cell(1, 1).text = "Nguyễn Văn Thủ"


def docx_official() -> tuple[bytes, list]:
    """The annex in Word: paragraphs around two tables, the footer as a table of two columns."""
    doc = Document()
    _docx_top(doc)
    doc.add_paragraph("I. TẬP THỂ")
    _docx_table(doc, COLLECTIVE, [_collective_cells(r) for r in COLLECTIVES], NUMBERS_7)
    doc.add_paragraph("")
    doc.add_paragraph("II. CÁ NHÂN")
    _docx_table(doc, INDIVIDUAL, [_individual_cells(r) for r in INDIVIDUALS], NUMBERS_6)
    _docx_footer(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), COLLECTIVE_ROWS + INDIVIDUAL_ROWS


def docx_merged() -> tuple[bytes, list]:
    """One Word table: section rows merged across the width, a header cell merged over two rows,
    the notes of two rows merged into one."""
    doc = Document()
    doc.add_paragraph("BIỂU ĐĂNG KÝ")
    table = doc.add_table(rows=0, cols=7)
    rows = [
        ["I. Tập thể"] + [""] * 6,
        COLLECTIVE,
        [""] * 7,
        *[_collective_cells(r) for r in COLLECTIVES],
    ]
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
    table.cell(0, 0).merge(table.cell(0, 6))  # the section row
    table.cell(1, 0).merge(table.cell(2, 0))  # "STT" over two rows (vMerge)
    for column in range(1, 7):
        table.cell(1, column).merge(table.cell(2, column))
    table.cell(3, 6).text = "Đơn vị tuyến tỉnh"
    table.cell(3, 6).merge(table.cell(4, 6))  # one note for two rows
    _docx_footer(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), COLLECTIVE_ROWS


CORPUS = {
    "xlsx official": xlsx_official,
    "xlsx plain headings": xlsx_plain_headings,
    "xlsx merged header": xlsx_merged_header,
    "xlsx sheets": xlsx_sheets,
    "docx official": docx_official,
    "docx merged": docx_merged,
}
