"""Benchmark of the public portal's search and filtered list on many published stories.

    python bench/search.py                      # 100,000 stories, SQLite under var/bench/
    python bench/search.py -n 10000             # a quicker run
    python bench/search.py --database-url postgres:///dienhinh_bench   # created, then dropped
    python bench/search.py --server gunicorn    # through a real gunicorn instead of the Client
    python bench/search.py --database-url postgres:///dienhinh_bench --keep   # build, keep
    python bench/search.py --database-url postgres:///dienhinh_bench --reuse  # measure again

Prints p50/p95 server time per kind of request and its ratio to a trivial view (/healthz,
one SELECT 1) on the same server.
"""

import argparse
import datetime
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Lò",
    "Tòng",
    "Vàng",
    "Giàng",
    "Sùng",
    "Tẩn",
    "Lường",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Thu",
    "Hồng",
    "Quang",
    "Ngọc",
    "Xuân",
    "Thanh",
    "Hữu",
    "Kim",
]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Dung",
    "Giang",
    "Hà",
    "Hải",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
    "Pâng",
    "Súa",
    "Chứ",
]
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
]
COLLECTIVES = [
    "Trạm Y tế xã {p}",
    "Trường Tiểu học {p}",
    "Hợp tác xã chè {p}",
    "Đội thanh niên tình nguyện {p}",
    "Bộ phận một cửa huyện {p}",
]
SENTENCES = [
    "Là tấm gương điển hình tiên tiến trong phong trào thi đua yêu nước của tỉnh.",
    "Nhiều năm liền hoàn thành xuất sắc nhiệm vụ, được đồng nghiệp tin yêu.",
    "Đi đầu trong cải cách hành chính, giải quyết hồ sơ đúng hạn cho người dân.",
    "Xây dựng mô hình trồng chè Shan tuyết, giúp đỡ các hộ nghèo trong bản.",
    "Tích cực học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Sáng kiến của đồng chí đã được nhân rộng ra nhiều xã trên địa bàn huyện.",
    "Tạo việc làm ổn định cho lao động địa phương, thu nhập tăng qua từng năm.",
    "Gia đình văn hóa tiêu biểu, chấp hành tốt chủ trương, chính sách của Đảng.",
    "Tận tụy với người bệnh, thường xuyên khám chữa bệnh lưu động cho đồng bào.",
    "Vận động bà con xóa bỏ hủ tục, giữ gìn an ninh trật tự thôn bản.",
    "Phát triển kinh tế hộ gia đình gắn với xây dựng nông thôn mới.",
    "Ứng dụng chuyển đổi số trong quản lý, rút ngắn thời gian xử lý công việc.",
]
TITLES = [
    "Người gieo chữ nơi vùng cao",
    "Điển hình tiên tiến trong cải cách hành chính",
    "Mô hình kinh tế hiệu quả ở {p}",
    "Tấm gương người tốt, việc tốt ở {p}",
    "Nhân rộng mô hình chè Shan tuyết",
    "Thầy thuốc như mẹ hiền",
]

QUERIES_PLAIN = [
    "dien hinh tien tien",
    "nhan rong mo hinh",
    "cai cach hanh chinh",
    "che shan tuyet",
    "nguyen thi lan",
]
QUERIES_MARKED = [
    "điển hình tiên tiến",
    "NHÂN RỘNG MÔ HÌNH",
    "Cải cách hành chính",
    "chè Shan tuyết",
    "Nguyễn Thị Lan",
]


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="stories to create (100000)")
    parser.add_argument("--database-url", default="", help="postgres://… (default: SQLite)")
    parser.add_argument("--repeat", type=int, default=40, help="requests per kind (40)")
    parser.add_argument("--server", choices=["client", "gunicorn"], default="client")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the database kept by an earlier --keep run (migrated, not rebuilt)",
    )
    args = parser.parse_args()
    args.keep = args.keep or args.reuse
    return args


def prepare_database(args) -> str:
    if args.reuse:
        if args.database_url:
            return args.database_url
        return f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"
    if not args.database_url:
        directory = ROOT / "var" / "bench"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        return f"sqlite:///{directory / 'bench.sqlite3'}"
    import psycopg

    name = args.database_url.rsplit("/", 1)[1].split("?")[0]
    admin = args.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return args.database_url


