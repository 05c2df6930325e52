"""Exemplar pages: the list, the stale list, one exemplar with its timeline, its moves and
follow-ups."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core import transitions
from dienhinh.core.errors import NotPermitted
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError, followups, lifecycle, replication
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.interfaces.forms import (
    FollowUpForm,
    LearningVisitForm,
    RecognitionForm,
    ReplicationForm,
)
from dienhinh.honours.models import Hold
from dienhinh.orgs import queries
from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Field
from dienhinh.programs.queries import programs_for
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar


def _filtered(qs, params):
    """The exemplars the list's filters keep (program, state, field, organisation's subtree)."""
    if params.get("program"):
        qs = qs.filter(program__code=params["program"])
    if params.get("state") in ExemplarState.values:
        qs = qs.filter(state=params["state"])
    if params.get("field", "").isdigit():
        qs = qs.filter(candidate__field_id=params["field"])
    if params.get("organisation"):
        org = Organisation.objects.filter(code=params["organisation"]).first()
        qs = qs.filter(organisation__path__startswith=org.path) if org else qs.none()
    return qs


@login_required
def exemplar_list(request):
    params = request.GET
    qs = _filtered(honours_queries.exemplars(request.user), params)
    page = Paginator(qs, 50).get_page(params.get("page"))
    return render(
        request,
        "honours/exemplar_list.html",
        {
            "page": page,
            "programs": programs_for(request.user).order_by("code"),
            "states": ExemplarState.choices,
            "fields": Field.objects.filter(program__code=params.get("program", "")),
            "organisations": _organisation_choices(request.user),
            "params": params,
            # The buttons to standing-agency pages follow the predicate those views check.
            "is_standing": permissions.may_open_standing_pages(request.user),
        },
    )


def _organisation_choices(user) -> list[tuple[str, str]]:
    """(code, name) of the organisations the user sees, in tree order, "— " per level down."""
    orgs = queries.visible_organisations(user).order_by("path").only("code", "name", "depth")
    top = min((o.depth for o in orgs), default=0)
    return [(o.code, o.indented_name(top)) for o in orgs]


@login_required
def stale_list(request):
    """Exemplars still being followed with no follow-up in the last N months (default 6), by
    program and organisation as the exemplar list filters them."""
    try:
        months = max(1, min(int(request.GET.get("months", 6)), 120))
    except ValueError:
        months = 6
    cutoff = timezone.localdate() - datetime.timedelta(days=round(months * 30.44))
    params = request.GET.copy()
    params.pop("state", None)
    params.pop("field", None)
    qs = (
        _filtered(honours_queries.exemplars(request.user), params)
        .exclude(state__in=lifecycle.ENDED)
        .annotate(last_follow_up=Max("followups__date"))
        .filter(Q(last_follow_up__isnull=True) | Q(last_follow_up__lt=cutoff))
        .order_by("last_follow_up", "name_key", "id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "honours/stale_list.html",
        {
            "page": page,
            "months": months,
            "cutoff": cutoff,
            "programs": programs_for(request.user).order_by("code"),
            "organisations": _organisation_choices(request.user),
            "params": params,
        },
    )


def _state_change(changes) -> tuple[str, str] | None:
    """The lifecycle move an audit entry records, in words (its other fields stay in the audit)."""
    before, after = (changes or {}).get("state", (None, None))
    if not after:
        return None
    words = dict(ExemplarState.choices)
    return (str(words.get(before, "—")) if before else "—", str(words.get(after, after)))


def _timeline(exemplar: Exemplar) -> list[dict]:
    events = [
        {"date": f.date, "kind": f.get_kind_display(), "actor": f.author_name, "followup": f}
        for f in exemplar.followups.all()
    ]
    # Follow-ups are shown from their own rows; their audit entries would repeat them.
    for entry in transitions.history(exemplar).exclude(action="exemplar.follow_up"):
        events.append(
            {
                "date": timezone.localtime(entry.at).date(),
                "at": entry.at,
                "kind": transitions.label(entry.action),
                "actor": entry.actor_display,
                "audit": entry,
                "states": _state_change(entry.changes),
            }
        )
    for honour in exemplar.honours.select_related("decision"):
        events.append({"date": honour.decision.date, "kind": _("Honour"), "honour": honour})
    return sorted(events, key=lambda e: e["date"], reverse=True)


@login_required
def exemplar_detail(request, pk):
    exemplar = honours_queries.exemplar_or_404(request.user, pk)
    return render(
        request,
        "honours/exemplar_detail.html",
        {
            "exemplar": exemplar,
            "timeline": _timeline(exemplar),
            "actions": transitions.allowed(request.user, exemplar),
            "can_follow_up": permissions.may_follow_up(request.user, exemplar),
            "replications": exemplar.replications.select_related("organisation"),
            "learning_visits": (visits := list(exemplar.learning_visits.all())),
            "learning_totals": replication.learning_totals(visits),
            "learning_form": LearningVisitForm(initial={"date": timezone.localdate()}),
            "can_replicate": exemplar.state in replication.REPLICABLE
            and permissions.may_replicate(request.user, exemplar),
            "replication_form": ReplicationForm(
                user=request.user, initial={"date": timezone.localdate()}
            ),
            "confirmed": lifecycle.CONFIRMED,
            "holds": exemplar.candidate.holds.select_related("placed_by", "cleared_by"),
            "hold_kinds": Hold.Kind.choices,
            # The exemplar stands for its candidate: same organisation, already loaded.
            "can_place_hold": permissions.may_place_hold(request.user, exemplar),
            "can_clear_hold": permissions.may_clear_hold_of(request.user, exemplar),
            "form": FollowUpForm(initial={"date": timezone.localdate()}),
        },
    )


@login_required
def exemplar_transition(request, pk, action):
    """Make a move; those in lifecycle.CONFIRMED first show a page asking for date and note."""
    exemplar = honours_queries.exemplar_or_404(request.user, pk)
    details = {}
    reason = request.POST.get("reason", "")
    if action in lifecycle.CONFIRMED:
        move = lifecycle.LIFECYCLE.moves.get(action)
        if move is not None and not transitions.may(request.user, exemplar, move):
            move = None
        form = RecognitionForm(request.POST if request.method == "POST" else None)
        if move is not None and not form.is_valid():
            return render(
                request,
                "honours/exemplar_confirm.html",
                {"exemplar": exemplar, "move": move, "action": action, "form": form},
            )
        if request.method != "POST":
            raise Http404  # nothing this user may confirm; a POST is refused with a message
        if form.is_valid():
            details = {"recognised_on": form.cleaned_data["date"]}
            reason = form.cleaned_data["note"]
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        lifecycle.transition(exemplar, action, actor=request.user, reason=reason, **details)
        messages.success(
            request, _("The exemplar is now %(state)s.") % {"state": exemplar.get_state_display()}
        )
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:exemplar_detail", pk=exemplar.pk)


@login_required
@require_POST
def followup_add(request, pk):
    exemplar = honours_queries.exemplar_or_404(request.user, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            followups.add_follow_up(exemplar, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Follow-up recorded."))
        except (HonoursError, NotPermitted) as exc:
            messages.error(request, str(exc))
    else:
        messages.error(
            request,
            _("Please correct the follow-up: %(errors)s") % {"errors": form.errors.as_text()},
        )
    return redirect("honours:exemplar_detail", pk=exemplar.pk)


# Council votes ------------------------------------------------------------------------------
