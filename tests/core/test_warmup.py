"""The warm-up before serving (`core.warmup`, run by dienhinh.wsgi): what a worker's first
request would otherwise build is built ahead, in both languages."""

import pytest
from django.db import connection
from django.urls import resolvers, reverse
from django.utils import translation

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
    monkeypatch.setattr(
        type(connection._connections["default"]),
        "ensure_connection",
        lambda self: opened.append(self.alias),
    )
    worker_started(serves_on_main_thread=False)
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    worker_started(serves_on_main_thread=True)
    assert opened == []
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    worker_started(serves_on_main_thread=True)
    assert opened == ["default"]