def drop_database(args) -> None:
    if args.keep:
        return
    if not args.database_url:
        shutil.rmtree(ROOT / "var" / "bench", ignore_errors=True)
        return
    import psycopg

    name = args.database_url.rsplit("/", 1)[1].split("?")[0]
    admin = args.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def populate(n: int, rng: random.Random) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from dienhinh.core.text import fold, name_sort_key
    from dienhinh.orgs.models import Organisation
    from dienhinh.portal import search
    from dienhinh.portal.models import Story
    from dienhinh.programs.models import Program
    from dienhinh.registrations.models import Candidate, Entry, Exemplar, Registration

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    program = Program.objects.get(code="lai-chau-2533")
    fields = list(program.fields.all())
    orgs = list(Organisation.objects.filter(path__startswith=program.organisation.path))
    registrations = {}
    with transaction.atomic():
        for org in orgs:
            for year in (2022, 2023, 2024, 2025):
                # The demo's own registration of that unit and year, if it has one (one live
                # registration per unit and year).
                live = Registration.objects.filter(program=program, organisation=org, year=year)
                registrations[org.pk, year] = live.exclude(
                    status="withdrawn"
                ).first() or Registration.objects.create(
                    program=program, organisation=org, year=year, status="accepted"
                )
    now = timezone.now()
    four_years = 4 * 365 * 24 * 3600
    batch = 2000
    for start in range(0, n, batch):
        size = min(batch, n - start)
        rows = []
        for _ in range(size):
            org = rng.choice(orgs)
            kind = rng.choice(["individual", "individual", "collective", "household", "model"])
            place = rng.choice(PLACES)
            if kind in ("collective", "model"):
                name = rng.choice(COLLECTIVES).format(p=place)
            else:
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            rows.append(
                (org, kind, place, name, rng.choice(fields), rng.choice((2022, 2023, 2024, 2025)))
            )
        with transaction.atomic():
            candidates = Candidate.objects.bulk_create(
                Candidate(
                    program=program,
                    organisation=org,
                    subject_type=kind,
                    name=name,
                    field=field,
                    name_key=name_sort_key(name),
                    search_text=fold(name),
                )
                for org, kind, place, name, field, year in rows
            )
            entries = Entry.objects.bulk_create(
                Entry(registration=registrations[r[0].pk, r[5]], candidate=c, status="accepted")
                for r, c in zip(rows, candidates, strict=True)
            )
            exemplars = Exemplar.objects.bulk_create(
                Exemplar(
                    entry=e,
                    candidate=c,
                    program=program,
                    organisation=r[0],
                    year=r[5],
                    state="published",
                )
                for r, c, e in zip(rows, candidates, entries, strict=True)
            )
            stories = []
            for r, ex in zip(rows, exemplars, strict=True):
                org, kind, place, name, field, year = r
                story = Story(
                    exemplar=ex,
                    title=rng.choice(TITLES).format(p=place),
                    summary=rng.choice(SENTENCES),
                    body="".join(f"<p>{s}</p>" for s in rng.sample(SENTENCES, 4)),
                    is_published=True,
                    # Published over the last four years, like a portal in use.
                    published_at=now - datetime.timedelta(seconds=rng.randrange(four_years)),
                )
                # As Story.save: sanitised body, folded search texts (the related rows are
                # the objects above, so no query is made).
                story.refresh_derived()
                stories.append(story)
            Story.objects.bulk_create(stories)
        print(f"  {start + size} stories", end="\r", flush=True)
    search.rebuild()  # bulk_create skipped Story.save, which fills SQLite's FTS table
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM as autovacuum does after a bulk load (statistics and visibility).
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    print()


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def measure(get, urls, repeat):
    times = []
    for i in range(repeat):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        status = get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200, (url, status)
    get(urls[0])
    return percentile(times, 0.5), percentile(times, 0.95)


def main():
    args = parse()
    database_url = prepare_database(args)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    # The production static storage needs its manifest: collect into a scratch directory.
    os.environ["STATIC_ROOT"] = str(ROOT / "var" / "bench-static")
    import django

    django.setup()
    from django.db import connection

    rng = random.Random(2690)  # noqa: S311 - reproducible text, not security
    server = None
    try:
        started = time.perf_counter()
        if args.reuse:
            from django.core.management import call_command

            from dienhinh.portal.models import Story

            call_command("migrate", verbosity=0)
            if connection.vendor == "postgresql":
                # A migration may have rewritten tables: statistics first, as autovacuum would.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            n = Story.objects.count()
            print(f"{n} stories on {connection.vendor} (reused)")
        else:
            populate(args.n, rng)
            print(
                f"{args.n} stories on {connection.vendor} in {time.perf_counter() - started:.0f} s"
            )
        from urllib.parse import quote

        kinds = {
            "trivial view (/healthz)": ["/healthz"],
            "search, no diacritics": [f"/portal/exemplars/?q={quote(q)}" for q in QUERIES_PLAIN],
            "search, with diacritics": [f"/portal/exemplars/?q={quote(q)}" for q in QUERIES_MARKED],
            "filtered list": [
                "/portal/exemplars/?subject_type=individual&year=2024",
                "/portal/exemplars/?program=lai-chau-2533&subject_type=household&page=3",
                "/portal/exemplars/?organisation=LC-TAMDUONG",
            ],
            "portal home (counts cached)": ["/portal/"],
            "search + filters": [
                f"/portal/exemplars/?q={quote('điển hình')}&subject_type=individual&year=2023"
            ],
        }
        if args.server == "client":
            from django.test import Client

            client = Client()

            def get(url):
                return client.get(url).status_code
        else:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
            server = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-w",
                    "1",
                    "-b",
                    f"127.0.0.1:{port}",
                    "dienhinh.wsgi:application",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz")  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.1)

            def get(url):
                with urllib.request.urlopen(base + url) as response:  # noqa: S310
                    response.read()
                    return response.status

        results = {}
        for name, urls in kinds.items():
            for url in urls:  # warm up
                get(url)
            results[name] = measure(get, urls, args.repeat)
        base_p50 = results["trivial view (/healthz)"][0]
        print(f"\n{'request':28} {'p50 ms':>8} {'p95 ms':>8} {'× trivial':>10}")
        for name, (p50, p95) in results.items():
            print(f"{name:28} {p50:8.1f} {p95:8.1f} {p50 / base_p50:10.1f}")
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        connection.close()
        drop_database(args)


if __name__ == "__main__":
    main()
