"""Reads of the public pages from a streaming replica (DATABASE_REPLICA_URL), the rest from the
primary. Only GET and HEAD requests of the views in REPLICA_VIEWS read from the replica; users,
sessions, the audit trail, the cache and the task queue are always read from the primary, where
they were just written."""

import contextvars
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
# Apps whose rows a request may have just written (sign-in, session, cache): primary only.
PRIMARY_ONLY_APPS = frozenset({"core", "sessions", "auth", "django_cache", "django_tasks_database"})
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if _use_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks the request's reads for the replica when its view is a public, read-only one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = REPLICA in connections.settings

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _use_replica.set(False)
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        match = request.resolver_match
        if (
            self.enabled
            and request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.REPLICA_VIEWS
        ):
            _use_replica.set(True)
