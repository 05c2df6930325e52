"""Run a parser in a forked child under limits the operating system enforces.

The child gets an address-space limit (RLIMIT_AS: its size at the fork plus a budget), a CPU-time
limit (RLIMIT_CPU) and a lower scheduling priority; the parent kills it at a wall-clock deadline.
Whatever a hostile file makes the parser do, it happens in the child: the worker that started it
records a clear message and goes on. The child never touches the database (its connections are
the parent's): it gets plain data and returns plain data through a pipe.
"""

import contextlib
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 512
    cpu_seconds: int = 30
    wall_seconds: int = 60

    @classmethod
    def from_settings(cls) -> "Limits":
        config = settings.DIENHINH
        return cls(
            memory_mb=int(config.get("IMPORT_MEMORY_MB", cls.memory_mb)),
            cpu_seconds=int(config.get("IMPORT_CPU_SECONDS", cls.cpu_seconds)),
            wall_seconds=int(config.get("IMPORT_WALL_SECONDS", cls.wall_seconds)),
        )


class LimitExceeded(Exception):
    """The child ran out of memory or time, or died; `message` says which, for the user."""

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(kind)

    @property
    def message(self) -> str:
        if self.kind == "memory":
            return _("Reading the file needed more memory than any form needs; it was refused.")
        if self.kind in ("cpu", "time"):
            return _("Reading the file took longer than any form takes; it was refused.")
        return _("The file could not be read: the reader stopped on it. It was refused.")


def _address_space() -> int:
    """The process's current virtual size in bytes (0 where /proc is not available)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(conn, fn, args, limits: Limits) -> None:
    try:
        os.nice(5)
        size = _address_space()
        if size:
            memory = size + limits.memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 2))
        result = fn(*args, progress=lambda percent: conn.send(("progress", percent)))
        conn.send(("result", result))
    except MemoryError:
        conn.send(("limit", "memory"))
    except BaseException as exc:  # noqa: BLE001 - any failure is reported to the parent
        with contextlib.suppress(BaseException):  # else the parent sees the child die
            conn.send(("error", f"{type(exc).__name__}: {exc}"[:500]))
    finally:
        conn.close()
        os._exit(0)  # no atexit handlers, no closing of the parent's database connections


def run(
    fn: Callable,
    *args,
    limits: Limits,
    on_progress: Callable[[int], None] | None = None,
    on_tick: Callable[[], None] | None = None,
    tick_seconds: float = 5.0,
):
    """fn(*args, progress=callable) in a child under `limits`; its result, or LimitExceeded.

    on_progress gets the percentages the child reports; on_tick is called every tick_seconds
    while the child runs (a heartbeat). An exception inside fn raises RuntimeError here.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args, limits), daemon=True)
    process.start()
    sender.close()
    deadline = time.monotonic() + limits.wall_seconds
    last_tick = time.monotonic()
    try:
        while True:
            if receiver.poll(0.25):
                try:
                    kind, payload = receiver.recv()
                except (EOFError, OSError):
                    break  # the child died without an answer
                if kind == "progress":
                    if on_progress is not None:
                        on_progress(payload)
                    continue
                if kind == "result":
                    return payload
                if kind == "limit":
                    raise LimitExceeded(payload)
                raise RuntimeError(payload)
            now = time.monotonic()
            if now > deadline:
                raise LimitExceeded("time")
            if on_tick is not None and now - last_tick >= tick_seconds:
                on_tick()
                last_tick = now
            if not process.is_alive() and not receiver.poll():
                break
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if process.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise LimitExceeded("cpu")
    raise LimitExceeded("crash")
