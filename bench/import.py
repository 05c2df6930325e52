"""Benchmark: importing a filled 10,000-row registration sheet (XLSX), against openpyxl alone.

    .venv/bin/python bench/import.py [--rows 10000] [--repeat 3]

Creates a fresh SQLite database (var/bench/import.sqlite3), runs the migrations,
`createcachetable` and `load_demo`, then writes a filled registration form of unit LC-SYT for
program lai-chau-2533 with N rows (a mix of collectives and individuals with Vietnamese names,
fields of work given by letter) in the product's own XLSX format (`build_registration_form`
rendered by the XLSX exporter, the file a unit downloads, fills and uploads again), for the first
year from 2025 in which the unit has no registration (the demo's 2025 registration of LC-SYT is
accepted and takes no more rows). The importer's row limit (`parse.MAX_ROWS`) is raised to N for
the run. It then measures:
  - the product's read: file checks + parse + validate (`importing.service.read`);
  - the product's import: the same + save into a draft registration in one transaction
    (`importing.service.import_file`), a separate figure;
  - openpyxl alone: `load_workbook(read_only=True)` and every cell of every row read.
Times are the best of --repeat runs (the save runs once, last: a second run would find the
people already there; the memory children roll their saves back). Peak memory is measured in a
forked child per path, once with tracemalloc (Python allocations) and once without it (growth of
the process's ru_maxrss, which includes C allocations such as lxml's). Targets: read at most 2x
openpyxl, at most 300 MB.
"""

import argparse
import io
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DB_PATH = ROOT / "var" / "bench" / "import.sqlite3"
PROGRAM, UNIT, YEAR = "lai-chau-2533", "LC-SYT", 2025

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Lò Tòng Vàng Giàng Sùng Tẩn Lường"
MIDDLE = "Văn Thị Đức Minh Thu Hồng Quang Ngọc Xuân Thanh Hữu Kim Thế Bảo"
GIVEN = (
    "An Bình Chi Dũng Dung Giang Hà Hải Hiếu Hoa Hùng Lan Linh Mai Nam Phương Quân Sơn Tâm "
    "Thảo Trang Tuấn Việt Yến Pâng Súa Chứ Páo Khánh Nhung"
)
PLACES = [
    "Tam Đường",
    "Sìn Hồ",
    "Phong Thổ",
    "Mường Tè",
    "Tân Uyên",
    "Than Uyên",
    "Nậm Nhùn",
    "Bản Giang",
    "Bình Lư",
    "Khun Há",
    "Tả Lèng",
    "Bản Hon",
]
COLLECTIVES = [
    "Trạm Y tế xã {p}",
    "Trường Tiểu học {p}",
    "Trường Mầm non {p}",
    "Hợp tác xã chè {p}",
    "Chi đoàn thanh niên bản {p}",
    "Bộ phận một cửa xã {p}",
    "Hội Phụ nữ xã {p}",
    "Đội công tác xã hội {p}",
]
POSITIONS = ["Bác sĩ", "Điều dưỡng", "Y sĩ", "Dược sĩ", "Trưởng trạm", "Kỹ thuật viên", "Hộ sinh"]
SOLUTIONS = [
    "Khám sàng lọc cho người cao tuổi tại bản.",
    "Chuyển đổi số trong khám chữa bệnh, đặt lịch khám qua điện thoại.",
    "Vận động đồng bào sinh con tại cơ sở y tế, xóa bỏ hủ tục.",
    "Tổ chức khám chữa bệnh lưu động cho đồng bào vùng sâu, vùng xa.",
    "Xây dựng mô hình trạm y tế xanh - sạch - đẹp, nhân rộng ra các xã.",
    "Ứng dụng sáng kiến cải tiến quy trình cấp phát thuốc, rút ngắn thời gian chờ.",
    "",
]
NOTES = ["", "", "", "Người dân tộc Thái", "Người dân tộc Mông", "Đăng ký lần đầu"]


def _fresh_database() -> None:
    DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # saving candidates clears a cached count
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _rows(n: int, fields: list[str], seed: int = 2533):
    """N candidate rows, about a third collectives, the rest individuals; names distinct once
    folded (the importer refuses "Dũng" next to "Dung" of the same type as a duplicate)."""
    from dienhinh.core.text import fold
    from dienhinh.documents.sources import CandidateRow

    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    family, middle, given = FAMILY.split(), MIDDLE.split(), GIVEN.split()
    seen: set[str] = set()
    rows = []
    while len(rows) < n:
        place = rng.choice(PLACES)
        field_code = rng.choice(fields)
        solutions, notes = rng.choice(SOLUTIONS), rng.choice(NOTES)
        if rng.random() < 0.33:
            name = rng.choice(COLLECTIVES).format(p=place) + f" - tổ {rng.randint(1, 999)}"
            if fold(name) in seen:
                continue
            row = CandidateRow(
                "collective",
                name,
                address=f"Xã {place}, tỉnh Lai Châu",
                head_name=f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}",
            )
        else:
            name = " ".join(
                (rng.choice(family), rng.choice(middle), rng.choice(middle), rng.choice(given))
            )
            if fold(name) in seen:
                continue
            row = CandidateRow(
                "individual",
                name,
                position=rng.choice(POSITIONS),
                workplace=f"Trạm Y tế xã {place}",
                address=f"Bản {rng.choice(PLACES)}, xã {place}",
            )
        seen.add(fold(name))
        row.field_code, row.solutions, row.notes = field_code, solutions, notes
        rows.append(row)
    return rows


