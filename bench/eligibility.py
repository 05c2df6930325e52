"""Benchmark: eligibility of N stored candidates through the product's path vs hand-written SQL.

    .venv/bin/python bench/eligibility.py [--subjects 100000] [--database-url URL] [--repeat 3]

Creates a fresh database (SQLite file var/bench/eligibility.sqlite3 by default; with
--database-url postgres://postgres@127.0.0.1:5432/dienhinh_bench_elig it drops and creates that
PostgreSQL database), runs the migrations and `load_demo`, then stores N candidates of program
lai-chau-2533 in unit LC-SYT (70% individuals, 30% collectives, all under the annual rating
regime, recognition date 2025-03-31) with their facts in the product's own tables: ratings for
2019-2025 (about 1% of years unrated), and a few recognitions (3%), violations (1%) and
disciplines (1%). It then times, alternating, best of --repeat:
  - the product's path: `registrations.domain.facts.evaluate_candidates` over the queryset of
    those candidates (what the pages call for a page of candidates), every verdict read;
  - a hand-written SQL query computing the same computable rule (G4, the rating window; the
    qualitative G1-G3 wait for a reviewer and change no verdict) for the same candidates.
It checks that both give the same verdict for every candidate and prints candidates per second,
the query count of each path and the ratio product/SQL (target: at most 3).
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PROGRAM, UNIT = "lai-chau-2533", "LC-SYT"
LEVELS = ["htxs", "htt", "ht", "kht"]
WEIGHTS = [25, 68, 5, 2]  # a realistic spread: mostly "htt", a few below
YEARS_STORED = range(2019, 2026)  # more than the window, so the rule must pick its years
DAY = datetime.date(2025, 3, 31)
YEAR = 2030  # a year in which the demo's unit has no registration


def _fresh_database(url: str) -> str:
    """Drop and create the database named in `url`; returns the URL Django will use."""
    if url.startswith("sqlite"):
        path = Path(urlparse(url).path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
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

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _insert(connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    if connection.vendor == "postgresql":
        with (
            connection.connection.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608 - fixed
            rows,
        )


def _store(n: int, seed: int = 2533):
    """N candidates with their facts, bulk-loaded (the bench times evaluation, not saving)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from dienhinh.core.text import name_sort_key, search_words
    from dienhinh.orgs.models import Organisation
    from dienhinh.programs.models import Program
    from dienhinh.registrations.models import (
        AnnualRating,
        Candidate,
        Discipline,
        Entry,
        Recognition,
        Registration,
        Violation,
    )

    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    program = Program.objects.get(code=PROGRAM)
    unit = Organisation.objects.get(code=UNIT)
    first = (Candidate.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1000
    now = timezone.now()
    candidates, ratings, recognitions, violations, disciplines = [], [], [], [], []
    for pk in range(first, first + n):
        kind = "individual" if rng.random() < 0.7 else "collective"
        name = f"Ứng viên {pk}"
        candidates.append(
            (pk, program.pk, unit.pk, kind, name, name_sort_key(name), search_words(name),
             DAY, True, 1, now, now, "", "", "", "", "", "")
        )  # fmt: skip
        for year in YEARS_STORED:
            if rng.random() >= 0.01:  # about 1% of years have no rating recorded
                ratings.append((pk, year, rng.choices(LEVELS, WEIGHTS)[0]))
        if rng.random() < 0.03:
            recognitions.append((pk, rng.choice(YEARS_STORED), "Bằng khen của Chủ tịch UBND tỉnh"))
        if rng.random() < 0.01:
            violations.append((pk, rng.choice(YEARS_STORED), "traffic", ""))
        if rng.random() < 0.01:
            disciplines.append((pk, rng.choice(YEARS_STORED), "khien_trach", ""))
    with transaction.atomic():
        _insert(connection, Candidate._meta.db_table,
                ["id", "program_id", "organisation_id", "subject_type", "name", "name_key",
                 "search_text", "recognition_date", "rated", "version", "created_at",
                 "updated_at", "address", "head_name", "position", "workplace", "solutions",
                 "notes"], candidates)  # fmt: skip
        _insert(connection, AnnualRating._meta.db_table, ["candidate_id", "year", "level"], ratings)
        _insert(connection, Recognition._meta.db_table, ["candidate_id", "year", "text"], recognitions)  # fmt: skip
        _insert(connection, Violation._meta.db_table, ["candidate_id", "year", "kind", "note"], violations)  # fmt: skip
        _insert(connection, Discipline._meta.db_table, ["candidate_id", "year", "level", "note"], disciplines)  # fmt: skip
        # One draft registration of the unit listing them all, as an import of N rows leaves it.
        registration = Registration.objects.create(
            program=program, organisation=unit, year=YEAR, notes=""
        )
        entries = [(registration.pk, pk, "included", "", i) for i, pk in enumerate(range(first, first + n))]  # fmt: skip
        _insert(connection, Entry._meta.db_table, ["registration_id", "candidate_id", "status", "return_reason", "position"], entries)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"stored {n:,} candidates, {len(ratings):,} ratings, {len(recognitions):,} recognitions, "
        f"{len(violations):,} violations, {len(disciplines):,} disciplines ({connection.vendor})"
    )
    return registration


