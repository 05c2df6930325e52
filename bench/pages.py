"""Page latency on a province-sized database, through the real server (gunicorn, as `make run`).

    .venv/bin/python bench/pages.py [--requests 50] [--workers 3] [--port 8765] [--rebuild]
        [--database-url postgres://postgres@127.0.0.1:5432/dienhinh_bench_pages [--keep]]

SQLite (default): var/bench-pages/pages.sqlite3 is built when missing (or with --rebuild) and kept.
PostgreSQL: the database named in the URL is created (dropped first with --rebuild) and loaded
when it has no tables (then ANALYZEd), and dropped at the end unless --keep.
Loading: migrate, load_demo, generate_demo --scale province --seed 1 (1,000 organisations,
50,000 candidates).

Starts gunicorn on it, signs in as the generated standing officer (gen.p01.snv) and times the
quota dashboard, the candidate list (filtered; searched without diacritics) and a candidate page,
against three references on the same server in the same run: `/healthz` (one SELECT 1, no
session), the trivial signed-in view (the password-change form: session, user, menu and layout,
no data) and the signed-in home page `/`. The requests go round by round (one of each page per
round), so both the pages and the references see the same load. Prints p50/p95 per page in
milliseconds and each p95 divided by each reference's p95 (target: at most 3 against the
trivial signed-in view).
"""

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
# Not var/bench itself: bench/search.py removes that whole directory when it runs.
BENCH_DIR = ROOT / "var" / "bench-pages"
DB = BENCH_DIR / "pages.sqlite3"
BIN = ROOT / ".venv" / "bin"
PASSWORD = "dienhinh-demo-2026"
DATABASE_URL = f"sqlite:///{DB}"
TARGET = 3.0
# The trivial view for pages behind the sign-in: the password-change form pays for the session,
# the user, the menu and the layout like every page measured here, and reads no data.
TRIVIAL_SIGNED_IN = "/accounts/password/change/"


def env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "STATIC_ROOT": str(BENCH_DIR / "pages-static"),
        "LOGIN_FAILURE_LIMIT": "1000",
    }


