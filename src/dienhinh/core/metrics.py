"""Prometheus metrics: requests and their latency, sign-in failures (counted in each process and
summed across processes when PROMETHEUS_MULTIPROC_DIR is set), and the task queue's depth, age
and failed jobs (read from the database at each scrape)."""

import time
from collections.abc import Callable

from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import Counter, Histogram

from dienhinh.core.rehearsal import REHEARSAL

REQUESTS = Counter(
    "dienhinh_http_requests",
    "HTTP requests answered, by method, view and status code",
    ["method", "view", "status"],
)
LATENCY = Histogram(
    "dienhinh_http_request_duration_seconds",
    "Time to answer an HTTP request, by method and view",
    ["method", "view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SIGNIN_FAILURES = Counter("dienhinh_signin_failures", "Sign-in attempts refused or failed")


class MetricsMiddleware:
    """Counts and times each request under its view's name (never its path: bounded labels)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get(REHEARSAL):  # a worker's rehearsal before it serves: no one's request
            return self.get_response(request)
        start = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unmatched"
        LATENCY.labels(request.method, view).observe(time.perf_counter() - start)
        REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        return response


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def queue_lines() -> list[str]:
    """The task queue as Prometheus text: ready jobs and the oldest one's age, failed jobs."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    ready = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .values("queue_name")
        .annotate(n=Count("id"), oldest=Min("enqueued_at"))
    )
    failed = (
        DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
        .values("queue_name")
        .annotate(n=Count("id"))
    )
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
    lines = [
        "# HELP dienhinh_task_queue_depth Jobs waiting to run, by queue",
        "# TYPE dienhinh_task_queue_depth gauge",
    ]
    ages = [
        "# HELP dienhinh_task_queue_oldest_age_seconds Age of the oldest waiting job, by queue",
        "# TYPE dienhinh_task_queue_oldest_age_seconds gauge",
    ]
    for row in ready:
        queue = _escape(row["queue_name"])
        lines.append(f'dienhinh_task_queue_depth{{queue="{queue}"}} {row["n"]}')
        age = (now - row["oldest"]).total_seconds()
        ages.append(f'dienhinh_task_queue_oldest_age_seconds{{queue="{queue}"}} {age:.3f}')
    lines += ages
    lines += [
        "# HELP dienhinh_tasks_failed Jobs that ended in failure and are kept, by queue",
        "# TYPE dienhinh_tasks_failed gauge",
    ]
    for failed_row in failed:
        queue = _escape(failed_row["queue_name"])
        lines.append(f'dienhinh_tasks_failed{{queue="{queue}"}} {failed_row["n"]}')
    lines += [
        "# HELP dienhinh_tasks_running Jobs being run by a worker",
        "# TYPE dienhinh_tasks_running gauge",
        f"dienhinh_tasks_running {running}",
    ]
    return lines