def product_path(registration):
    """What the registration page does for its entries: the product's own function."""
    from dienhinh.registrations.domain.facts import evaluate_registration

    return {pk: e.verdict for pk, e in evaluate_registration(registration).items()}


def _g4_params(program):
    return program.criteria.get(code="G4").params


def sql_path(connection, registration, params):
    """Rule G4 as one hand-written query, for each candidate as the engine applies it: the
    `years` years before the candidate's own recognition year all at min_level or above,
    enough at top_level, no year missing (a missing year makes the verdict incomplete)."""
    from dienhinh.registrations.models import AnnualRating, Candidate, Entry

    order = {"htxs": 4, "htt": 3, "ht": 2, "kht": 1}
    below = [lv for lv, rank in order.items() if rank < order[params["min_level"]]]
    top = [lv for lv, rank in order.items() if rank >= order[params["top_level"]]]
    if connection.vendor == "postgresql":
        year = "CAST(EXTRACT(YEAR FROM c.recognition_date) AS integer)"
    else:
        year = "CAST(strftime('%%Y', c.recognition_date) AS integer)"
    marks = lambda values: ", ".join(["%s"] * len(values))  # noqa: E731
    sql = f"""
        SELECT c.id,
               CASE WHEN SUM(CASE WHEN r.level IN ({marks(below)}) THEN 1 ELSE 0 END) > 0 THEN 'fail'
                    WHEN COUNT(r.year) < %s THEN
                        CASE WHEN SUM(CASE WHEN r.level IN ({marks(top)}) THEN 1 ELSE 0 END)
                                  + %s - COUNT(r.year) >= %s THEN 'incomplete' ELSE 'fail' END
                    WHEN SUM(CASE WHEN r.level IN ({marks(top)}) THEN 1 ELSE 0 END) >= %s THEN 'pass'
                    ELSE 'fail' END
        FROM {Entry._meta.db_table} e
        JOIN {Candidate._meta.db_table} c ON c.id = e.candidate_id
        LEFT JOIN {AnnualRating._meta.db_table} r
               ON r.candidate_id = c.id AND r.year BETWEEN {year} - %s AND {year} - 1
        WHERE e.registration_id = %s
        GROUP BY c.id
    """  # noqa: S608 - only table names and placeholders are interpolated
    args = [*below, params["years"], *top, params["years"], params["min_top_years"]]
    args += [*top, params["min_top_years"], params["years"], registration.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return dict(cursor.fetchall())


def _race(first, second, repeat):
    """Best time and query count of each, the runs alternating so that a busy machine slows both
    alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: tuple[list, list] = ([], [])
    queries = [0, 0]
    results = [None, None]
    for _ in range(repeat):
        for i, fn in enumerate((first, second)):
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                results[i] = fn()
                times[i].append(time.perf_counter() - t0)
            queries[i] = len(captured)
    return times, results, queries


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

    url = _fresh_database(args.database_url)
    _setup_django(url)
    from django.db import connection

    registration = _store(args.subjects)
    params = _g4_params(registration.program)
    times, (product, sql), queries = _race(
        lambda: product_path(registration),
        lambda: sql_path(connection, registration, params),
        args.repeat,
    )
    if product != sql:
        differ = [s for s in sql if product.get(s) != sql[s]][:5]
        raise SystemExit(f"verdicts differ ({len(product)} vs {len(sql)}), e.g. {differ}")
    counts = {v: list(product.values()).count(v) for v in ("pass", "fail", "incomplete")}
    n = len(product)
    best = [min(t) for t in times]
    print(f"verdicts: {counts} (every one of {n:,} candidates equal on both paths)")
    for label, t, q, best_t in zip(
        ("product", "hand-written SQL"), times, queries, best, strict=True
    ):
        runs = ", ".join(f"{x:.3f}" for x in t)
        print(
            f"{label:17} best {best_t:.3f} s ({n / best_t:,.0f} candidates/s), {q} queries; runs: {runs}"
        )
    print(f"ratio product/SQL: {best[0] / best[1]:.2f} (target <= 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
