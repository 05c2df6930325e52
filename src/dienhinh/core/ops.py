"""Endpoints for the operator: liveness, readiness, and the metrics only the operator reaches."""

import hmac
import ipaddress
import os

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess

from dienhinh.core.metrics import queue_lines


@never_cache
@require_GET
def live(request: HttpRequest) -> HttpResponse:
    """The process answers (nothing else is checked: a database outage must not restart it)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def ready(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database answers, every migration is applied, the cache works."""
    checks: dict[str, str] = {}
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        plan = MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
        checks["migrations"] = "ok" if not plan else f"{len(plan)} not applied"
        cache.get("dienhinh-ready")
        checks["cache"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        checks["error"] = type(error).__name__
    status = 200 if all(value == "ok" for value in checks.values()) else 503
    return JsonResponse(checks, status=status)


def _operator(request: HttpRequest) -> bool:
    """With METRICS_TOKEN set, the bearer of it; without, a request made on this machine
    directly (from loopback and not forwarded by the reverse proxy)."""
    token = settings.METRICS_TOKEN
    if token:
        given = str(request.META.get("HTTP_AUTHORIZATION", ""))
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        return ipaddress.ip_address(str(request.META.get("REMOTE_ADDR", ""))).is_loopback
    except ValueError:
        return False


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _operator(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    body = generate_latest(registry).decode() + "\n".join(queue_lines()) + "\n"
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")
