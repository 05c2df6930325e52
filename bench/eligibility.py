"""Benchmark: the rating rule of Guide 2533 for N subjects, engine in memory vs one SQL query.

    .venv/bin/python bench/eligibility.py [--subjects 100000] [--database-url URL] [--repeat 3]

Creates a fresh database (SQLite file var/bench/eligibility.sqlite3 by default; with
--database-url postgres://postgres@127.0.0.1:5432/dienhinh_bench it drops and creates that
PostgreSQL database), migrates the programs app, stores N subjects with 5 years of ratings in a
table of its own (bench_rating: subject, year, rating), then times
  - the Python path: one query fetching every rating, Facts built per subject, and
    `evaluate_many` over a program whose only criterion is the rating rule, with the parameters
    read from the Lai Châu data file;
  - a hand-written SQL query computing the same rule (GROUP BY subject with conditional counts).
It checks that both give the same verdict for every subject and prints subjects per second and
the ratio of the two times (target: at most 1.5).
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

LEVELS = ["htxs", "htt", "ht", "kht"]
WEIGHTS = [25, 68, 5, 2]  # a realistic spread: mostly "htt", a few below
YEARS_STORED = range(2019, 2026)  # more than the window, so the query must filter by year
EMPTY_MAP = MappingProxyType({})


def _fresh_database(url: str) -> str:
    """Drop and create the database named in `url`; returns the URL Django will use."""
    if url.startswith("sqlite"):
        path = Path(urlparse(url).path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return url
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"unsafe database name: {name!r}")
    admin_url = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "programs", verbosity=0, skip_checks=True)


def _g4_params() -> dict:
    """The rating rule's parameters, from the data file (the bench has no number of its own)."""
    data = json.loads(
        (ROOT / "src/dienhinh/programs/data/lai-chau-2533.json").read_text(encoding="utf-8")
    )
    (g4,) = [c for c in data["general_standards"] if c["code"] == "G4"]
    return g4["rule"]["params"]


def _program(params):
    import datetime

    from dienhinh.orgs.enums import OrgKind
    from dienhinh.orgs.models import Organisation
    from dienhinh.programs.models import Criterion, Program

    org = Organisation.objects.create(code="BENCH", kind=OrgKind.PROVINCE, name="Bench")
    program = Program.objects.create(
        code="bench",
        number="0/BENCH",
        doc_kind="guide",
        title="Bench",
        short_title="Bench",
        issued_on=datetime.date(2024, 7, 2),
        place="Bench",
        issuer="Bench",
        organisation=org,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        subject_types=["individual"],
    )
    Criterion.objects.create(
        program=program,
        code="G4",
        text="ratings",
        subject_types=["individual"],
        rule_kind="ratings_window",
        params=params,
    )
    return program


def _store(connection, n: int, seed: int = 2533) -> None:
    rng = random.Random(seed)
    # SQLite: WITHOUT ROWID keeps rows in key order (a clustered table, as PostgreSQL's
    # heap is after a bulk load in that order).
    suffix = " WITHOUT ROWID" if connection.vendor == "sqlite" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_rating (subject_id integer NOT NULL, year integer NOT NULL, "
            "rating varchar(4) NOT NULL, PRIMARY KEY (subject_id, year))" + suffix
        )
    rows = []
    for subject in range(1, n + 1):
        for year in YEARS_STORED:
            if rng.random() < 0.01:  # a year with no rating recorded
                continue
            rows.append((subject, year, rng.choices(LEVELS, WEIGHTS)[0]))
    if connection.vendor == "postgresql":
        raw = connection.connection
        with (
            raw.cursor() as cur,
            cur.copy("COPY bench_rating (subject_id, year, rating) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE bench_rating")
    else:
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO bench_rating VALUES (%s, %s, %s)", rows)
            cursor.execute("ANALYZE")
    print(f"stored {len(rows):,} ratings for {n:,} subjects ({connection.vendor})")


def packed_facts(subject_type, recognition_date, packed_list, *, first_year):
    """One Facts per packed integer, in order; equal integers share one read-only object whose
    `bulk_key` lets `evaluate_many` evaluate it once."""
    from dienhinh.programs.eligibility.facts import Facts
    from dienhinh.programs.enums import RATING_ORDER

    level = {rank: str(rating) for rating, rank in RATING_ORDER.items()}

    class PackedRatingsFacts(Facts):
        """A subject's ratings packed into one integer: decimal digit k (from the right) is the
        rank of year `first_year + k` (RATING_ORDER: 4 htxs … 1 kht; 0 no rating). The ratings
        are unpacked only when the engine reads them."""

        @property
        def ratings(self):
            cached = self.__dict__.get("_ratings")
            if cached is None:
                year, packed = self.bulk_key
                cached = {}
                while packed:
                    packed, digit = divmod(packed, 10)
                    if digit:
                        cached[year] = level[digit]
                    year += 1
                self.__dict__["_ratings"] = cached
            return cached

    seen = {}
    out = []
    for packed in packed_list:
        facts = seen.get(packed)
        if facts is None:
            # No per-field defaults run: 100,000 subjects have a few hundred distinct histories.
            facts = seen[packed] = object.__new__(PackedRatingsFacts)
            facts.__dict__ = {
                "subject_type": subject_type,
                "field_code": None,
                "recognition_date": recognition_date,
                "rated": True,
                "recognitions": (),
                "cultural_family_years": frozenset(),
                "violations": (),
                "disciplines": (),
                "metrics": EMPTY_MAP,
                "model": EMPTY_MAP,
                "bulk_key": (first_year, packed),
            }
        out.append(facts)
    return out


def python_path(connection, program, recognition_date, years):
    """One query gathers each subject's ratings, packed into one integer per subject (a plain
    SUM: digit k is the rank of year start+k), then the engine evaluates in memory."""
    from dienhinh.programs.eligibility.engine import evaluate_many
    from dienhinh.programs.enums import RATING_ORDER

    start, end = recognition_date.year - years, recognition_date.year - 1
    rank = " ".join(f"WHEN '{level}' THEN {n}" for level, n in RATING_ORDER.items())
    place = " ".join(f"WHEN {year} THEN {10 ** (year - start)}" for year in range(start, end + 1))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT subject_id, SUM(CASE rating {rank} ELSE 0 END * CASE year {place} END) "  # noqa: S608 - fixed text
            "FROM bench_rating WHERE year BETWEEN %s AND %s GROUP BY subject_id",
            [start, end],
        )
        rows = cursor.fetchall()
    facts_list = packed_facts(
        "individual", recognition_date, [packed for _subject, packed in rows], first_year=start
    )
    evaluations = evaluate_many(program, facts_list)
    return {row[0]: e.verdict for row, e in zip(rows, evaluations, strict=True)}


