"""Load before serving what Django and the libraries otherwise load on a worker's first request.

Called by `dienhinh.wsgi` once the application is set up (so never by a management command). With
gunicorn's `--preload` (the Makefile and deploy/gunicorn.conf.py) it runs once in the master and
every worker, restarts included, starts from the loaded copy.
"""

import contextlib
import gc
import importlib
import logging
import time
from concurrent.futures import Executor
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.module_loading import import_string

from dienhinh.core import rehearsal

logger = logging.getLogger(__name__)

# Imported by the pages only when a PDF is made (its import takes about a second).
LIBRARIES = ["weasyprint"]


def warm() -> float:
    """Load the URL patterns, the translation catalogues, the project's templates (compiled into
    the cached loader), the form widgets' templates, the password validators (their list of
    common passwords), the static files' manifest and the document libraries, and what the apps
    keep from the data (`_data`); seconds taken."""
    started = time.perf_counter()
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Sign in")
            _resolvers(resolver)
            for name in _one_name_per_namespace(resolver):
                with contextlib.suppress(NoReverseMatch):  # most need arguments: built all the same
                    reverse(name)
    _templates()
    _widgets()
    _request_machinery()
    password_validation.get_default_password_validators()
    with contextlib.suppress(Exception):  # no manifest (collectstatic not run): pages will say
        staticfiles_storage.url("css/app.css")
    for name in LIBRARIES:
        with contextlib.suppress(ImportError):  # missing: its pages will say so
            importlib.import_module(name)
    _data()
    connections.close_all()  # nothing opened here may be shared with forked workers
    return time.perf_counter() - started


def worker_started(*, serves_on_main_thread: bool) -> float:
    """In a worker just forked from the warmed master (gunicorn's `post_fork`,
    `core.serving`): before it accepts a request, write once to every object the master loaded
    (the list of them takes a reference to each), and open the database connections its
    requests will reuse. Seconds taken.

    A forked worker shares the master's memory until it writes to it, and Python writes to
    every object it merely uses (its reference count): the first request of a new worker
    copied about 4,300 pages (17 MB, some 20 ms, most of what that request cost beyond the
    next) one fault at a time. Copied here, before the first request, at once: the worker then
    holds about 50 MB more of its own (about 70 MB instead of 20) and shares less with the
    master.

    Connections are opened only for a worker that serves its requests on this thread (gunicorn's
    sync worker; a threaded worker's requests each open their own) and only where they outlive
    a request (CONN_MAX_AGE above 0; SQLite's are closed at every request)."""
    started = time.perf_counter()
    # The master froze them (dienhinh.wsgi): gc.get_objects() lists only unfrozen objects.
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    # Each container listed, and what it holds (strings, numbers, code: objects the collector
    # does not track, written to as soon as a request uses them all the same).
    for tracked in gc.get_objects():
        gc.get_referents(tracked)
    if frozen:
        gc.freeze()
    if serves_on_main_thread:
        _connect_all(_lasting())
    return time.perf_counter() - started


def worker_ready(
    handler: WSGIHandler, threads: Executor | None = None, thread_count: int = 1
) -> float:
    """In a worker about to accept requests (gunicorn's `post_worker_init`, `core.serving`),
    after `worker_started`: the rehearsal (`core.rehearsal`), on this thread and its
    connections. A threaded worker (`threads`, its pool of `thread_count` threads; each
    thread opens its own connections) then opens, on each of its threads, the connections that
    outlive a request, looks up every table and plans the rehearsal's statements there, and
    closes this thread's, which serves no request. Seconds taken."""
    started = time.perf_counter()
    answered, statements = rehearsal.rehearse(handler)
    logger.info("rehearsed: %s", ", ".join(f"{path} {status}" for path, status in answered))
    lasting = _lasting()
    if threads is not None:
        connections.close_all()
        if lasting:

            def connect() -> None:
                _connect_all(lasting)
                rehearsal.plan_again([s for s in statements if s[0] in lasting])

            rehearsal.on_each_thread(threads, thread_count, connect)
    else:
        for alias in connections:
            if alias not in lasting:
                connections[alias].close()
    return time.perf_counter() - started


