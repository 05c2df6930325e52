"""Benchmark: importing a filled 10,000-row registration sheet (XLSX), the whole import as the
upload job runs it, against openpyxl's parse plus a hand-written bulk insert of the same rows.

    .venv/bin/python bench/import.py [--rows 10000] [--repeat 3] [--database-url URL]

Creates a fresh database (SQLite file var/bench/import.sqlite3 by default; with --database-url
postgres://postgres@127.0.0.1:5432/dienhinh_bench_import it drops and creates that PostgreSQL
database), runs the migrations, `createcachetable` and `load_demo`, then writes a filled
registration form of unit LC-SYT for program lai-chau-2533 with N rows (a mix of collectives and
individuals with Vietnamese names, fields of work given by letter) in the product's own XLSX
format (`build_registration_form` rendered by the XLSX exporter, the file a unit downloads, fills
and uploads again), for the first year from 2025 in which the unit has no registration. The
importer's row limit (`parse.MAX_ROWS`) is raised to N for the run. It then measures:
  - floor: openpyxl's read-only parse reading every cell of every row, then one hand-written
    bulk insert (executemany) of the rows into the same tables (a registration, the candidates,
    the entries), in one transaction;
  - product, whole import: `documents.tasks.import_document` on an upload job of the unit's
    officer (lc.canbo), the function the upload job runs: cheap checks and parse in the limited
    child process, validation, then the save in one transaction (candidates, the draft
    registration and its entries, audit entries, search texts, quota counts);
  - product read only: file checks + parse + validate (`importing.service.read`), as before.
Times are the best of --repeat runs, the paths alternating; every run but the last of each is
rolled back (so that each imports the same new people). Peak memory of the read and of the
import is measured in a forked child (tracemalloc, and growth of ru_maxrss). Targets: whole
import at most 3x the floor; read at most 2x openpyxl; at most 300 MB.
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
from urllib.parse import urlparse, urlunparse

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


def _fresh_database(url: str | None) -> None:
    if url is None:
        DB_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{DB_PATH}"
    else:
        import psycopg

        parsed = urlparse(url)
        name = parsed.path.lstrip("/")
        if not name.replace("_", "").isalnum():
            raise SystemExit(f"unsafe database name: {name!r}")
        admin_url = urlunparse(parsed._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
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


def floor_insert(data: bytes, program, org, year: int) -> int:
    """openpyxl's read-only parse, then the rows inserted by hand into the product's tables (a
    registration, its candidates and entries) in one transaction, rolled back; returns rows."""
    from django.db import connection, transaction
    from django.utils import timezone
    from openpyxl import load_workbook

    from dienhinh.registrations.models import Candidate, Entry, Registration

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    # The form's data rows: those whose first cell is a row number ("1", "2"...), collectives on
    # the first sheet (name, address, head, field, solutions, notes), individuals on the second
    # (name, "position; workplace; address", field, solutions, notes).
    parsed = []
    for kind, ws in zip(("collective", "individual"), wb.worksheets, strict=False):
        for row in ws.iter_rows(values_only=True):
            if not row or not str(row[0] or "").strip().isdigit():
                continue
            cells = [("" if v is None else str(v)) for v in row]
            if kind == "collective":
                name, address, head, field, solutions, notes = cells[1:7]
                position = workplace = ""
            else:
                name, where, field, solutions, notes = cells[1:6]
                position, workplace, address = ([*where.split("; "), "", ""])[:3]
                head = ""
            parsed.append((kind, name, address, head, position, workplace, field, solutions, notes))
    wb.close()
    fields = {f.code: f.pk for f in program.fields.all()}
    now = timezone.now()
    reg_columns = (
        "program_id, organisation_id, year, status, notes, return_reason, version, created_at"
    )
    columns = (
        "program_id, organisation_id, subject_type, name, address, head_name, position, "
        "workplace, field_id, solutions, notes, name_key, search_text, version, created_at, "
        "updated_at"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Registration._meta.db_table} ({reg_columns}) "  # noqa: S608 - fixed
            "VALUES (%s, %s, %s, 'draft', '', '', 1, %s)",
            [program.pk, org.pk, year, now],
        )
        registration_id = Registration.objects.get(program=program, organisation=org, year=year).pk
        first = (Candidate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        batch = []
        for i, (
            kind,
            name,
            address,
            head,
            position,
            workplace,
            field,
            solutions,
            notes,
        ) in enumerate(parsed):
            batch.append(
                (first + i, program.pk, org.pk, kind, name, address, head, position, workplace,
                 fields.get(field), solutions, notes, name.lower(), name.lower(), 1, now, now)
            )  # fmt: skip
        marks = ", ".join(["%s"] * 17)
        cursor.executemany(
            f"INSERT INTO {Candidate._meta.db_table} (id, {columns}) VALUES ({marks})",  # noqa: S608 - fixed
            batch,
        )
        cursor.executemany(
            f"INSERT INTO {Entry._meta.db_table} "  # noqa: S608 - fixed
            "(registration_id, candidate_id, status, return_reason, position) "
            "VALUES (%s, %s, 'included', '', %s)",
            [(registration_id, first + i, i) for i in range(len(batch))],
        )
        transaction.set_rollback(True)
    return len(batch)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path; the best counts")
    parser.add_argument(
        "--skip-memory", action="store_true", help="skip the peak memory children (faster)"
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="postgres://user@host:port/name (dropped and created); SQLite by default",
    )
    args = parser.parse_args(argv)

    _fresh_database(args.database_url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from dienhinh.core.actors import system
    from dienhinh.documents import tasks
    from dienhinh.documents.importing import parse
    from dienhinh.documents.importing.service import import_file, read
    from dienhinh.documents.models import DocumentJob
    from dienhinh.orgs.models import Organisation
    from dienhinh.programs.models import Program

    parse.MAX_ROWS = max(parse.MAX_ROWS, args.rows)  # the importer's limit, raised for the run
    # The reading child's time limits are sized for that limit: raised with it (a shared
    # machine may also be slow), so that the run measures the work, not a refusal.
    settings.DIENHINH = {
        **settings.DIENHINH,
        "IMPORT_CPU_SECONDS": 900,
        "IMPORT_WALL_SECONDS": 1800,
    }
    program = Program.objects.get(code=PROGRAM)
    org = Organisation.objects.get(code=UNIT)
    officer = get_user_model().objects.get(username="lc.canbo")
    year = free_year(program, org)
    print(
        f"{connection.vendor}: unit {UNIT}, registration year {year} (the first from {YEAR} it has none)"
    )

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

    def whole_import(rollback=True):
        """The upload job's own function on a fresh job (its upload saved beforehand)."""
        job = DocumentJob(
            kind=DocumentJob.Kind.IMPORT,
            program=program,
            organisation=org,
            requested_by=officer,
            format="xlsx",
            year=year,
            language="vi",
        )
        job.upload.save("upload.xlsx", ContentFile(data), save=False)
        job.save()
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            tasks.import_document(job)
            seconds = time.perf_counter() - t0
            if job.status != DocumentJob.Status.DONE:
                raise SystemExit(f"the sheet was not saved: {job.problems[:3]} {job.message}")
            transaction.set_rollback(rollback)
        return seconds, len(queries), job.message

    def import_for_memory():
        with transaction.atomic():
            report = import_file(
                data, program=program, organisation=org, year=year, actor=system("bench")
            )
            if not report.ok or report.saved is None or report.saved.created != args.rows:
                raise SystemExit(f"the sheet was not saved: {report.problems[:3]}")
            transaction.set_rollback(True)

    bare_openpyxl(data), product_read()  # warm-up: imports, translations, caches
    floored = floor_insert(data, program, org, year)
    if floored != args.rows:
        raise SystemExit(f"the floor inserted {floored} rows, not {args.rows}")
    bare_time, cells = _best(lambda: bare_openpyxl(data), args.repeat)
    read_time, _report = _best(product_read, args.repeat)
    print(f"openpyxl {bare_time:.2f} s, product read {read_time:.2f} s (best of {args.repeat})")

    mem = {}
    if not args.skip_memory:  # before the imports below: the last one stays in the database
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
                _peak_in_child(import_for_memory, trace=True),
                _peak_in_child(import_for_memory, trace=False),
            ),
        }

    floor_times, import_times = [], []
    for i in range(args.repeat):
        t0 = time.perf_counter()
        floor_insert(data, program, org, year)
        floor_times.append(time.perf_counter() - t0)
        last = i == args.repeat - 1  # the last import stays in the database
        seconds, queries, message = whole_import(rollback=not last)
        import_times.append(seconds)
        print(f"run {i + 1}: floor {floor_times[-1]:.2f} s, whole import {seconds:.2f} s")

    def line(label, seconds, key=None):
        traced, rss = mem.get(key, (None, None)) if key else (None, None)
        memory = ""
        if traced is not None:
            memory = f"  peak {traced:6.1f} MB (tracemalloc), +{rss:6.1f} MB (ru_maxrss)"
        print(f"{label:<44} {seconds:7.2f} s  {args.rows / seconds:8,.0f} rows/s{memory}")

    def runs(times):
        return ", ".join(f"{t:.2f}" for t in times)

    print(f"openpyxl cells read: {cells:,}; the import said: {message}")
    line("openpyxl read-only, every cell", bare_time, "openpyxl")
    line("product read: checks + parse + validate", read_time, "read")
    line("floor: openpyxl parse + hand-written insert", min(floor_times))
    line("product: whole import (upload job)", min(import_times), "import")
    print(f"runs (s): floor {runs(floor_times)}; whole import {runs(import_times)}")
    print(f"queries of the whole import: {queries}")
    ratio = read_time / bare_time
    whole = min(import_times) / min(floor_times)
    peak = max(max(mem["read"]), max(mem["import"])) if mem else float("nan")
    print(f"ratio read/openpyxl: {ratio:.2f} (target <= 2): {'met' if ratio <= 2 else 'MISSED'}")
    print(
        f"ratio whole import/floor: {whole:.2f} (target <= 3): {'met' if whole <= 3 else 'MISSED'}"
    )
    if mem:
        print(f"peak memory: {peak:.1f} MB (target <= 300): {'met' if peak <= 300 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
