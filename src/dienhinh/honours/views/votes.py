"""Council-vote pages: sessions, the member's ballot, written opinions, paper counts, minutes.

A vote's choice travels in the POST body only: no URL, redirect or message carries it (access
logs record URLs).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import NotPermitted
from dienhinh.core.links import path_builder
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError, as_then, counting, meeting, voting
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.interfaces.forms import PaperCorrectionForm, PaperCountForm, SessionForm
from dienhinh.honours.models import VoteSession
from dienhinh.programs.queries import programs_for
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar

# What a row of the session page shows (and the conflicts test: the unit's path): not the
# candidates' files nor a copy of the program's texts on every row.
SESSION_ROW_COLUMNS = (
    "session_id",
    "exemplar_id",
    "position",
    "paper",
    "exemplar__candidate_id",
    "exemplar__organisation_id",
    "exemplar__candidate__name",
    "exemplar__candidate__subject_type",
    "exemplar__candidate__field_id",
    "exemplar__candidate__field__code",
    "exemplar__candidate__field__name",
    "exemplar__organisation__name",
    "exemplar__organisation__path",
)


def _session(request, pk) -> VoteSession:
    return honours_queries.session_or_404(request.user, pk)


def _ids(values) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@login_required
def vote_list(request):
    return render(
        request,
        "honours/vote_list.html",
        {
            "sessions": honours_queries.sessions(request.user),
            "can_create": permissions.may_open_sessions(request.user),
        },
    )


@login_required
def session_create(request):
    if not permissions.may_open_sessions(request.user):
        raise Http404
    form = SessionForm(request.POST or None, programs=programs_for(request.user))
    councils = permissions.councils_run(request.user)
    form.fields["council"].queryset = councils
    candidates = honours_queries.exemplars(request.user).filter(state=ExemplarState.RECOGNISED)
    council_members = [(c, list(voting.members(c))) for c in councils]
    if request.method == "POST" and form.is_valid():
        chosen = list(
            candidates.filter(
                pk__in=_ids(request.POST.getlist("exemplars")), program=form.cleaned_data["program"]
            )
        )
        paper = set(_ids(request.POST.getlist("paper")))
        absent = set(_ids(request.POST.getlist("written")))
        counters = set(_ids(request.POST.getlist("counters")))
        try:
            session = voting.create_session(
                actor=request.user,
                exemplars=chosen,
                paper_exemplars=[e for e in chosen if e.pk in paper],
                written_members=list(
                    voting.members(form.cleaned_data["council"]).filter(pk__in=absent)
                ),
                counting_committee=list(
                    voting.members(form.cleaned_data["council"]).filter(pk__in=counters)
                ),
                **form.cleaned_data,
            )
            messages.success(
                request,
                _("The session %(title)s is open: %(n)d exemplars are put to the vote.")
                % {"title": session.title, "n": len(chosen)},
            )
            return redirect("honours:vote_session", pk=session.pk)
        except (HonoursError, NotPermitted) as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "honours/session_form.html",
        {"form": form, "candidates": candidates, "council_members": council_members},
    )


@login_required
def vote_session(request, pk):
    session = _session(request, pk)
    user = request.user
    # The roster once: the reader's seat, and for the secretary the roll and the absent members.
    seats = list(voting.roster(session))
    seat = next((s for s in seats if s.member_id == user.pk), None)
    # Who took part in which vote, once: the reader's own marks, the counts, written opinions.
    taken = voting.participations(session)
    voted = {exemplar for exemplar, member, _written in taken if member == user.pk}
    progress = voting.progress(session, taken)
    candidates = list(
        session.candidates.select_related(
            "exemplar__candidate__field", "exemplar__organisation"
        ).only(*SESSION_ROW_COLUMNS)
    )
    conflicts = (
        voting.conflicted_ids(session, user, [c.exemplar for c in candidates]) if seat else set()
    )
    secretary = voting.is_secretary(user, session)
    dossier_url = path_builder("honours:session_dossier", session.pk)
    rows = [
        {
            "exemplar": c.exemplar,
            "paper": c.paper,
            "voted": c.exemplar_id in voted,
            "count": progress["by_exemplar"].get(c.exemplar_id, 0),
            "conflict": c.exemplar_id in conflicts,
            "dossier_url": dossier_url(c.exemplar_id) if seat or secretary else None,
        }
        for c in candidates
    ]
    context = {
        "session": session,
        "rows": rows,
        "seat": seat,
        "is_secretary": secretary,
        "progress": progress,
        "roster_size": voting.member_count(session),
        "choices": voting.VoteChoice.choices,
    }
    if session.is_open and any(r["paper"] for r in rows):
        context["may_count"] = permissions.may_enter_paper_count(user, session)
        if context["may_count"]:
            counted = counting.paper_counts(session)
            for row in rows:
                count = row["paper_count"] = counted.get(row["exemplar"].pk)
                if count is not None:
                    row["correction_form"] = PaperCorrectionForm(
                        initial={f: getattr(count, f) for f in counting.COUNT_FIELDS},
                        auto_id=f"id_fix{count.pk}_%s",
                    )
            context["paper_form"] = PaperCountForm(
                initial={"committee": ", ".join(meeting.committee_names(session))}
            )
    if secretary and session.is_open:
        on_list = [r["exemplar"].pk for r in rows]
        context |= {
            "roster": seats,
            "attendance": voting.Attendance.choices,
            "written": voting.written_opinions(session, seats=seats, taken=taken),
            "electronic": [r for r in rows if not r["paper"]],
            # What the list shows of each: not every column of its candidate and program.
            "addable": honours_queries.exemplars(user)
            .filter(program=session.program, state=ExemplarState.RECOGNISED)
            .exclude(pk__in=on_list)
            .select_related(None)
            .select_related("candidate", "organisation")
            .only("candidate__name", "organisation__name"),
        }
    return render(request, "honours/vote_session.html", context)


def _candidate(session, exemplar_pk) -> Exemplar:
    sc = (
        session.candidates.select_related("exemplar__organisation")
        .filter(exemplar_id=exemplar_pk)
        .first()
    )
    if sc is None:
        raise Http404
    return sc.exemplar


def _secretary_session(request, pk) -> VoteSession:
    session = _session(request, pk)
    if not voting.is_secretary(request.user, session):
        raise Http404
    return session


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
    except (HonoursError, NotPermitted) as exc:
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
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:vote_session", pk=session.pk)


@login_required
@require_POST
def vote_written(request, pk, member_pk):
    """The written opinion of an absent member: one choice per candidate voted online."""
    session = _secretary_session(request, pk)
    seat = get_object_or_404(session.roster.select_related("member"), member_id=member_pk)
    choices = {}
    for c in session.candidates.filter(paper=False).select_related("exemplar__organisation"):
        value = request.POST.get(f"choice-{c.exemplar_id}", "")
        if value:
            choices[c.exemplar] = value
    try:
        voting.record_written_opinion(
            session, member=seat.member, choices=choices, actor=request.user
        )
        messages.success(request, _("The written opinion has been recorded."))
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:vote_session", pk=session.pk)


@login_required
@require_POST
def candidates_add(request, pk):
    """Put several recognised exemplars to the vote at once (some on paper)."""
    session = _secretary_session(request, pk)
    chosen = list(
        honours_queries.exemplars(request.user).filter(
            pk__in=_ids(request.POST.getlist("exemplars"))
        )
    )
    paper = set(_ids(request.POST.getlist("paper")))
    if not chosen:
        messages.error(request, _("Choose an exemplar."))
        return redirect("honours:vote_session", pk=session.pk)
    try:
        n = voting.add_candidates(
            session, chosen, actor=request.user, paper=[e for e in chosen if e.pk in paper]
        )
        messages.success(request, _("%(n)d exemplars put to the vote.") % {"n": n})
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:vote_session", pk=session.pk)


@login_required
@require_POST
def session_close(request, pk):
    session = _secretary_session(request, pk)
    try:
        counting.close_session(session, actor=request.user)
        messages.success(request, _("The session is closed."))
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
        return redirect("honours:vote_session", pk=session.pk)
    return redirect("honours:session_minutes", pk=session.pk)


@login_required
def session_minutes(request, pk):
    session = honours_queries.minutes_session_or_404(request.user, pk)
    outcome = counting.outcome(session)
    if session.is_open:
        # Secret ballot: nothing is counted before closing; only how many members took part.
        return render(
            request,
            "honours/session_minutes.html",
            {
                "session": session,
                "outcome": outcome,
                "participant_count": voting.progress(session)["voters"],
            },
        )
    # Closed minutes name the candidates as their dossiers stood when the vote closed.
    then = as_then.names_then([r.exemplar for r in outcome.rows], as_then.closed_at(session))
    for r in outcome.rows:
        r.name_then = then[r.exemplar.pk]
    return render(
        request,
        "honours/session_minutes.html",
        {
            "session": session,
            "outcome": outcome,
            "roll": meeting.roll(session),
            "may_sign": permissions.may_sign_program_documents(request.user, session.program),
        },
    )
