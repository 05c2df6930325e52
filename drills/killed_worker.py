"""Killed worker drill: an import job's task worker is killed (SIGKILL) in the middle of the
job, twice. The first time the job is queued again (the watcher, `document_jobs`, finds its
heartbeat older than the lease) and a new worker takes it; the second time (attempts used up)
the job page itself fails it with a message for the officer, and its upload is deleted.

    .venv/bin/python drills/killed_worker.py [--rows 4000] [--lease 6]

Loopback only: a throw-away PostgreSQL cluster and one gunicorn server on free loopback ports.
"""

import argparse
import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, ROOT, Cluster, app_env, free_port, manage, prepare_base, server
from hostile_files import GOOD_ROW, Session, _workbook

PROGRAM, UNIT, YEAR = "lai-chau-2533", "LC-SYT", 2026


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """`manage.py db_worker` in a session of its own (so its import sandbox dies with it)."""
    return subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), "db_worker", "--queue-name", "*"],
        env=env,
        cwd=ROOT,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _job(cluster: Cluster, job_id: int) -> tuple[str, int, str, str]:
    row = cluster.sql(
        "SELECT status, attempts, upload, replace(message, E'\\n', ' ') "
        f"FROM documents_documentjob WHERE id = {job_id}",
        database="dienhinh",
    )
    status, attempts, upload, message = row.split("|", 3)
    return status, int(attempts), upload, message


def _kill_while_running(cluster: Cluster, worker: subprocess.Popen, job_id: int) -> bool:
    """SIGKILL the worker as soon as the job is running; False if it ended first."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        status, attempts, _upload, _message = _job(cluster, job_id)
        if status == "running":
            time.sleep(0.5)  # well into the job: parsing in its sandbox
            if _job(cluster, job_id)[0] != "running":
                return False
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
            print(f"  worker {worker.pid} killed (SIGKILL) during attempt {attempts}")
            return True
        if status in ("done", "failed", "review"):
            return False
        time.sleep(0.05)
    return False


def _wait_status(cluster: Cluster, job_id: int, wanted: set[str], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = _job(cluster, job_id)[0]
        if status in wanted:
            return status
        time.sleep(0.2)
    return _job(cluster, job_id)[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4000, help="rows of the imported sheet")
    parser.add_argument("--lease", type=int, default=6, help="JOB_LEASE_SECONDS")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="dienhinh-killed-worker-"))
    prepare_base(base)
    cluster = Cluster(base, "db", free_port())
    workers: list[subprocess.Popen] = []
    try:
        cluster.init_primary()
        cluster.start()
        cluster.sql("CREATE DATABASE dienhinh")
        env = app_env(base, cluster.url(), JOB_LEASE_SECONDS=str(args.lease), JOB_MAX_ATTEMPTS="2")
        for command in (
            ["migrate", "--no-input"],
            ["createcachetable"],
            ["load_demo"],
            ["collectstatic", "--no-input"],
        ):
            manage(env, *command)
        rows = [[str(i + 1), f"Khoa {i + 1}", *GOOD_ROW[2:]] for i in range(args.rows)]
        sheet = _workbook(rows)
        with server(env, free_port(), workers=2, log=base / "server.log") as url:
            session = Session(url)
            session.login("lc.canbo", "dienhinh-demo-2026")
            session.post("/i18n/setlang/", b"language=en", "application/x-www-form-urlencoded")
            path = f"/documents/form/{PROGRAM}/{UNIT}/import/?year={YEAR}"
            status, job_url, _page = session.upload(path, "dang-ky.xlsx", sheet)
            found = re.search(r"/documents/jobs/(\d+)/", job_url)
            if found is None:
                print(f"FAILED: the upload did not start a job ({status})")
                return 1
            job_id = int(found.group(1))
            upload = _job(cluster, job_id)[2]
            upload_file = base / "media" / upload
            print(f"import job {job_id} queued ({args.rows} rows), upload {upload}")

            print("1. the worker is killed mid-job; the watcher queues the job again")
            workers.append(_worker(env, base / "worker.log"))
            if not _kill_while_running(cluster, workers[-1], job_id):
                print("FAILED: the job ended before the worker could be killed (try more --rows)")
                return 1
            time.sleep(args.lease + 1)
            manage(env, "document_jobs")
            status, attempts, _upload, message = _job(cluster, job_id)
            print(f"  after the lease: {status}, attempts {attempts}: {message}")
            if status != "queued" or not upload_file.exists():
                print("FAILED: the job was not queued again with its upload")
                return 1

            print("2. a new worker takes it and is killed too; the job page fails the job")
            workers.append(_worker(env, base / "worker.log"))
            if not _kill_while_running(cluster, workers[-1], job_id):
                print("FAILED: the job ended before the worker could be killed (try more --rows)")
                return 1
            time.sleep(args.lease + 1)
            _status, page = session.get(f"/documents/jobs/{job_id}/progress/")
            shown = html.unescape(re.sub(r"<[^>]+>", " ", page))
            status, attempts, upload_left, message = _job(cluster, job_id)
            print(f"  after the lease: {status}, attempts {attempts}: {message}")
            print(f"  upload on disk: {'still there' if upload_file.exists() else 'deleted'}")
            if status != "failed" or upload_file.exists() or upload_left:
                print("FAILED: the job was not failed with its upload deleted")
                return 1
            if message.split(";")[0] not in " ".join(shown.split()):
                print("FAILED: the job page does not say why the job failed")
                return 1
            # No worker left running the job, none in the queue.
            if _wait_status(cluster, job_id, {"running", "done"}, 3) != "failed":
                print("FAILED: the failed job moved again")
                return 1
        print("killed-worker drill passed: requeued once, then failed with a message, upload gone")
        return 0
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
