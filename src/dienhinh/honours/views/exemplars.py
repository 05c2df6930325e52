"""Exemplar and council-vote pages: exemplars and their follow-ups, votes, minutes."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core import transitions
from dienhinh.honours.domain import HonoursError, followups, lifecycle, replication, voting
from dienhinh.honours.interfaces.forms import (
    FollowUpForm,
    RecognitionForm,
    ReplicationForm,
    SessionForm,
    WrittenOpinionForm,
)
from dienhinh.honours.models import Participation, VoteSession
from dienhinh.orgs import queries, roles
from dienhinh.orgs.enums import OrgKind, Role
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.programs.models import Field
from dienhinh.programs.queries import programs_for
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar

EXEMPLAR_RELATED = ("candidate", "candidate__field", "program", "organisation")


def _exemplars(user):
    return queries.scoped(Exemplar.objects.select_related(*EXEMPLAR_RELATED), user)


def _exemplar(request, pk) -> Exemplar:
    return queries.get_or_404(
        Exemplar.objects.select_related(*EXEMPLAR_RELATED), request.user, pk=pk
    )


@login_required
def exemplar_list(request):
    qs = _exemplars(request.user)
    params = request.GET
    if params.get("program"):
        qs = qs.filter(program__code=params["program"])
    if params.get("state") in ExemplarState.values:
        qs = qs.filter(state=params["state"])
    if params.get("field", "").isdigit():
        qs = qs.filter(candidate__field_id=params["field"])
    if params.get("organisation"):
        org = Organisation.objects.filter(code=params["organisation"]).first()
        qs = qs.filter(organisation__path__startswith=org.path) if org else qs.none()
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
            "is_standing": lifecycle.is_standing(request.user),
        },
    )


def _organisation_choices(user) -> list[tuple[str, str]]:
    """(code, name) of the organisations the user sees, in tree order, "— " per level down."""
    orgs = queries.visible_organisations(user).order_by("path").only("code", "name", "depth")
    top = min((o.depth for o in orgs), default=0)
    return [(o.code, o.indented_name(top)) for o in orgs]


@login_required
def stale_list(request):
    """Exemplars still being followed with no follow-up in the last N months (default 6)."""
    try:
        months = max(1, min(int(request.GET.get("months", 6)), 120))
    except ValueError:
        months = 6
    cutoff = timezone.localdate() - datetime.timedelta(days=round(months * 30.44))
    qs = (
        _exemplars(request.user)
        .exclude(state__in=lifecycle.ENDED)
        .annotate(last_follow_up=Max("followups__date"))
        .filter(Q(last_follow_up__isnull=True) | Q(last_follow_up__lt=cutoff))
        .order_by("last_follow_up", "candidate__name_key", "id")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "honours/stale_list.html", {"page": page, "months": months, "cutoff": cutoff}
    )


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
            }
        )
    for honour in exemplar.honours.select_related("decision"):
        events.append({"date": honour.decision.date, "kind": _("Honour"), "honour": honour})
    return sorted(events, key=lambda e: e["date"], reverse=True)


@login_required
def exemplar_detail(request, pk):
    exemplar = _exemplar(request, pk)
    return render(
        request,
        "honours/exemplar_detail.html",
        {
            "exemplar": exemplar,
            "timeline": _timeline(exemplar),
            "actions": transitions.allowed(request.user, exemplar),
            "can_follow_up": followups.may_follow_up(request.user, exemplar),
            "replications": exemplar.replications.select_related("organisation"),
            "can_replicate": exemplar.state in replication.REPLICABLE
            and queries.covers(request.user, exemplar.organisation, roles.STANDING),
            "replication_form": ReplicationForm(
                user=request.user, initial={"date": timezone.localdate()}
            ),
            "confirmed": lifecycle.CONFIRMED,
            "form": FollowUpForm(initial={"date": timezone.localdate()}),
        },
    )


@login_required
def exemplar_transition(request, pk, action):
    """Make a move; those in lifecycle.CONFIRMED first show a page asking for date and note."""
    exemplar = _exemplar(request, pk)
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
    except HonoursError as exc:
        messages.error(request, str(exc))
    return redirect("honours:exemplar_detail", pk=exemplar.pk)


@login_required
@require_POST
def followup_add(request, pk):
    exemplar = _exemplar(request, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            followups.add_follow_up(exemplar, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Follow-up recorded."))
        except HonoursError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(
            request,
            _("Please correct the follow-up: %(errors)s") % {"errors": form.errors.as_text()},
        )
    return redirect("honours:exemplar_detail", pk=exemplar.pk)


# Council votes ------------------------------------------------------------------------------


def _sessions(user):
    qs = VoteSession.objects.select_related("program", "council")
    if queries.scope_roots(user, voting.SECRETARY) is None:
        return qs  # administrators (an empty Q would drop out of the OR below)
    councils = Membership.objects.current().filter(user=user, role=Role.COUNCIL_MEMBER)
    return qs.filter(
        Q(council__in=councils.values("organisation"))
        | queries.scope_q(user, "council", voting.SECRETARY)
    )


def _session(request, pk) -> VoteSession:
    return get_object_or_404(_sessions(request.user), pk=pk)


@login_required
def vote_list(request):
    return render(
        request,
        "honours/vote_list.html",
        {
            "sessions": _sessions(request.user),
            "can_create": queries.has_role(request.user, *voting.SECRETARY),
        },
    )


@login_required
def session_create(request):
    if not queries.has_role(request.user, *voting.SECRETARY):
        raise Http404
    form = SessionForm(request.POST or None)
    form.fields["program"].queryset = programs_for(request.user)
    form.fields["council"].queryset = queries.scoped(
        Organisation.objects.filter(kind=OrgKind.COUNCIL), request.user, "", voting.SECRETARY
    )
    candidates = _exemplars(request.user).filter(state=ExemplarState.RECOGNISED)
    if request.method == "POST" and form.is_valid():
        chosen = candidates.filter(
            pk__in=[v for v in request.POST.getlist("exemplars") if v.isdigit()],
            program=form.cleaned_data["program"],
        )
        try:
            session = voting.create_session(
                actor=request.user, exemplars=list(chosen), **form.cleaned_data
            )
            return redirect("honours:vote_session", pk=session.pk)
        except HonoursError as exc:
            messages.error(request, str(exc))
    return render(request, "honours/session_form.html", {"form": form, "candidates": candidates})


@login_required
def vote_session(request, pk):
    session = _session(request, pk)
    user = request.user
    is_member = voting.is_member(user, session.council)
    voted = set(
        Participation.objects.filter(session=session, member=user).values_list(
            "exemplar_id", flat=True
        )
    )
    exemplars = [
        c.exemplar
        for c in session.candidates.select_related(*(f"exemplar__{r}" for r in EXEMPLAR_RELATED))
    ]
    conflicts = voting.conflicted_ids(session, user, exemplars) if is_member else set()
    rows = [
        {"exemplar": ex, "voted": ex.pk in voted, "conflict": ex.pk in conflicts}
        for ex in exemplars
    ]
    secretary = voting.is_secretary(user, session)
    return render(
        request,
        "honours/vote_session.html",
        {
            "session": session,
            "rows": rows,
            "is_member": is_member,
            "is_secretary": secretary,
            "members": voting.members(session.council) if secretary else (),
            "choices": voting.VoteChoice.choices,
        },
    )


def _candidate(session, exemplar_pk) -> Exemplar:
    sc = (
        session.candidates.select_related("exemplar__organisation")
        .filter(exemplar_id=exemplar_pk)
        .first()
    )
    if sc is None:
        raise Http404
    return sc.exemplar


@login_required
@require_POST
def vote(request, pk, exemplar_pk):
    session = _session(request, pk)
    exemplar = _candidate(session, exemplar_pk)
    try:
        voting.cast_vote(
            session, exemplar, member=request.user, choice=request.POST.get("choice", "")
        )
        messages.success(request, _("Your vote has been recorded."))
    except HonoursError as exc:
        messages.error(request, str(exc))
    return redirect("honours:vote_session", pk=session.pk)


@login_required
@require_POST
def vote_conflict(request, pk, exemplar_pk):
    session = _session(request, pk)
    exemplar = _candidate(session, exemplar_pk)
    try:
        voting.declare_conflict(
            session, exemplar, member=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Your conflict of interest has been recorded."))
    except HonoursError as exc:
        messages.error(request, str(exc))
    return redirect("honours:vote_session", pk=session.pk)


@login_required
@require_POST
def vote_written(request, pk, exemplar_pk):
    session = _session(request, pk)
    if not voting.is_secretary(request.user, session):
        raise Http404
    exemplar = _candidate(session, exemplar_pk)
    form = WrittenOpinionForm(request.POST)
    if form.is_valid():
        member = get_object_or_404(voting.members(session.council), pk=form.cleaned_data["member"])
        try:
            voting.record_written_opinion(
                session,
                exemplar,
                member=member,
                choice=form.cleaned_data["choice"],
                actor=request.user,
            )
            messages.success(request, _("The written opinion has been recorded."))
        except HonoursError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a member and a choice."))
    return redirect("honours:vote_session", pk=session.pk)


@login_required
@require_POST
def session_close(request, pk):
    session = _session(request, pk)
    if not voting.is_secretary(request.user, session):
        raise Http404
    try:
        voting.close_session(session, actor=request.user)
        messages.success(request, _("The session is closed."))
    except HonoursError as exc:
        messages.error(request, str(exc))
    return redirect("honours:session_minutes", pk=session.pk)


def _minutes_session(request, pk) -> VoteSession:
    """Minutes (biên bản) and results: the secretary any time, members once closed.

    While the session is open the page shows no count (see session_minutes)."""
    session = _session(request, pk)
    if not (voting.is_secretary(request.user, session) or not session.is_open):
        raise Http404
    return session


@login_required
def session_minutes(request, pk):
    session = _minutes_session(request, pk)
    participants = (
        get_user_model()
        .objects.filter(pk__in=Participation.objects.filter(session=session).values("member"))
        .order_by("last_name", "first_name")
    )
    if session.is_open:
        # Secret ballot: interim tallies would let the secretary watch each vote arrive (with
        # one member, see it). Only how many members have taken part in all, until closing.
        return render(
            request,
            "honours/session_minutes.html",
            {"session": session, "participant_count": participants.count()},
        )
    return render(
        request,
        "honours/session_minutes.html",
        {
            "session": session,
            "results": voting.results(session),
            "member_count": voting.member_count(session),
            "participants": participants,
        },
    )
