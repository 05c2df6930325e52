"""gunicorn's hook for a worker just forked from the loaded application (`--preload`).

Given to gunicorn as a configuration module (`--config python:dienhinh.core.serving`, as `make
run` and bench/pages.py start it) or imported by deploy/gunicorn.conf.py. Nothing here may
import Django at module level: gunicorn reads this module before it loads the application.
"""


def post_fork(server: object, worker: object) -> None:
    """Make the worker's copy of the application its own before it accepts a request
    (`core.warmup.worker_started`)."""
    from gunicorn.workers.sync import SyncWorker

    from dienhinh.core.warmup import worker_started

    worker_started(serves_on_main_thread=isinstance(worker, SyncWorker))


def post_worker_init(worker: object) -> None:
    """The worker's rehearsal before it accepts a request, and a threaded worker's connections
    opened on each of its threads (`core.warmup.worker_ready`)."""
    import os

    if os.environ.get("DIENHINH_WARMUP", "1") == "0":
        return
    from dienhinh.core.warmup import worker_ready

    threads = getattr(worker, "tpool", None)
    worker_ready(worker.wsgi, threads, worker.cfg.threads)  # type: ignore[attr-defined]
