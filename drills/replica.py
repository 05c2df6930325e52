"""Replica drill: a PostgreSQL primary and a streaming replica on loopback ports; one app server
reads the public portal from the replica (DATABASE_REPLICA_URL) and the rest from the primary,
another reads everything from the primary; the portal's pages must agree, the replica must have
served them, and a change on the primary must reach the replica's readers.

    .venv/bin/python drills/replica.py [--stories 300]

Needs PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup); touches nothing outside a
temporary directory and loopback ports.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    PYTHON,
    ROOT,
    Cluster,
    app_env,
    as_postgres,
    free_port,
    get,
    prepare_base,
    server,
)

POPULATE = (
    "import random, sys; sys.path.insert(0, 'bench'); from search import populate; "
    "populate({n}, random.Random(1))"
)
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')


def _plain(body: bytes, base: str) -> bytes:
    """The page without what differs between two servers: their address, the CSRF token."""
    host = base.removeprefix("http://").encode()
    return TOKEN.sub(b"", body).replace(host, b"SERVER")


def caught_up(primary: Cluster, replica: Cluster, timeout: float = 120) -> None:
    target = primary.sql("SELECT pg_current_wal_lsn()")
    deadline = time.monotonic() + timeout
    while replica.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") != "t":
        if time.monotonic() > deadline:
            sys.exit("the replica did not catch up")
        time.sleep(0.2)


def portal_urls(base: str) -> list[str]:
    urls = [
        "/portal/",
        "/portal/exemplars/",
        "/portal/programs/lai-chau-2533/",
        "/portal/exemplars/?q=nguyen",
        "/portal/exemplars/?page=2",
        "/portal/sitemap.xml",
        "/portal/feeds/programs/lai-chau-2533/",
        "/portal/province/LC/",
    ]
    _status, listing = get(base + "/portal/exemplars/")
    ids = sorted({int(m) for m in re.findall(rb"/portal/exemplars/(\d+)/", listing)})[:10]
    urls += [f"/portal/exemplars/{pk}/" for pk in ids]
    return urls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=300)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="dienhinh-replica-"))
    prepare_base(base)
    primary = Cluster(base, "primary", free_port())
    replica = Cluster(base, "replica", free_port())
    failures = []
    try:
        primary.init_primary()
        primary.start()
        primary.sql("CREATE DATABASE dienhinh")
        print(f"primary on 127.0.0.1:{primary.port}; loading demo data and {args.stories} stories")
        env = app_env(base, primary.url())
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "shell", "-c", POPULATE.format(n=args.stories)],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            as_postgres(
                [
                    str(primary.bin / "pg_basebackup"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(primary.port),
                    "-U",
                    "postgres",
                    "-D",
                    str(replica.dir),
                    "-R",
                    "-X",
                    "stream",
                ]
            ),
            check=True,
        )
        replica.configure()
        replica.start()
        caught_up(primary, replica)
        print(
            f"replica on 127.0.0.1:{replica.port}: streaming "
            f"({replica.sql('SELECT pg_is_in_recovery()')} in recovery)"
        )
        split_env = app_env(base, primary.url(), DATABASE_REPLICA_URL=replica.url())
        with (
            server(split_env, free_port(), log=base / "split.log") as split,
            server(env, free_port(), log=base / "single.log") as single,
        ):
            urls = portal_urls(single)
            for url in urls:
                a_status, a_body = get(split + url)
                b_status, b_body = get(single + url)
                a_body = _plain(a_body, split)
                b_body = _plain(b_body, single)
                same = a_status == b_status and a_body == b_body
                print(f"  {'same' if same else 'DIFFERENT':9} {a_status} {url}")
                if not same:
                    at = next(
                        i
                        for i, (x, y) in enumerate(zip(a_body, b_body + b" ", strict=False))
                        if x != y
                    )
                    print(f"    {a_body[at - 60 : at + 60]!r}\n    {b_body[at - 60 : at + 60]!r}")
                if not same or a_status != 200:
                    failures.append(url)
            sessions = replica.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'dienhinh'"
            )
            print(f"connections of the app servers on the replica: {sessions}")
            if int(sessions) == 0:
                failures.append("the replica served no reads")
            # A signed-in page reads the primary only: the replica is read-only anyway.
            status, _body = get(split + "/accounts/login/")
            if status != 200:
                failures.append("/accounts/login/ on the split server")
            # A change on the primary reaches the portal read from the replica.
            pk = primary.sql(
                "SELECT exemplar_id FROM portal_story WHERE is_published ORDER BY id LIMIT 1",
                "dienhinh",
            )
            primary.sql(
                f"UPDATE portal_story SET title = 'Bản tin thử bản sao' WHERE exemplar_id = {pk}",
                "dienhinh",
            )
            caught_up(primary, replica)
            _status, body = get(f"{split}/portal/exemplars/{pk}/")
            fresh = "Bản tin thử bản sao".encode() in body
            print(f"a change on the primary read through the replica: {'yes' if fresh else 'NO'}")
            if not fresh:
                failures.append("the change did not reach the replica's readers")
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(base, ignore_errors=True)
    if failures:
        print(f"FAILED: {', '.join(failures)}")
        return 1
    print(f"replica drill passed: {len(urls)} portal pages agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
