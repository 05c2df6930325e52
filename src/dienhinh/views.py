"""Pages that belong to no single app: the signed-in home page, health, errors."""

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import i18n
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.logs import current_request_id
from dienhinh.honours import permissions as honour_permissions
from dienhinh.honours.enums import SessionStatus
from dienhinh.honours.models import VoteSession
from dienhinh.orgs import queries
from dienhinh.programs.domain.timing import distance
from dienhinh.programs.queries import programs_for
from dienhinh.registrations import permissions as registration_permissions
from dienhinh.registrations.domain import queries as registration_queries
from dienhinh.registrations.enums import RegistrationStatus


def _tasks(user) -> list[dict]:
    """What is waiting for this user, by role: one counting query per kind of work."""
    tasks = []
    by_status = dict(
        registration_queries.registrations(user)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    registrations = reverse("registrations:registration_list")
    if registration_permissions.may_move_somewhere(user, "request_approval"):
        for status, label in (
            (RegistrationStatus.RETURNED, _("Registrations returned to you for correction")),
            (RegistrationStatus.DRAFT, _("Draft registrations not yet sent for approval")),
        ):
            tasks.append(
                {
                    "label": label,
                    "count": by_status.get(status, 0),
                    "url": f"{registrations}?status={status}",
                }
            )
    if registration_permissions.may_move_somewhere(user, "approve"):
        status = RegistrationStatus.AWAITING_APPROVAL
        tasks.append(
            {
                "label": _("Registrations awaiting your approval"),
                "count": by_status.get(status, 0),
                "url": f"{registrations}?status={status}",
            }
        )
    if registration_permissions.may_move_somewhere(user, "accept"):
        status = RegistrationStatus.SUBMITTED
        tasks.append(
            {
                "label": _("Submitted registrations to accept or return"),
                "count": by_status.get(status, 0),
                "url": f"{registrations}?status={status}",
            }
        )
    if honour_permissions.is_voter(user):
        councils = honour_permissions.council_ids(user)
        open_sessions = VoteSession.objects.filter(
            Q(council_id__in=councils), status=SessionStatus.OPEN
        ).count()
        tasks.append(
            {
                "label": _("Open council votes"),
                "count": open_sessions,
                "url": reverse("honours:vote_list"),
            }
        )
    return tasks


def _programs_with_next_milestone(user, today):
    """The user's programs with their next dated milestone (or the last one, if all are past)."""
    rows = []
    for program in programs_for(user).prefetch_related("milestones"):
        dated = sorted(
            (m for m in program.milestones.all() if m.due_date), key=lambda m: m.due_date
        )
        upcoming = [m for m in dated if m.due_date >= today]
        milestone = upcoming[0] if upcoming else (dated[-1] if dated else None)
        rows.append(
            {
                "program": program,
                "milestone": milestone,
                "distance": distance(milestone.due_date, today) if milestone else "",
                "past": not upcoming,
            }
        )
    return rows


def home(request):
    # An anonymous visitor lands on the public portal (its header has the sign-in link).
    if not request.user.is_authenticated:
        return redirect("portal:home")
    roles = queries.roles_of(request.user)
    return render(
        request,
        "home.html",
        {
            "memberships": queries.memberships(request.user),
            "roles": roles,
            "tasks": _tasks(request.user),
            "programs": _programs_with_next_milestone(request.user, timezone.localdate()),
        },
    )


@require_GET
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # The request id lets the operator find this error's log lines from the user's report.
    return render(request, "500.html", {"request_id": current_request_id()}, status=500)


def permission_denied(request, exception=None):
    """Django's PermissionDenied: the user sees the page but may not do this (403)."""
    message = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


@require_POST
def set_language(request):
    """The language switch: Django's own, and a signed-in user's e-mails follow the choice."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and language != user.language:
        user.language = language
        user.save(update_fields=["language"])
    return response


def privacy(request):
    """The privacy notice (Law 91/2025/QH15), in Vietnamese or English: public."""
    return render(
        request,
        "privacy/notice.html",
        {
            "contact": settings.DIENHINH.get("PRIVACY_CONTACT", ""),
            "retention_years": settings.DIENHINH.get("RETENTION_UNACCEPTED_YEARS", 5),
        },
    )