def make_sheet(program, org, n: int, year: int = YEAR) -> bytes:
    """The unit's filled form in the product's XLSX format, fields of work by letter."""
    from dienhinh.documents.exporters import get_exporter
    from dienhinh.documents.forms.registration import build_registration_form
    from dienhinh.documents.sources import FormData, program_info, unit_info

    fields = [f.code for f in program.fields.all()]
    data = FormData(
        program=program_info(program), unit=unit_info(org), year=year, rows=_rows(n, fields)
    )
    return get_exporter("xlsx").render(build_registration_form(data))


def free_year(program, org) -> int:
    """The first year from YEAR in which the unit has no registration of the program: the
    demo's own registrations (LC-SYT's of 2025 is accepted) take no imported rows."""
    from dienhinh.registrations.models import Registration

    taken = set(
        Registration.objects.filter(program=program, organisation=org).values_list(
            "year", flat=True
        )
    )
    year = YEAR
    while year in taken:
        year += 1
    return year


def bare_openpyxl(data: bytes) -> int:
    """openpyxl alone: a read-only parse reading every cell; returns the number of cells."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    cells = 0
    for ws in wb.worksheets:
        for values in ws.iter_rows(values_only=True):
            for value in values:
                if value is not None:
                    cells += 1
    wb.close()
    return cells


def _best(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _peak_in_child(fn, *, trace: bool) -> float:
    """Peak memory of fn() in a forked child, in MB: tracemalloc peak, or ru_maxrss growth."""
    from django.db import connections

    connections.close_all()  # the child opens its own connection
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        try:
            if trace:
                tracemalloc.start()
                fn()
                peak = tracemalloc.get_traced_memory()[1] / 1048576
            else:
                before = _maxrss_mb()
                fn()
                peak = _maxrss_mb() - before
            os.write(write_end, f"{peak:.1f}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    if not text:
        raise SystemExit("the memory measurement failed in the child process")
    return float(text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each read; the best counts")
    args = parser.parse_args(argv)

    _fresh_database()
    from django.db import transaction

    from dienhinh.core.actors import system
    from dienhinh.documents.importing import parse
    from dienhinh.documents.importing.service import import_file, read
    from dienhinh.orgs.models import Organisation
    from dienhinh.programs.models import Program

    parse.MAX_ROWS = max(parse.MAX_ROWS, args.rows)  # the importer's limit, raised for the run
    program = Program.objects.get(code=PROGRAM)
    org = Organisation.objects.get(code=UNIT)
    year = free_year(program, org)
    print(f"unit {UNIT}, registration year {year} (the first year from {YEAR} it has none)")

    t0 = time.perf_counter()
    data = make_sheet(program, org, args.rows, year)
    print(
        f"sheet: {args.rows:,} rows, {len(data) / 1048576:.1f} MB "
        f"(written in {time.perf_counter() - t0:.1f} s)"
    )

    def product_read():
        report = read(data, program)
        if not report.ok or len(report.rows) != args.rows:
            raise SystemExit(f"the sheet does not import: {report.problems[:3]}")
        return report

    def product_import(rollback=False):
        # The memory children roll their save back, so that every save creates the N candidates
        # (a second import of the same people into the unit would find them already there).
        with transaction.atomic():
            report = import_file(
                data, program=program, organisation=org, year=year, actor=system("bench")
            )
            if not report.ok or report.saved is None or report.saved.created != args.rows:
                raise SystemExit(f"the sheet was not saved: {report.problems[:3]}")
            transaction.set_rollback(rollback)
        return report

    bare_openpyxl(data), product_read()  # warm-up: imports, translations, caches
    bare_time, cells = _best(lambda: bare_openpyxl(data), args.repeat)
    read_time, _report = _best(product_read, args.repeat)

    mem = {
        "openpyxl": (
            _peak_in_child(lambda: bare_openpyxl(data), trace=True),
            _peak_in_child(lambda: bare_openpyxl(data), trace=False),
        ),
        "read": (
            _peak_in_child(product_read, trace=True),
            _peak_in_child(product_read, trace=False),
        ),
        "import": (
            _peak_in_child(lambda: product_import(rollback=True), trace=True),
            _peak_in_child(lambda: product_import(rollback=True), trace=False),
        ),
    }
    import_time, _report = _best(product_import, 1)  # last: it stays in the database

    def line(label, seconds, key):
        traced, rss = mem[key]
        print(
            f"{label:<38} {seconds:7.2f} s  {args.rows / seconds:8,.0f} rows/s  "
            f"peak {traced:6.1f} MB (tracemalloc), +{rss:6.1f} MB (ru_maxrss)"
        )

    print(f"openpyxl cells read: {cells:,}")
    line("openpyxl read-only, every cell", bare_time, "openpyxl")
    line("product: checks + parse + validate", read_time, "read")
    line("product: ... + save (one transaction)", import_time, "import")
    ratio = read_time / bare_time
    peak = max(max(mem["read"]), max(mem["import"]))
    print(f"ratio read/openpyxl: {ratio:.2f} (target <= 2): {'met' if ratio <= 2 else 'MISSED'}")
    print(f"ratio import/openpyxl: {import_time / bare_time:.2f}")
    print(f"peak memory: {peak:.1f} MB (target <= 300): {'met' if peak <= 300 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
