"""API latency at province scale: a list endpoint against the trivial authenticated endpoint.

    .venv/bin/python bench/api.py [--requests 50] [--workers 3] [--port 8766] [--rebuild]
        [--database-url postgres://postgres@127.0.0.1:5432/dienhinh_bench_pages [--keep]]

Uses the database of bench/pages.py (var/bench-pages/pages.sqlite3: load_demo, then
generate_demo --scale province --seed 1, i.e. 1,000 organisations and 50,000 candidates; built
when missing). Issues a read token to the generated standing officer (gen.p01.snv, who covers
the whole generated province), starts gunicorn and times, round by round with the token:
`/api/v1/me/` (the trivial authenticated endpoint: token, user, no record), the candidate list
of program gen-p01 (50 a page, with its count), the same list filtered by subject type, and the
registration list. Prints p50/p95 in milliseconds and each p95 over the trivial endpoint's p95
(target: at most 3), then the queries each request makes (Django's test client in this process,
with the same token; pinned in tests/api/test_query_counts.py).
"""

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # noqa: E402 - the page bench's database and helpers

TARGET = 3.0
TRIVIAL = "/api/v1/me/"
LISTS = [
    ("candidates of gen-p01", "/api/v1/candidates/?program=gen-p01"),
    ("candidates, individuals", "/api/v1/candidates/?program=gen-p01&subject_type=individual"),
    ("registrations", "/api/v1/registrations/?program=gen-p01"),
]


def issue_token() -> str:
    code = (
        "from dienhinh.api.domain import tokens;"
        "from dienhinh.core.models import User;"
        "u = User.objects.get(username='gen.p01.snv');"
        "print(tokens.create_token(actor=u, name='bench', scope='read')[1])"
    )
    out = subprocess.run(  # noqa: S603
        [str(pages.BIN / "python"), "manage.py", "shell", "-c", code],
        cwd=pages.ROOT,
        env=pages.env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def measure(base: str, token: str, paths: list[tuple[str, str]], n: int) -> dict:
    headers = {"Authorization": f"Bearer {token}"}

    def get(path: str) -> float:
        request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
        started = time.perf_counter()
        with urllib.request.urlopen(request) as response:  # noqa: S310
            response.read()
            assert response.status == 200, (path, response.status)
        return (time.perf_counter() - started) * 1000

    for _label, path in paths:
        get(path)  # warm up
    times: dict[str, list[float]] = {label: [] for label, _ in paths}
    for _ in range(n):
        for label, path in paths:
            times[label].append(get(path))
    return {
        label: (statistics.median(t), statistics.quantiles(t, n=20)[18])
        for label, t in times.items()
    }


def print_query_counts(token: str, paths: list[tuple[str, str]]) -> None:
    """Queries per request, the second of two (the first fills what a worker keeps)."""
    import os

    os.environ["API_RATE_LIMIT"] = "1000000/hour"
    pages.django_here()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    print("queries per request:")
    for label, path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        print(f"  {label:28} {len(queries):4d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", help="postgres://…/name (default: a SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    if args.database_url:
        pages.DATABASE_URL = args.database_url
    pages.build(args.rebuild)
    token = issue_token()
    base = f"http://127.0.0.1:{args.port}"
    environment = {**pages.env(), "API_RATE_LIMIT": "1000000/hour"}
    server = subprocess.Popen(  # noqa: S603
        [
            str(pages.BIN / "gunicorn"),
            "dienhinh.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
        ],
        cwd=pages.ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        pages.wait_for(f"{base}/healthz")
        results = measure(base, token, [("trivial: /api/v1/me/", TRIVIAL), *LISTS], args.requests)
        trivial = results["trivial: /api/v1/me/"][1]
        print(f"{args.requests} requests per endpoint, {args.workers} gunicorn workers")
        print(f"{'endpoint':28} {'p50 ms':>8} {'p95 ms':>8} {'× trivial':>10}")
        worst = 0.0
        for label, (p50, p95) in results.items():
            ratio = p95 / trivial
            worst = max(worst, ratio)
            print(f"{label:28} {p50:8.1f} {p95:8.1f} {ratio:10.2f}")
        print(
            f"worst ratio {worst:.2f} (target ≤ {TARGET}): {'met' if worst <= TARGET else 'MISSED'}"
        )
        print_query_counts(token, [("trivial: /api/v1/me/", TRIVIAL), *LISTS])
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not pages.DATABASE_URL.startswith("sqlite") and not args.keep:
            pages._postgres_drop(pages.DATABASE_URL)


if __name__ == "__main__":
    main()
