"""A worker's rehearsal before it serves (`core.rehearsal`, from `core.warmup.worker_ready`):
the pages answered once as the user who signed in last, nothing written, nothing counted."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.utils import timezone
from prometheus_client import REGISTRY

from dienhinh.core import rehearsal, warmup
from dienhinh.core.models import AuditEntry
from dienhinh.registrations.models import Candidate, Registration


def _sign_in_last(personas, name):
    user = personas[name]
    get_user_model().objects.exclude(pk=user.pk).update(last_login=None)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user


def _counted(view):
    return REGISTRY.get_sample_value(
        "dienhinh_http_requests_total", {"method": "GET", "view": view, "status": "200"}
    )


@pytest.mark.django_db
def test_the_pages_are_answered_as_the_last_signed_in_user_and_nothing_is_kept(personas):
    user = _sign_in_last(personas, "standing")
    before = (
        Session.objects.count(),
        AuditEntry.objects.count(),
        Registration.objects.count(),
        Candidate.objects.count(),
    )
    counted = _counted("registrations:dashboard")
    answered, statements = rehearsal.rehearse(WSGIHandler())
    paths = [path for path, _status in answered]
    assert paths[:2] == ["/accounts/password/change/", "/"]
    assert any(path.startswith("/registrations/quotas/?program=") for path in paths)
    assert all(status == 200 for _path, status in answered), answered
    # Read, not written: the session it signed in with is gone, no sign-in was recorded, and
    # the metrics count no request.
    after = (
        Session.objects.count(),
        AuditEntry.objects.count(),
        Registration.objects.count(),
        Candidate.objects.count(),
    )
    assert after == before
    user.refresh_from_db()
    assert get_user_model().objects.get(pk=user.pk).last_login == user.last_login
    assert _counted("registrations:dashboard") == counted
    # What it read can be planned again on another connection (a threaded worker's).
    assert statements
    assert all(sql.lstrip().upper().startswith("SELECT") for _alias, sql, _params in statements)
    assert rehearsal.plan_again(statements) == len(statements)


@pytest.mark.django_db
def test_no_one_signed_in_yet_no_rehearsal():
    get_user_model().objects.update(last_login=None)
    answered, _statements = rehearsal.rehearse(WSGIHandler())
    assert answered == []


def test_a_database_out_of_reach_stops_the_rehearsal_not_the_worker():
    """Outside `django_db` every query fails here, as on a database not reachable yet."""
    assert rehearsal.rehearse(WSGIHandler()) == ([], [])


@pytest.mark.django_db
def test_the_rehearsal_runs_in_its_own_transaction_left_as_it_was(personas):
    _sign_in_last(personas, "officer_a")
    depth = len(connection.savepoint_ids)
    rehearsal.rehearse(WSGIHandler())
    assert connection.in_atomic_block
    assert len(connection.savepoint_ids) == depth
    assert not connection.needs_rollback


def test_a_task_runs_once_on_each_thread_of_the_pool():
    seen = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        ran = rehearsal.on_each_thread(pool, 4, lambda: seen.append(threading.get_ident()))
    assert ran == 4
    assert len(set(seen)) == 4


def test_a_threaded_worker_connects_ahead_on_each_of_its_threads(monkeypatch):
    """`worker_ready`: each thread of a threaded worker opens its own lasting connection and
    plans the rehearsal's statements on it; a sync worker keeps the one it rehearsed on."""
    statements = [("default", "SELECT 1", None)]
    monkeypatch.setattr(rehearsal, "rehearse", lambda handler: ([], statements))
    connected, planned = [], []
    monkeypatch.setattr(
        warmup, "_connect", lambda alias: connected.append((alias, threading.get_ident()))
    )
    monkeypatch.setattr(
        rehearsal, "plan_again", lambda given: planned.append((given, threading.get_ident()))
    )
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    with ThreadPoolExecutor(max_workers=3) as pool:
        warmup.worker_ready(WSGIHandler(), pool, 3)
    assert len({ident for _alias, ident in connected}) == 3
    assert {alias for alias, _ident in connected} == {"default"}
    assert [given for given, _ident in planned] == [statements] * 3
    assert threading.get_ident() not in {ident for _alias, ident in connected}

    connected.clear()
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    with ThreadPoolExecutor(max_workers=3) as pool:
        warmup.worker_ready(WSGIHandler(), pool, 3)
    assert connected == []  # closed at every request: nothing to open ahead
