"""The replica router: public portal pages read from the replica, everything else the primary."""

import pytest
from django.test import RequestFactory
from django.urls import resolve

from dienhinh.core.dbrouter import ReplicaReadsMiddleware, ReplicaRouter
from dienhinh.core.models import User
from dienhinh.portal.models import Story
from dienhinh.registrations.models import Candidate


def _reads_during(method, path):
    """What the router answers for a few models while the middleware handles the request."""
    seen = {}

    def view(request):
        router = ReplicaRouter()
        for model in (Story, Candidate, User):
            seen[model.__name__] = router.db_for_read(model)
        from django.http import HttpResponse

        return HttpResponse()

    middleware = ReplicaReadsMiddleware(lambda request: view(request))
    middleware.enabled = True
    request = getattr(RequestFactory(), method)(path)
    request.resolver_match = resolve(path)

    def handle(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware.get_response = handle
    middleware(request)
    return seen


def test_public_portal_pages_read_from_the_replica():
    seen = _reads_during("get", "/portal/exemplars/")
    assert seen == {"Story": "replica", "Candidate": "replica", "User": None}


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/portal/exemplars/"), ("get", "/portal/publicity/"), ("get", "/registrations/")],
)
def test_other_requests_read_from_the_primary(method, path):
    assert set(_reads_during(method, path).values()) == {None}


def test_writes_and_migrations_stay_on_the_primary():
    router = ReplicaRouter()
    assert router.db_for_write(Story) == "default"
    assert router.allow_migrate("replica", "portal") is False
    assert router.allow_migrate("default", "portal") is True
