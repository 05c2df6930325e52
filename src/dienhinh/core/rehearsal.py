"""A worker's rehearsal: the pages people open most, answered once inside the worker before it
accepts a request, and thrown away (`core.warmup.worker_ready`, from gunicorn's
`post_worker_init` in `core.serving`).

What the master's warm-up (`core.warmup.warm`) cannot load is what only a request's own code
path does the first time in a process or on a database connection: a new PostgreSQL session reads
the catalogue entries and the column statistics of each table, index, function and operator the
first time it plans a query on them (several milliseconds a table), and the first call of many a
code path builds what it keeps (the list totals kept in the process, regular expressions, the
templates' first rendering). The rehearsal goes through that once, signed in as the user who
signed in last, and writes nothing: its session and whatever the pages would write are in one
transaction that is always rolled back, and its requests are not counted in the metrics.

A threaded worker (gthread) serves on threads that each open their own connection: the SELECT
statements the rehearsal read are planned again (EXPLAIN, nothing run) on each of them.
"""

import contextlib
import io
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections, transaction
from django.urls import reverse

logger = logging.getLogger(__name__)

# Set in a rehearsal request's environ (MetricsMiddleware does not count such a request).
REHEARSAL = "dienhinh.rehearsal"
# (alias, sql, params) of a statement read during the rehearsal.
Statement = tuple[str, str, Any]


def paths(user: Any) -> list[str]:
    """The pages rehearsed for `user`: the signed-in trivial view and home page, then each app's
    own (`rehearsal_paths(user)` on its AppConfig, if it has one)."""
    found = [reverse("password_change"), reverse("home")]
    for config in apps.get_app_configs():
        hook = getattr(config, "rehearsal_paths", None)
        if callable(hook):
            found += hook(user)
    return found


def rehearse(handler: WSGIHandler) -> tuple[list[tuple[str, int]], list[Statement]]:
    """Each of `paths()` answered once through `handler` as the user who signed in last, in a
    transaction rolled back at the end: ((path, status) of each page, the SELECT statements
    read). Nothing when no one has signed in yet; a database not ready (not migrated,
    unreachable) or a page that fails ends the rehearsal, never the worker."""
    answered: list[tuple[str, int]] = []
    statements: dict[tuple[str, str], Statement] = {}
    try:
        with _request_signals_off(), transaction.atomic(), _capture(statements):
            try:
                user = _last_signed_in()
                if user is not None:
                    session = _session(user)
                    try:
                        for path in paths(user):
                            answered.append((path, _get(handler, path, session.session_key)))
                    finally:
                        session.delete()  # rolled back too: gone whatever the engine
            finally:
                transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - the first requests will say
        logger.warning("rehearsal stopped: %s", error)
    return answered, list(statements.values())


def plan_again(statements: list[Statement]) -> int:
    """On this thread's connections, plan each statement once (EXPLAIN: run nothing), so that
    the session has read what the rehearsal's did; the statements planned."""
    planned = 0
    for alias, sql, params in statements:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute(f"EXPLAIN {sql}", params)
            planned += 1
        except Exception as error:  # noqa: BLE001 - the first request on this thread will say
            logger.warning("statement not planned ahead: %s", error)
    return planned


def on_each_thread(executor: Executor, threads: int, task: Callable[[], object]) -> int:
    """`task()` once on each of the `threads` threads of `executor` (a thread pool that starts a
    thread per task while none is idle: every task waits until all have started); the number
    of threads it ran on."""
    barrier = threading.Barrier(threads)
    ran = set()

    def once() -> None:
        try:
            barrier.wait(timeout=30)
        except threading.BrokenBarrierError:
            return
        ran.add(threading.get_ident())
        task()

    for future in [executor.submit(once) for _ in range(threads)]:
        future.result()
    return len(ran)


def _last_signed_in() -> Any:
    model = get_user_model()
    return (
        model.objects.filter(is_active=True, last_login__isnull=False)
        .order_by("-last_login")
        .first()
    )


def _session(user: Any) -> Any:
    """A session signed in as `user` (as a sign-in makes it, with no sign-in recorded), saved in
    the rehearsal's transaction."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store


def _get(handler: WSGIHandler, path: str, cookie: str) -> int:
    """GET `path` through the handler's middleware and view, in a savepoint of its own."""
    host = _host()
    secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
    path_info, _, query = path.partition("?")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={cookie}",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        REHEARSAL: True,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:  # behind the proxy, as the proxy sends them
        environ[proxy_header[0]] = proxy_header[1]
        secure = True
    environ["wsgi.url_scheme"] = "https" if secure else "http"
    environ["SERVER_PORT"] = "443" if secure else "80"
    with transaction.atomic():
        response = handler.get_response(WSGIRequest(environ))
        if getattr(response, "streaming", False):
            b"".join(response)
    return int(response.status_code)


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"


@contextlib.contextmanager
def _request_signals_off() -> Iterator[None]:
    """As Django's test client: a request's start and end would close this thread's
    connections (and with them the rehearsal's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@contextlib.contextmanager
def _capture(statements: dict[tuple[str, str], Statement]) -> Iterator[None]:
    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        alias = context["connection"].alias
        if not many and sql.lstrip()[:6].upper() == "SELECT":
            statements.setdefault((alias, sql), (alias, sql, params))
        return execute(sql, params, many, context)

    with contextlib.ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(wrapper))
        yield
