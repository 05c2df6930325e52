"""Page latency on a province-sized database, through the real server (gunicorn, as `make run`).

    .venv/bin/python bench/pages.py [--requests 50] [--workers 3] [--port 18765] [--rebuild]
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

Also, in rounds of their own, the API's lists (`API_LISTS`, with a read token of the same
officer issued through the product) against the API's trivial endpoint `/api/v1/me/`; and, among
the pages, the council vote session of program gen-p01 as its secretary sees it (the standing
officer; made through the product's domain functions when the database holds none,
`vote_session_id`). With `--measure-only` the database is used as it is (not built, migrated
nor analysed, nothing changed but that token and session), for a database someone else keeps.

Then, apart: the dashboard and the lists right after a change (a registration moved through the
product's workflow before each request, `Change`), in rounds with the trivial view again (their
ratios are to that one), the queries per request warm and right after
a change (Django's test client in this process), and the first request of a freshly started
server, warmed (`--preload`, as `make run`) and as before (no preload, no warm-up).
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
ADMIN_PASSWORD = "dienhinh-admin-2026"
DATABASE_URL = f"sqlite:///{DB}"
TARGET = 3.0
# The trivial view for pages behind the sign-in: the password-change form pays for the session,
# the user, the menu and the layout like every page measured here, and reads no data.
TRIVIAL_SIGNED_IN = "/accounts/password/change/"
LIST = "/registrations/candidates/"
FILTERED = f"{LIST}?program=gen-p01&subject_type=individual&status=submitted"
SEARCHED = f"{LIST}?q=nguyen+van+an"
DASHBOARD = "/registrations/quotas/?program=gen-p01"
REGISTRATIONS = "/registrations/?program=gen-p01"
# The API (a read token of the same standing officer), timed in rounds with its own trivial
# endpoint (token and user, no record).
API_TRIVIAL = "/api/v1/me/"
API_LISTS = [
    ("API: candidates of gen-p01", "/api/v1/candidates/?program=gen-p01"),
    ("API: candidates, individuals", "/api/v1/candidates/?program=gen-p01&subject_type=individual"),
    ("API: registrations", "/api/v1/registrations/?program=gen-p01"),
    ("API: exemplars", "/api/v1/exemplars/?program=gen-p01"),
    ("API: organisations", "/api/v1/organisations/"),
]
# The council vote session put to the generated province's council (`vote_session_id`).
SESSION_SIZE = 30
COUNCIL_MEMBERS = 9
FIRST_PAGES = [
    ("trivial signed in", TRIVIAL_SIGNED_IN),
    ("quota dashboard", DASHBOARD),
    ("candidate list, filtered", FILTERED),
    ("registrations list", REGISTRATIONS),
]


def env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "STATIC_ROOT": str(BENCH_DIR / "pages-static"),
        "LOGIN_FAILURE_LIMIT": "1000",
        # The API's lists are timed too (with a token): its rate limit lifted, as bench/api.py.
        "API_RATE_LIMIT": "1000000/hour",
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


def build(rebuild: bool, scale: str = "province") -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if DATABASE_URL.startswith("sqlite"):
        if rebuild and DB.exists():
            DB.unlink()
        needs_loading = not DB.exists()
    else:
        needs_loading = _postgres_needs_loading(DATABASE_URL, rebuild)
    started = time.monotonic()
    manage("migrate", "--no-input")  # a kept database follows the code's migrations too
    manage("createcachetable")  # a database loaded by hand may lack it
    if needs_loading:
        manage("load_demo")
        manage("generate_demo", "--scale", scale, "--seed", "1")
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


def wait_for(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


def login(
    base: str, username: str = "gen.p01.snv", password: str = PASSWORD
) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
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


def start_server(port: int, workers: int, *, warm: bool = True) -> subprocess.Popen:
    """gunicorn as `make run` starts it: the application loaded and warmed before serving
    (`--preload`, dienhinh.wsgi), each worker making its copy its own when forked
    (`core.serving`); `warm=False` starts it as before that (each worker loads the
    application itself, and what is lazy waits for its first request)."""
    return subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "dienhinh.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            *(["--preload", "--config", "python:dienhinh.core.serving"] if warm else []),
        ],
        cwd=ROOT,
        env={**env(), "DIENHINH_WARMUP": "1" if warm else "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def django_here() -> None:
    """Django set up in this process, on the benchmark's database (for the changes and the
    query counts)."""
    import django

    os.environ.update(env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    sys.path.insert(0, str(ROOT / "src"))
    django.setup()


class Change:
    """A real change before each cold request: one registration of the program moved through the
    workflow by the product's `transition`, by the users who make each move (returned by the
    standing officer, sent for approval by the unit's officer, approved by its head: submitted
    again after three), as units and the standing agency do. Each move recounts the
    registration's quota counts and replaces the cached values of the registration data."""

    NEXT = {"submitted": "return", "returned": "request_approval", "draft": "request_approval"}
    NEXT["awaiting_approval"] = "approve"

    def __init__(self) -> None:
        django_here()
        from django.contrib.auth import get_user_model

        from dienhinh.orgs.enums import Role
        from dienhinh.orgs.models import Membership
        from dienhinh.registrations.models import Registration

        users = get_user_model().objects
        officer = users.get(username="gen.p01.canbo")
        unit = Membership.objects.get(user=officer).organisation
        head, _made = users.get_or_create(username="gen.p01.truong")
        Membership.objects.get_or_create(user=head, organisation=unit, role=Role.UNIT_HEAD)
        self.actors = {
            "return": users.get(username="gen.p01.snv"),
            "request_approval": officer,
            "approve": head,
        }
        self.registration = (
            Registration.objects.filter(
                program__code="gen-p01",
                organisation__path__startswith=unit.path,
                status__in=list(self.NEXT),
            )
            .order_by("id")
            .first()
        )

    def __call__(self) -> None:
        from dienhinh.registrations.domain.workflow import transition

        self.registration.refresh_from_db()
        action = self.NEXT[self.registration.status]
        transition(
            self.registration, action, actor=self.actors[action], reason="Bổ sung minh chứng"
        )


