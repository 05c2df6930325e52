"""Council votes: sessions, ballots, conflicts of interest, written opinions, closing, minutes."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.honours.domain import HonoursError, voting
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.interfaces.forms import (
    SessionForm,
    WrittenOpinionForm,
)
from dienhinh.honours.models import Participation
from dienhinh.orgs import queries
from dienhinh.orgs.enums import OrgKind
from dienhinh.orgs.models import Organisation
from dienhinh.programs.queries import programs_for
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar


@login_required
def vote_list(request):
    return render(
        request,
        "honours/vote_list.html",
        {
            "sessions": honours_queries.sessions(request.user),
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
    candidates = honours_queries.exemplars(request.user).filter(state=ExemplarState.RECOGNISED)
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
    session = honours_queries.session_or_404(request.user, pk)
    user = request.user
    is_member = voting.is_member(user, session.council)
    voted = set(
        Participation.objects.filter(session=session, member=user).values_list(
            "exemplar_id", flat=True
        )
    )
    exemplars = [
        c.exemplar
        for c in session.candidates.select_related(
            *(f"exemplar__{r}" for r in honours_queries.EXEMPLAR_RELATED)
        )
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
    session = honours_queries.session_or_404(request.user, pk)
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
    session = honours_queries.session_or_404(request.user, pk)
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
    session = honours_queries.session_or_404(request.user, pk)
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
    session = honours_queries.session_or_404(request.user, pk)
    if not voting.is_secretary(request.user, session):
        raise Http404
    try:
        voting.close_session(session, actor=request.user)
        messages.success(request, _("The session is closed."))
    except HonoursError as exc:
        messages.error(request, str(exc))
    return redirect("honours:session_minutes", pk=session.pk)


@login_required
def session_minutes(request, pk):
    session = honours_queries.minutes_session_or_404(request.user, pk)
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
