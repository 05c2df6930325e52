"""gunicorn settings for one application server of dienhinh (see deploy/README.md)."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WORKERS", "3"))
threads = int(os.environ.get("THREADS", "2"))
# The application is loaded and warmed (dienhinh.wsgi, core.warmup) once in the master: every
# worker, a restarted one too, answers its first request as fast as the next.
preload_app = True
# Each worker makes its copy of the warmed application its own, then answers the pages people
# open most once (a rehearsal, nothing kept) and connects each of its threads, before its first
# request.
from dienhinh.core.serving import post_fork, post_worker_init  # noqa: E402, F401
timeout = 60
graceful_timeout = 30
# Restart workers now and then so that no slow leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Only the reverse proxy on this host may set X-Forwarded-Proto / X-Forwarded-For.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss id=%({x-request-id}o)s'


def child_exit(server, worker):
    """A worker's metrics files are merged into the dead-process totals when it exits."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