def vote_session_id() -> int:
    """The council vote session of program gen-p01, opened when the database holds none, through
    the product's domain functions as a province prepares one: its emulation–commendation
    council (created by the superuser, with COUNCIL_MEMBERS members), SESSION_SIZE of the
    program's exemplars recognised by the standing officer, who opens the session with them.
    The generated data hold no council; a kept database keeps the session for the next run."""
    import datetime

    from django.contrib.auth import get_user_model

    from dienhinh.honours.domain import voting
    from dienhinh.honours.domain.lifecycle import transition
    from dienhinh.honours.models import VoteSession
    from dienhinh.orgs import domain as orgs_domain
    from dienhinh.orgs import users as org_users
    from dienhinh.orgs.enums import OrgKind, Role
    from dienhinh.orgs.models import Organisation
    from dienhinh.programs.models import Program
    from dienhinh.registrations.enums import ExemplarState
    from dienhinh.registrations.models import Exemplar

    program = Program.objects.select_related("organisation").get(code="gen-p01")
    found = VoteSession.objects.filter(program=program).order_by("id").first()
    if found is not None:
        return found.pk
    users = get_user_model().objects
    admin = users.get(username="admin")
    secretary = users.get(username="gen.p01.snv")
    province = program.organisation
    council = Organisation.objects.filter(code=f"{province.code}-HDTDKT").first()
    if council is None:
        council = orgs_domain.create_organisation(
            actor=admin,
            code=f"{province.code}-HDTDKT",
            kind=OrgKind.COUNCIL,
            name=f"Hội đồng Thi đua – Khen thưởng {province.name}",
            parent=province,
        )
    for i in range(1, COUNCIL_MEMBERS + 1):
        if not users.filter(username=f"gen.p01.hoidong{i}").exists():
            org_users.create_user(
                actor=admin,
                organisation=council,
                role=Role.COUNCIL_MEMBER,
                username=f"gen.p01.hoidong{i}",
                first_name=f"Ủy viên {i}",
                last_name="Hội đồng",
                password=PASSWORD,
            )
    chosen = list(
        Exemplar.objects.filter(program=program, state=ExemplarState.NURTURING).order_by("id")[
            :SESSION_SIZE
        ]
    )
    for exemplar in chosen:
        transition(exemplar, "recognise", actor=secretary)
    session = voting.create_session(
        actor=secretary,
        program=program,
        council=council,
        title="Phiên họp xét công nhận điển hình tiên tiến",
        date=datetime.date.today(),
        exemplars=chosen,
    )
    return session.pk


