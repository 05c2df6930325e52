"""Shared helpers of the drills: throw-away PostgreSQL clusters and app servers on loopback."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
LOOPBACK = "127.0.0.1"


def pg_bindir() -> Path:
    found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
    candidates = [Path(found.stdout.strip())] if found.returncode == 0 else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for directory in candidates:
        if (directory / "postgres").exists() and (directory / "initdb").exists():
            return directory
    sys.exit("PostgreSQL's server programs (initdb, postgres) are needed for this drill.")


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A PostgreSQL server in its own directory, listening on loopback only."""

    def __init__(self, base: Path, name: str, port: int):
        self.dir = base / name
        self.port = port
        self.bin = pg_bindir()
        self.log = base / f"{name}.log"

    def url(self, database: str = "dienhinh") -> str:
        return f"postgres://postgres@{LOOPBACK}:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        subprocess.run(
            as_postgres([str(self.bin / command[0]), *command[1:]]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def init_primary(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.dir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.configure(wal_level="replica", max_wal_senders="5", hot_standby="on")

    def configure(self, **values: str) -> None:
        lines = [
            f"port = {self.port}",
            f"listen_addresses = '{LOOPBACK}'",
            f"unix_socket_directories = '{self.dir}'",
            *(f"{key} = '{value}'" for key, value in values.items()),
        ]
        with (self.dir / "postgresql.conf").open("a") as conf:
            conf.write("\n" + "\n".join(lines) + "\n")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir), "-l", str(self.log), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.dir), "-m", mode, "-w", "stop")

    def sql(self, statement: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [
                str(self.bin / "psql"),
                "-h",
                LOOPBACK,
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-Atc",
                statement,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()


def prepare_base(base: Path) -> None:
    base.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")


def app_env(base: Path, database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DIENHINH_VAR_DIR": str(base / "var"),
        "MEDIA_ROOT": str(base / "media"),
        "STATIC_ROOT": str(base / "static"),
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def server(
    env: dict[str, str], port: int, workers: int = 2, log: Path | None = None
) -> Iterator[str]:
    """gunicorn on a loopback port; yields its base URL once it answers."""
    gunicorn = Path(PYTHON).with_name("gunicorn")
    out = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [
            str(gunicorn),
            "dienhinh.wsgi:application",
            "--bind",
            f"{LOOPBACK}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=ROOT,
        stdout=out,
        stderr=out,
        start_new_session=True,
    )
    base = f"http://{LOOPBACK}:{port}"
    try:
        wait_for(f"{base}/healthz/live")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            sys.exit(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.3)


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
