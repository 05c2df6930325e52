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