def _lasting() -> list[str]:
    """The databases whose connections outlive a request (CONN_MAX_AGE above 0)."""
    return [a for a in connections if connections[a].settings_dict["CONN_MAX_AGE"] != 0]


def _connect_all(aliases: list[str]) -> None:
    for alias in aliases:
        try:
            _connect(alias)
        except Exception as error:  # noqa: BLE001 - the first request will say
            logger.warning("database %s not connected ahead: %s", alias, error)


def _connect(alias: str) -> None:
    """Open the connection and look up each model's table once by its primary key: a new
    PostgreSQL session reads each table's and index's description from the catalogue the
    first time a query plans on it (a few milliseconds a table on the first request)."""
    connection = connections[alias]
    connection.ensure_connection()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models():
            meta = model._meta
            column = meta.pk.column if meta.pk is not None else None
            if meta.managed and not meta.proxy and column:
                table = quote(meta.db_table)
                cursor.execute(f"SELECT 1 FROM {table} WHERE {quote(column)} IS NULL")  # noqa: S608 - quoted names


def _data() -> None:
    """What the apps compute from the data and keep in the process (the quota boards): each
    app's `warm()`, if it has one. A database not ready yet (not migrated, unreachable) leaves
    it to the first requests."""
    for config in apps.get_app_configs():
        hook = getattr(config, "warm", None)
        if not callable(hook):
            continue
        try:
            hook()
        except Exception as error:  # noqa: BLE001 - never stops the server from starting
            logger.warning("%s not warmed ahead: %s", config.label, error)


def _resolvers(resolver: URLResolver) -> None:
    """The reverse lookups of a resolver and of every resolver included under it (each
    namespace's own, built per language on the first `reverse()` that goes through it)."""
    resolver.reverse_dict  # noqa: B018
    resolver.namespace_dict  # noqa: B018
    resolver.app_dict  # noqa: B018
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _resolvers(pattern)


def _one_name_per_namespace(resolver: URLResolver, prefix: str = "") -> list[str]:
    """A URL name in each namespace ("registrations:dashboard"): `reverse()` builds a resolver per
    namespace and language on its first use, which reading the root's lookups does not."""
    names: list[str] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += _one_name_per_namespace(pattern, inner)
    named = [p.name for p in resolver.url_patterns if isinstance(p, URLPattern) and p.name]
    if prefix and named:
        names.append(prefix + named[0])
    return names


def _templates() -> None:
    package = Path(__file__).resolve().parent.parent
    for engine in engines.all():
        if engine.name != "django":
            continue
        for folder in sorted(package.glob("**/templates")):
            for path in sorted(folder.rglob("*.html")):
                try:
                    engine.get_template(str(path.relative_to(folder)))
                except (TemplateDoesNotExist, TemplateSyntaxError) as error:
                    logger.warning("template not loaded ahead: %s (%s)", path, error)


def _request_machinery() -> None:
    """What each request uses and Django imports or builds on the first: the context
    processors, the session's and the messages' classes, the models' relation tree and the SQL
    compiler (a query compiled, not run)."""
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            engine.engine.template_context_processors  # noqa: B018 - imported on first use
    importlib.import_module(settings.SESSION_ENGINE)
    import_string(settings.SESSION_SERIALIZER)
    import_string(settings.MESSAGE_STORAGE)
    for model in apps.get_models():
        model._meta.related_objects  # noqa: B018 - the relation tree, built on first use
    with contextlib.suppress(Exception):  # a backend that must connect to compile
        user = get_user_model()
        user.objects.filter(pk=0).query.get_compiler(using="default").as_sql()


class _Sample(forms.Form):
    text = forms.CharField()
    number = forms.IntegerField()
    choice = forms.ChoiceField(choices=[("a", "a")])
    flag = forms.BooleanField()
    day = forms.DateField()
    note = forms.CharField(widget=forms.Textarea)
    upload = forms.FileField()
    many = forms.MultipleChoiceField(choices=[("a", "a")], widget=forms.CheckboxSelectMultiple)


def _widgets() -> None:
    str(_Sample())
