"""Database restart drill: PostgreSQL is restarted while simulated users work; requests made
during the restart may fail, but none after the database is back (connections are checked
before reuse, CONN_HEALTH_CHECKS).

    .venv/bin/python drills/db_restart.py [--users 30] [--seconds 40]
"""

import argparse
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import traffic
from common import Cluster, app_env, free_port, manage, prepare_base, server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=40)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="dienhinh-restart-"))
    prepare_base(base)
    cluster = Cluster(base, "db", free_port())
    try:
        cluster.init_primary()
        cluster.start()
        cluster.sql("CREATE DATABASE dienhinh")
        env = app_env(base, cluster.url(), CONN_MAX_AGE="600")
        for command in (
            ["migrate", "--no-input"],
            ["createcachetable"],
            ["load_demo"],
            ["collectstatic", "--no-input"],
        ):
            manage(env, *command)
        with server(env, free_port(), workers=2, log=base / "server.log") as url:
            results = traffic.Results()
            load = threading.Thread(
                target=traffic.run, args=(url, args.users, args.seconds, results)
            )
            load.start()
            time.sleep(args.seconds / 3)
            down = time.monotonic()
            print("restarting PostgreSQL under load…")
            cluster.stop("fast")
            cluster.start()
            back = time.monotonic()
            print(f"PostgreSQL was down {back - down:.1f} s")
            load.join()
        before = [r for r in results.records if r.started + r.seconds < down]
        during = [r for r in results.records if r.started < back and r not in before]
        after = [r for r in results.records if r.started >= back]
        for name, records in (("before", before), ("during", during), ("after", after)):
            line, _errors = traffic.summary(records)
            print(f"{name:7} the restart: {line}")
        failed_after = [r for r in after if not 200 <= r.status < 400]
        failed_before = [r for r in before if not 200 <= r.status < 400]
        if failed_after or failed_before or not after:
            print("FAILED: requests failed outside the restart")
            return 1
        print("restart drill passed: no failed request after the database was back")
        return 0
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