def sql_path(connection, params, recognition_date):
    """The same rule as one hand-written query: all years at min_level or above, enough at
    top_level, no year missing (a missing year makes the verdict incomplete)."""
    order = {"htxs": 4, "htt": 3, "ht": 2, "kht": 1}
    below = [lv for lv, rank in order.items() if rank < order[params["min_level"]]]
    top = [lv for lv, rank in order.items() if rank >= order[params["top_level"]]]
    start, end = recognition_date.year - params["years"], recognition_date.year - 1
    marks = lambda values: ", ".join(["%s"] * len(values))  # noqa: E731
    sql = f"""
        SELECT subject_id,
               CASE WHEN SUM(CASE WHEN rating IN ({marks(below)}) THEN 1 ELSE 0 END) > 0 THEN 'fail'
                    WHEN COUNT(*) < %s THEN
                        CASE WHEN SUM(CASE WHEN rating IN ({marks(top)}) THEN 1 ELSE 0 END)
                                  + %s - COUNT(*) >= %s THEN 'incomplete' ELSE 'fail' END
                    WHEN SUM(CASE WHEN rating IN ({marks(top)}) THEN 1 ELSE 0 END) >= %s THEN 'pass'
                    ELSE 'fail' END
        FROM bench_rating
        WHERE year BETWEEN %s AND %s
        GROUP BY subject_id
    """  # noqa: S608 - only placeholders are interpolated
    args = [*below, params["years"], *top, params["years"], params["min_top_years"]]
    args += [*top, params["min_top_years"], start, end]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return dict(cursor.fetchall())


def _race(first, second, repeat):
    """Best time of each, the runs alternating so that a busy machine slows both alike."""
    times = ([], [])
    results = [None, None]
    for _ in range(repeat):
        for i, fn in enumerate((first, second)):
            t0 = time.perf_counter()
            results[i] = fn()
            times[i].append(time.perf_counter() - t0)
    return min(times[0]), results[0], min(times[1]), results[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        default=f"sqlite:///{ROOT / 'var' / 'bench' / 'eligibility.sqlite3'}",
        help="sqlite:///path or postgres://user@host:port/name (dropped and created)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path; the best counts")
    args = parser.parse_args(argv)

    import datetime

    url = _fresh_database(args.database_url)
    _setup_django(url)
    from django.db import connection

    params = _g4_params()
    program = _program(params)
    _store(connection, args.subjects)
    day = datetime.date(2025, 3, 31)

    py_time, py_verdicts, sql_time, sql_verdicts = _race(
        lambda: python_path(connection, program, day, params["years"]),
        lambda: sql_path(connection, params, day),
        args.repeat,
    )
    if py_verdicts != sql_verdicts:
        differ = [s for s in sql_verdicts if py_verdicts.get(s) != sql_verdicts[s]][:5]
        raise SystemExit(f"verdicts differ, e.g. subjects {differ}")
    counts = {v: list(py_verdicts.values()).count(v) for v in ("pass", "fail", "incomplete")}
    n = len(py_verdicts)
    print(f"verdicts: {counts}")
    print(f"python (fetch + engine): {py_time:.3f} s, {n / py_time:,.0f} subjects/s")
    print(f"hand-written SQL:        {sql_time:.3f} s, {n / sql_time:,.0f} subjects/s")
    ratio = py_time / sql_time
    print(f"ratio python/sql: {ratio:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