def api_token() -> str:
    """A read token of the standing officer, issued through the product's domain function."""
    from django.contrib.auth import get_user_model

    from dienhinh.api.domain import tokens

    user = get_user_model().objects.get(username="gen.p01.snv")
    return tokens.create_token(actor=user, name="bench pages", scope="read")[1]


def api_opener(token: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener()
    opener.addheaders = [("Authorization", f"Bearer {token}")]
    return opener


def print_query_counts(
    pages: list[tuple], change: "Change | None", token: str, api_lists: list[tuple]
) -> None:
    """Queries per page, warm (the second view) and right after a change (unless `change` is
    None), through Django's test client in this process (the server's answers are the same
    pages); the API's with the token."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="gen.p01.snv"))
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    shown = "warm / right after a change" if change else "warm"
    print(f"queries per request ({shown}):")
    for label, path in [
        ("trivial signed in", TRIVIAL_SIGNED_IN),
        *pages,
        ("API: trivial /api/v1/me/", API_TRIVIAL),
        *api_lists,
    ]:
        browser = api if path.startswith("/api/") else client
        browser.get(path)
        with CaptureQueriesContext(connection) as warm:
            assert browser.get(path).status_code == 200
        if change is None:
            print(f"  {label:32} {len(warm):4d}")
            continue
        change()
        with CaptureQueriesContext(connection) as cold:
            assert browser.get(path).status_code == 200
        print(f"  {label:32} {len(warm):4d} / {len(cold):4d}")


def wait_for_socket(port: int, timeout: float = 120) -> None:
    """Until the server accepts connections, without sending a request (which would warm it)."""
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def first_requests(opener, port: int, workers: int, restarts: int, trivial_p95: float) -> None:
    """The first request a fresh server answers, signed in (the session from the run above):
    for each page, `restarts` starts of one worker, with the warm-up (as `make run`) and without
    it (as before). The server is given 2 s idle after it accepts connections, so that a worker
    has booted; the time is that of the first request only. The data are unchanged since the
    running server last showed each page (its values are in the shared cache, as a restart
    finds them); a change's cost is measured apart."""
    if restarts <= 0:
        return
    base = f"http://127.0.0.1:{port}"
    first_pages = FIRST_PAGES
    print(f"first request after a start (1 worker, {restarts} starts each; ms):")
    print(f"  {'page':28} {'warmed: max':>12} {'× trivial':>10} {'as before: max':>15} {'×':>6}")
    met = True
    for label, path in first_pages:
        row = []
        for warm in (True, False):
            times = []
            for _ in range(restarts):
                server = start_server(port, 1, warm=warm)
                try:
                    wait_for_socket(port)
                    time.sleep(2)
                    started = time.perf_counter()
                    with opener.open(base + path) as response:
                        response.read()
                    times.append((time.perf_counter() - started) * 1000)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
            row.append(max(times))
        met = met and row[0] <= TARGET * trivial_p95
        print(
            f"  {label:28} {row[0]:12.1f} {row[0] / trivial_p95:10.2f}"
            f" {row[1]:15.1f} {row[1] / trivial_p95:6.2f}"
        )
    print(
        f"target: first request ≤ {TARGET:g}× the trivial signed-in p95 (warm):"
        f" {'met' if met else 'NOT met'}"
    )


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
    return shell_int(
        "from dienhinh.registrations.models import Candidate;"
        "print(Candidate.objects.filter(program__code='gen-p01', subject_type='individual')"
        ".order_by('id').values_list('id', flat=True)[100])"
    )


def registration_id() -> int:
    """The registration of a department of the generated province (its entries on one page)."""
    return shell_int(
        "from dienhinh.registrations.models import Registration;"
        "print(Registration.objects.get(program__code='gen-p01', organisation__code='GEN-P01-S01')"
        ".pk)"
    )


def shell_int(code: str) -> int:
    out = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", "shell", "-c", code],
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
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--scale",
        choices=["province", "national"],
        default="province",
        help="generate_demo's scale when the database is built (national: PostgreSQL only)",
    )
    parser.add_argument("--database-url", help="postgres://…/name (default: a SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument(
        "--restarts", type=int, default=3, help="server starts per page for the first request"
    )
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="use the database as it is (someone else's): not built, migrated nor analysed, no"
        " change made in it and none of the pages after a change; only the bench user's API"
        " token and, when it has none, the council vote session are written",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="WORD",
        help="time only the pages and API lists whose label holds one of these words (the"
        " references always)",
    )
    args = parser.parse_args()
    args.keep = args.keep or args.measure_only  # never drop a database someone else keeps
    if args.database_url:
        DATABASE_URL = args.database_url
    postgres = not DATABASE_URL.startswith("sqlite")
    if args.measure_only:
        manage("collectstatic", "--no-input", "--verbosity", "0")
    else:
        build(args.rebuild, args.scale)
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(args.port, args.workers)
    try:
        wait_for(f"{base}/healthz")
        opener = login(base)
        cid = candidate_id()
        rid = registration_id()
        django_here()
        change = None if args.measure_only else Change()
        session = vote_session_id()
        api = api_opener(token := api_token())
        references = [
            ("trivial: /healthz", "/healthz"),
            ("trivial signed in", TRIVIAL_SIGNED_IN),
            ("signed-in home: /", "/"),
        ]
        pages = [
            ("quota dashboard", DASHBOARD),
            ("candidate list, filtered", FILTERED),
            ("candidate list, searched", SEARCHED),
            ("registrations list", REGISTRATIONS),
            ("candidate page", f"/registrations/candidates/{cid}/"),
            ("a commune's list", f"{LIST}?program=gen-p01&organisation=GEN-P01-H01-X001"),
            ("a department's list", f"{LIST}?program=gen-p01&organisation=GEN-P01-S01"),
            ("registration page", f"/registrations/{rid}/"),
            ("portal search", "/portal/exemplars/?q=dien+hinh"),
            (
                "portal search + filters",
                "/portal/exemplars/?q=dien+hinh&subject_type=individual&year=2025",
            ),
            ("vote session (secretary)", f"/honours/votes/{session}/"),
        ]
        api_lists = API_LISTS
        super_pages = [
            ("candidate list, searched, superuser", SEARCHED),
            ("candidate list, filtered, superuser", FILTERED),
        ]
        if args.only:
            pages, api_lists, super_pages = (
                [p for p in rows if any(word in p[0] for word in args.only)]
                for rows in (pages, api_lists, super_pages)
            )
        # Each page's first view right after a change: a registration of the program moved
        # through the product's workflow (returned, sent for approval, approved) before each
        # request, which replaces every cached value of the registration data.
        after_change = [
            (f"{label}, cold", path, change)
            for label, path in pages
            if label not in ("candidate page", "registration page", "vote session (secretary)")
            and not label.startswith("portal")
            and change is not None
        ]
        results = measure(opener, base, references + pages, args.requests)
        # The API's lists, in rounds with the API's trivial endpoint (their ratios are to it).
        api_trivial = ("API: trivial /api/v1/me/", API_TRIVIAL)
        api_results = measure(api, base, [api_trivial, *api_lists], args.requests)
        # Apart, afterwards (discarding the cache also discards the lists' cached totals), with
        # the trivial view timed again in the same rounds: the cold pages' ratios are to it.
        cold_trivial = ("trivial signed in, again", TRIVIAL_SIGNED_IN)
        if after_change:
            results |= measure(opener, base, [cold_trivial, *after_change], args.requests)
        else:
            results[cold_trivial[0]] = results[references[1][0]]
        # The superuser (every unit of the country) searching and filtering, with its own
        # trivial view: the plan must not depend on whose scope it is.
        super_trivial = ("trivial, superuser", TRIVIAL_SIGNED_IN)
        if super_pages:
            superuser = login(base, "admin", ADMIN_PASSWORD)
            results |= measure(superuser, base, [super_trivial, *super_pages], args.requests)
        healthz_p95 = results[references[0][0]][1]
        trivial_p95 = results[references[1][0]][1]
        home_p95 = results[references[2][0]][1]
        trivial_again_p95 = results[cold_trivial[0]][1]
        print(
            f"{'postgresql' if postgres else 'sqlite'}: {args.requests} requests per page,"
            f" {args.workers} gunicorn workers"
        )
        print(
            f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'kB':>6} {'× /healthz':>11}"
            f" {'× trivial signed in':>20} {'× home':>8}"
        )
        met = {"/healthz": True, "the trivial signed-in view": True, "home": True}
        cold = [cold_trivial, *after_change] if after_change else []
        rows = references + pages + cold + ([super_trivial, *super_pages] if super_pages else [])
        for label, path, *_before in rows:
            p50, p95, size = results[label]
            # The pages after a change and the superuser's against the trivial view of their
            # own rounds.
            trivial = trivial_again_p95 if _before or label == cold_trivial[0] else trivial_p95
            if (label, path) in [super_trivial, *super_pages]:
                trivial = results[super_trivial[0]][1]
            print(
                f"{label:32} {p50:8.1f} {p95:8.1f} {size / 1024:6.0f}"
                f" {p95 / healthz_p95:11.1f} {p95 / trivial:20.2f} {p95 / home_p95:8.2f}"
            )
            if (label, path) in pages + super_pages or _before:
                for reference, ref_p95 in (
                    ("/healthz", healthz_p95),
                    ("the trivial signed-in view", trivial),
                    ("home", home_p95),
                ):
                    met[reference] = met[reference] and p95 <= TARGET * ref_p95
        for reference, ok in met.items():
            print(f"target p95 ≤ {TARGET:g}× {reference}: {'met' if ok else 'NOT met'}")
        api_p95 = api_results[api_trivial[0]][1]
        print(f"{'API endpoint':32} {'p50 ms':>8} {'p95 ms':>8} {'kB':>6} {'× /api/v1/me/':>14}")
        for label, _path in [api_trivial, *api_lists]:
            p50, p95, size = api_results[label]
            print(f"{label:32} {p50:8.1f} {p95:8.1f} {size / 1024:6.0f} {p95 / api_p95:14.2f}")
        api_met = all(api_results[label][1] <= TARGET * api_p95 for label, _ in api_lists)
        print(f"target API p95 ≤ {TARGET:g}× /api/v1/me/: {'met' if api_met else 'NOT met'}")
        print_query_counts(pages, change, token, api_lists)
        if args.restarts <= 0:
            return
        # The shared cache as a running site holds it (the last change's values computed once):
        # the first request of a new worker pays for its own process, not for that change.
        for _label, path in FIRST_PAGES:
            opener.open(base + path).read()
        server.terminate()
        server.wait(timeout=30)
        server = None
        first_requests(opener, args.port, args.workers, args.restarts, trivial_p95)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if postgres and not args.keep:
            _postgres_drop(DATABASE_URL)


if __name__ == "__main__":
    sys.exit(main())
