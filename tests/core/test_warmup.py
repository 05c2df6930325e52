"""The warm-up before serving (`core.warmup`, run by dienhinh.wsgi): what a worker's first
request would otherwise build is built ahead, in both languages."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolvers, reverse
from django.utils import translation

from dienhinh.core import warmup
from dienhinh.core.warmup import warm, worker_started


def test_after_the_warm_up_no_url_lookup_is_built_on_a_request(monkeypatch):
    warm()
    built = []
    populate = resolvers.URLResolver._populate

    def spy(self):
        built.append(self)
        return populate(self)

    monkeypatch.setattr(resolvers.URLResolver, "_populate", spy)
    for language in ("vi", "en"):
        with translation.override(language):
            reverse("registrations:dashboard")
            reverse("registrations:candidate_detail", kwargs={"pk": 1})
            reverse("orgs:list")
    assert built == []


@pytest.mark.django_db
def test_a_forked_sync_worker_opens_its_lasting_connection_ahead(monkeypatch):
    """`worker_started` (gunicorn's post_fork, core.serving) connects ahead where a connection
    outlives a request and the worker serves on its own thread; otherwise it opens none."""
    opened = []
    monkeypatch.setattr(warmup, "_connect", opened.append)
    worker_started(serves_on_main_thread=False)
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    worker_started(serves_on_main_thread=True)
    assert opened == []
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    worker_started(serves_on_main_thread=True)
    assert opened == ["default"]


@pytest.mark.django_db
def test_connecting_ahead_looks_up_every_models_table():
    """The look-ups `_connect` makes (one per managed model's table) are valid on this
    database: a table missing or renamed would stop the warm-up here, not in a worker."""
    with CaptureQueriesContext(connection) as queries:
        warmup._connect("default")
    assert len(queries) == sum(
        1 for m in apps.get_models() if m._meta.managed and not m._meta.proxy
    )
