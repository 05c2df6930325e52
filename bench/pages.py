"""Page latency on a province-sized database, through the real server (gunicorn, as `make run`).

    .venv/bin/python bench/pages.py [--requests 50] [--workers 3] [--port 8765] [--rebuild]

Creates var/bench-pages/pages.sqlite3 (migrate, load_demo, generate_demo --scale province) when missing,
starts gunicorn on it, signs in as the generated standing officer (gen.p01.snv) and times the
quota dashboard, the candidate list (filtered; searched without diacritics) and a candidate page.
Prints p50/p95 per page in milliseconds.
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

ROOT = Path(__file__).resolve().parent.parent
# Not var/bench itself: bench/search.py removes that whole directory when it runs.
BENCH_DIR = ROOT / "var" / "bench-pages"
DB = BENCH_DIR / "pages.sqlite3"
BIN = ROOT / ".venv" / "bin"
PASSWORD = "dienhinh-demo-2026"


def env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DB}",
        "STATIC_ROOT": str(BENCH_DIR / "pages-static"),
        "LOGIN_FAILURE_LIMIT": "1000",
    }


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
    if rebuild and DB.exists():
        DB.unlink()
    if not DB.exists():
        started = time.monotonic()
        manage("migrate", "--no-input")
        manage("createcachetable")
        manage("load_demo")
        manage("generate_demo", "--scale", "province", "--seed", "1")
        print(f"database built in {time.monotonic() - started:.0f} s: {DB}")
    manage("collectstatic", "--no-input", "--verbosity", "0")


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


def measure(opener, url: str, n: int) -> tuple[float, float, int]:
    opener.open(url).read()  # warm up
    times = []
    size = 0
    for _ in range(n):
        started = time.perf_counter()
        with opener.open(url) as response:
            body = response.read()
            assert response.status == 200, (url, response.status)
        times.append((time.perf_counter() - started) * 1000)
        size = len(body)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, size


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
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
        pages = [
            ("quota dashboard", "/registrations/quotas/?program=gen-p01"),
            (
                "candidate list, filtered",
                "/registrations/candidates/?program=gen-p01&subject_type=individual&status=submitted",
            ),
            ("candidate list, searched", "/registrations/candidates/?q=nguyen+van+an"),
            ("candidate page", f"/registrations/candidates/{cid}/"),
        ]
        print(
            f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'kB':>6}   ({args.requests} requests each)"
        )
        for label, path in pages:
            p50, p95, size = measure(opener, base + path, args.requests)
            print(f"{label:28} {p50:8.1f} {p95:8.1f} {size / 1024:6.0f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
