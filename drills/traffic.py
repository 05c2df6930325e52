"""Simulated users for the drills: each signs in (or browses the portal anonymously) and walks a
few pages in a loop, thinking 1–3 s between pages; every request's time and outcome is recorded
(status 0: no answer within 60 s or the connection failed)."""

import http.cookiejar
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

DEMO_PASSWORD = "dienhinh-demo-2026"
USERS = [
    "lc.canbo",
    "lc.thutruong",
    "lc.snv",
    "lc.hoidong",
    "lc.quantri",
    "qb.canbo",
    "qb.vanphong",
    "qb.hoidong",
]
SIGNED_IN_PAGES = ["/", "/registrations/", "/orgs/", "/programs/", "/honours/votes/"]
PORTAL_PAGES = [
    "/portal/",
    "/portal/exemplars/",
    "/portal/exemplars/?q=nguyen",
    "/portal/programs/lai-chau-2533/",
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Record:
    started: float
    seconds: float
    status: int
    path: str


@dataclass
class Results:
    records: list[Record] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)


def _request(opener, base, path, data=None, timeout=60.0):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(base + path, data=body)
    if data is not None:
        request.add_header("Referer", base + path)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, ""


def _sign_in(opener, base, username):
    status, page = _request(opener, base, "/accounts/login/")
    token = CSRF.search(page)
    if status != 200 or token is None:
        return False
    status, _page = _request(
        opener,
        base,
        "/accounts/login/",
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": DEMO_PASSWORD},
    )
    return status == 200  # redirected to the home page, which answered


def user_loop(number, base, stop_at, results, think=(1.0, 3.0)):
    rng = random.Random(number)
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    signed_in = number % 2 == 0
    pages = PORTAL_PAGES
    if signed_in:
        _sign_in(opener, base, USERS[number % len(USERS)])
        pages = SIGNED_IN_PAGES + PORTAL_PAGES[:1]
    while time.monotonic() < stop_at:
        path = rng.choice(pages)
        start = time.monotonic()
        status, _body = _request(opener, base, path)
        results.add(Record(start, time.monotonic() - start, status, path))
        time.sleep(rng.uniform(*think))


def run(base, users, seconds, results=None):
    results = results or Results()
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(target=user_loop, args=(i, base, stop_at, results), daemon=True)
        for i in range(users)
    ]
    for thread in threads:
        thread.start()
        time.sleep(0.01)  # users arrive over a second, not all at once
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return results


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(records):
    times = [r.seconds * 1000 for r in records]
    errors = [r for r in records if not 200 <= r.status < 400]
    return (
        f"{len(records)} requests, {len(errors)} errors; "
        f"p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms, "
        f"p99 {percentile(times, 99):.0f} ms"
    ), errors
