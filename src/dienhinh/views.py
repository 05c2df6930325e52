"""Pages that belong to no single app: the signed-in home page, health, errors."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dienhinh.orgs import queries


@login_required
def home(request):
    own = queries.memberships(request.user)
    return render(
        request, "home.html", {"memberships": own, "roles": queries.roles_of(request.user)}
    )


@require_GET
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "404.html", status=404)
