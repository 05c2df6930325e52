"""Load drill: 100 simulated users for 60 s against app servers on loopback (PostgreSQL in a
throw-away cluster), half signed in, half on the public portal; prints p50/p95/p99 and fails on
any error.

    .venv/bin/python drills/load.py [--users 100] [--seconds 60] [--workers 4]
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import traffic
from common import Cluster, app_env, free_port, manage, prepare_base, server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="dienhinh-load-"))
    prepare_base(base)
    cluster = Cluster(base, "db", free_port())
    try:
        cluster.init_primary()
        cluster.configure(max_connections="200")
        cluster.start()
        cluster.sql("CREATE DATABASE dienhinh")
        env = app_env(base, cluster.url())
        for command in (
            ["migrate", "--no-input"],
            ["createcachetable"],
            ["load_demo"],
            ["collectstatic", "--no-input"],
        ):
            manage(env, *command)
        with server(env, free_port(), workers=args.workers, log=base / "server.log") as url:
            print(f"{args.users} users for {args.seconds} s against {url}")
            results = traffic.run(url, args.users, args.seconds)
        line, errors = traffic.summary(results.records)
        print(line)
        for error in errors[:10]:
            print(f"  error {error.status} {error.path}")
        return 1 if errors or not results.records else 0
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
