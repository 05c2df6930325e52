"""Benchmark: a 5,000-row summary rendered to DOCX, XLSX and PDF, against each bare library.

    .venv/bin/python bench/export.py [--rows 5000] [--repeat 2] [--formats docx,xlsx,pdf]

Builds the province-wide summary (`documents/summary.py`: its header, title and the columns of
section I "THEO ĐƠN VỊ VÀ ĐỐI TƯỢNG", STT, unit, one count per subject type, total, in progress,
status) as plain data: a `Document` with one table of N generated units (Vietnamese names),
nothing read from a database. It then times, best of --repeat runs:
  - DOCX: the product's exporter against bare python-docx writing a table of the same rows and
    columns (`add_table`, `cell.text` per cell, "Table Grid" style);
  - XLSX: the product's exporter against a bare openpyxl write-only workbook with the same rows;
  - PDF: the product's exporter (Django template + WeasyPrint, embedded Tinos font) against bare
    WeasyPrint printing a minimal HTML table of the same rows (A4 landscape, thin borders).
Prints each time and the ratio product/bare (target: at most 2).
"""

import argparse
import html
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DISTRICTS = [
    "Tam Đường",
    "Sìn Hồ",
    "Phong Thổ",
    "Mường Tè",
    "Tân Uyên",
    "Than Uyên",
    "Nậm Nhùn",
    "Lai Châu",
]
UNITS = [
    "Trạm Y tế xã {p}",
    "Trường Tiểu học {p}",
    "Trường Trung học cơ sở {p}",
    "Ủy ban nhân dân xã {p}",
    "Hội Nông dân xã {p}",
    "Hợp tác xã chè {p}",
    "Phòng Văn hóa - Thông tin huyện {p}",
    "Đoàn Thanh niên xã {p}",
]
STATUSES = ["Đã gửi", "Đã tiếp nhận", "Đang soạn", "Chờ thủ trưởng duyệt", "Trả lại để sửa"]


def _setup_django() -> None:
    # Rendering needs Django's templates and settings, never a database.
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'export.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    import django

    django.setup()


def build_document(n: int, seed: int = 2533):
    """The summary report's first section as plain data, with N units."""
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
    from dienhinh.documents.summary import TYPE_LABELS

    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    types = list(TYPE_LABELS)
    table = Table(
        [Column("STT", 12), Column("Đơn vị", 70)]
        + [Column(TYPE_LABELS[t], 22) for t in types]
        + [Column("Tổng số", 22), Column("Đang thực hiện", 26), Column("Trạng thái", 40)]
    )
    for i in range(1, n + 1):
        counts = [rng.randint(0, 12) for _ in types]
        name = rng.choice(UNITS).format(p=rng.choice(DISTRICTS)) + f" (đơn vị {i})"
        table.rows.append(
            [
                str(i),
                name,
                *map(str, counts),
                str(sum(counts)),
                str(rng.randint(0, 3)),
                rng.choice(STATUSES),
            ]
        )
    import datetime

    return Document(
        header=Header(
            issuer="BAN THI ĐUA - KHEN THƯỞNG TỈNH LAI CHÂU",
            place_date=place_and_date("Lai Châu", datetime.date(2025, 10, 15)),
        ),
        title="TỔNG HỢP ĐĂNG KÝ",
        subtitle="Xây dựng và nhân rộng điển hình tiên tiến năm 2025 theo 2533/HD-UBND",
        sections=[Section("I. THEO ĐƠN VỊ VÀ ĐỐI TƯỢNG", table)],
        footer=Footer(recipients=["Lưu: VT."], signature=Signature(title="NGƯỜI TỔNG HỢP")),
        filename="tong-hop-bench",
    )


def bare_docx(titles, rows) -> bytes:
    from docx import Document

    out = Document()
    table = out.add_table(rows=1 + len(rows), cols=len(titles))
    table.style = "Table Grid"
    # table.rows once: asking it for row i at each row costs time in the square of the rows.
    for row, values in zip(table.rows, [titles, *rows], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def bare_xlsx(titles, rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet")
    ws.append(titles)
    for values in rows:
        ws.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def bare_pdf(titles, rows) -> bytes:
    from dienhinh.documents.render.pdf import quiet_loggers

    quiet_loggers()
    from weasyprint import HTML

    def tr(values, tag):
        return "<tr>" + "".join(f"<{tag}>{html.escape(v)}</{tag}>" for v in values) + "</tr>"

    page = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "@page { size: A4 landscape; } table { border-collapse: collapse; width: 100%; } "
        "th, td { border: 1px solid #000; }</style></head><body><table><thead>"
        + tr(titles, "th")
        + "</thead><tbody>"
        + "".join(tr(values, "td") for values in rows)
        + "</tbody></table></body></html>"
    )
    return HTML(string=page).write_pdf()


def _best(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument("--formats", default="docx,xlsx,pdf")
    args = parser.parse_args(argv)

    _setup_django()
    from dienhinh.documents.exporters import get_exporter

    doc = build_document(args.rows)
    table = doc.sections[0].table
    titles = [c.title for c in table.columns]
    bare = {"docx": bare_docx, "xlsx": bare_xlsx, "pdf": bare_pdf}
    small = build_document(20)
    print(f"summary: {len(table.rows):,} rows x {len(titles)} columns")
    missed = []
    for fmt in args.formats.split(","):
        exporter = get_exporter(fmt)
        exporter.render(small), bare[fmt](titles, small.sections[0].table.rows)  # warm-up
        product_time, data = _best(lambda exporter=exporter: exporter.render(doc), args.repeat)
        bare_time, bare_data = _best(lambda fmt=fmt: bare[fmt](titles, table.rows), args.repeat)
        ratio = product_time / bare_time
        if ratio > 2:
            missed.append(fmt)
        print(
            f"{fmt.upper():<4} product {product_time:7.2f} s ({len(data) / 1048576:5.1f} MB)   "
            f"bare {bare_time:7.2f} s ({len(bare_data) / 1048576:5.1f} MB)   "
            f"ratio {ratio:5.2f} (target <= 2): {'met' if ratio <= 2 else 'MISSED'}"
        )
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