def _postgres(url: str):
    """(name, connection to the server's `postgres` database, autocommit)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"unsafe database name: {name!r}")
    admin = psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True)
    return name, admin


def _postgres_needs_loading(url: str, rebuild: bool) -> bool:
    import psycopg

    name, admin = _postgres(url)
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            admin.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
            return True
    with psycopg.connect(url) as conn:
        loaded = conn.execute("SELECT to_regclass('registrations_candidate')").fetchone()[0]
    return loaded is None


def _postgres_drop(url: str) -> None:
    name, admin = _postgres(url)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str) -> None:
    subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(rebuild: bool) -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if DATABASE_URL.startswith("sqlite"):
        if rebuild and DB.exists():
            DB.unlink()
        needs_loading = not DB.exists()
    else:
        needs_loading = _postgres_needs_loading(DATABASE_URL, rebuild)
    started = time.monotonic()
    manage("migrate", "--no-input")  # a kept database follows the code's migrations too
    if needs_loading:
        manage("createcachetable")
        manage("load_demo")
        manage("generate_demo", "--scale", "province", "--seed", "1")
    if not DATABASE_URL.startswith("sqlite"):
        # Bulk-loaded or rewritten tables have no planner statistics until autovacuum gets to
        # them; without them PostgreSQL picks nested loops and the filtered list takes seconds.
        import psycopg

        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    if needs_loading:
        print(f"database built in {time.monotonic() - started:.0f} s: {_shown(DATABASE_URL)}")
    manage("collectstatic", "--no-input", "--verbosity", "0")


def _shown(url: str) -> str:
    return str(DB) if url.startswith("sqlite") else urlparse(url)._replace(netloc="").geturl()


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "gen.p01.snv", "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(  # noqa: S310
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    response = opener.open(request)
    if "/accounts/login/" in response.geturl():
        raise SystemExit("login failed")
    return opener


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95


def forget_counts() -> None:
    """What any save of a candidate, registration or entry does to the dashboard's cache (the
    version key goes, so the next request recomputes the unit table and the counts)."""
    sql = "DELETE FROM dienhinh_cache WHERE cache_key LIKE '%registrations:quotas:version'"
    if DATABASE_URL.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(DB) as conn:
            conn.execute(sql)
    else:
        import psycopg

        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute(sql)


def measure(opener, base: str, pages: list[tuple], n: int) -> dict[str, tuple]:
    """Round by round, one request per page per round; label -> (p50, p95, size).

    A page given as (label, path, before) has `before()` called ahead of each of its requests,
    outside the time measured."""
    for _label, path, *_before in pages:
        opener.open(base + path).read()  # warm up
    times: dict[str, list[float]] = {label: [] for label, *_rest in pages}
    sizes: dict[str, int] = {}
    for _ in range(n):
        for label, path, *before in pages:
            for hook in before:
                hook()
            started = time.perf_counter()
            with opener.open(base + path) as response:
                body = response.read()
                assert response.status == 200, (path, response.status)
            times[label].append((time.perf_counter() - started) * 1000)
            sizes[label] = len(body)
    return {label: (*percentiles(t), sizes[label]) for label, t in times.items()}


def candidate_id() -> int:
    out = subprocess.run(  # noqa: S603
        [
            str(BIN / "python"),
            "manage.py",
            "shell",
            "-c",
            "from dienhinh.registrations.models import Candidate;"
            "print(Candidate.objects.filter(program__code='gen-p01', subject_type='individual')"
            ".order_by('id').values_list('id', flat=True)[100])",
        ],
        cwd=ROOT,
        env=env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    global DATABASE_URL
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", help="postgres://…/name (default: a SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    if args.database_url:
        DATABASE_URL = args.database_url
    postgres = not DATABASE_URL.startswith("sqlite")
    build(args.rebuild)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "dienhinh.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
        ],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"{base}/healthz")
        opener = login(base)
        cid = candidate_id()
        references = [
            ("trivial: /healthz", "/healthz"),
            ("trivial signed in", TRIVIAL_SIGNED_IN),
            ("signed-in home: /", "/"),
        ]
        pages = [
            ("quota dashboard", "/registrations/quotas/?program=gen-p01"),
            (
                "candidate list, filtered",
                "/registrations/candidates/?program=gen-p01&subject_type=individual&status=submitted",
            ),
            ("candidate list, searched", "/registrations/candidates/?q=nguyen+van+an"),
            ("candidate page", f"/registrations/candidates/{cid}/"),
        ]
        # The dashboard right after a change anywhere in the registrations (not in the target:
        # shown so that the cost of a cache miss is on record).
        after_change = [
            ("dashboard after a change", "/registrations/quotas/?program=gen-p01", forget_counts)
        ]
        results = measure(opener, base, references + pages, args.requests)
        # Apart, afterwards: discarding the cache also discards the lists' cached totals.
        results |= measure(opener, base, after_change, args.requests)
        healthz_p95 = results[references[0][0]][1]
        trivial_p95 = results[references[1][0]][1]
        home_p95 = results[references[2][0]][1]
        print(
            f"{'postgresql' if postgres else 'sqlite'}: {args.requests} requests per page,"
            f" {args.workers} gunicorn workers"
        )
        print(
            f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'kB':>6} {'× /healthz':>11}"
            f" {'× trivial signed in':>20} {'× home':>8}"
        )
        met = {"/healthz": True, "the trivial signed-in view": True, "home": True}
        for label, path, *_before in references + pages + after_change:
            p50, p95, size = results[label]
            print(
                f"{label:28} {p50:8.1f} {p95:8.1f} {size / 1024:6.0f}"
                f" {p95 / healthz_p95:11.1f} {p95 / trivial_p95:20.2f} {p95 / home_p95:8.2f}"
            )
            if (label, path) in pages:
                for reference, ref_p95 in (
                    ("/healthz", healthz_p95),
                    ("the trivial signed-in view", trivial_p95),
                    ("home", home_p95),
                ):
                    met[reference] = met[reference] and p95 <= TARGET * ref_p95
        for reference, ok in met.items():
            print(f"target p95 ≤ {TARGET:g}× {reference}: {'met' if ok else 'NOT met'}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        if postgres and not args.keep:
            _postgres_drop(DATABASE_URL)


if __name__ == "__main__":
    sys.exit(main())
