"""Operator endpoints: liveness and readiness apart, metrics only for the operator, request ids."""

import json
import logging

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dienhinh.core.logs import JsonFormatter, RequestIdFilter, RequestIdMiddleware
from dienhinh.views import server_error


def test_liveness_does_not_touch_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200 and response.content == b"ok"


def test_readiness_checks_database_migrations_and_cache(client, db):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "migrations": "ok", "cache": "ok"}


def test_metrics_from_this_machine(client, db):
    client.post("/accounts/login/", {"username": "lc.canbo", "password": "sai"})
    client.get("/healthz/live")
    # The demo's e-mails and webhook deliveries waiting for a worker, and one more job.
    waiting = DBTaskResult.objects.filter(status="READY", queue_name="default").count()
    DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="dienhinh.documents.tasks.x",
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    body = client.get("/metrics").content.decode()
    assert 'dienhinh_http_requests_total{method="GET",status="200",view="live"}' in body
    assert "dienhinh_http_request_duration_seconds_bucket" in body
    assert "dienhinh_signin_failures_total" in body
    assert f'dienhinh_task_queue_depth{{queue="default"}} {waiting + 1}' in body
    assert 'dienhinh_task_queue_oldest_age_seconds{queue="default"}' in body
    assert "dienhinh_tasks_running 0" in body


@pytest.mark.parametrize(
    "meta",
    [
        {"REMOTE_ADDR": "203.0.113.5"},
        # Through the reverse proxy on the same machine: forwarded, so not the operator.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"},
    ],
)
def test_metrics_hidden_from_everyone_else(db, meta):
    assert Client(**meta).get("/metrics").status_code == 404


def test_metrics_with_a_token(db, settings):
    settings.METRICS_TOKEN = "dai-va-bi-mat-2026"
    remote = {"REMOTE_ADDR": "10.1.2.3"}
    assert Client(**remote).get("/metrics").status_code == 404
    wrong = Client(**remote, HTTP_AUTHORIZATION="Bearer sai")
    assert wrong.get("/metrics").status_code == 404
    right = Client(**remote, HTTP_AUTHORIZATION="Bearer dai-va-bi-mat-2026")
    assert right.get("/metrics").status_code == 200
    # With a token, loopback alone is not enough.
    assert Client().get("/metrics").status_code == 404


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz/live")["X-Request-ID"]
    second = client.get("/healthz/live")["X-Request-ID"]
    assert len(first) == 32 and first != second
    kept = client.get("/healthz/live", headers={"X-Request-ID": "proxy-abc-12345"})
    assert kept["X-Request-ID"] == "proxy-abc-12345"
    replaced = client.get("/healthz/live", headers={"X-Request-ID": "<script>"})
    assert replaced["X-Request-ID"] != "<script>"


def test_the_error_page_shows_the_request_id(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = RequestIdMiddleware(server_error)(request)
    assert response.status_code == 500
    assert response["X-Request-ID"] in response.content.decode()


def test_log_lines_are_json_with_the_request_id():
    record = logging.LogRecord(
        "dienhinh.x", logging.WARNING, __file__, 1, "xin %s", ("chào",), None
    )
    record.address = "10.0.0.1"
    record.request_id = "abc12345"
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "xin chào" and line["level"] == "WARNING"
    assert line["request_id"] == "abc12345" and line["address"] == "10.0.0.1"
