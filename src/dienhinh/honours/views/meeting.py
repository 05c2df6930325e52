"""The council's meeting around the ballot: the secretary's attendance roll, the counting
committee's totals of paper ballots (entered by the secretary or the committee)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import NotPermitted
from dienhinh.honours.domain import HonoursError, counting, meeting, voting
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.enums import Attendance
from dienhinh.honours.interfaces.forms import PaperCorrectionForm, PaperCountForm
from dienhinh.registrations.models import Exemplar


def _candidate(session, exemplar_pk) -> Exemplar:
    candidate = session.candidates.select_related("exemplar__organisation").filter(
        exemplar_id=exemplar_pk
    )
    found = candidate.first()
    if found is None:
        raise Http404
    return found.exemplar


@login_required
@require_POST
def attendance(request, pk):
    """The roll as the secretary ticks it: `attendance-<member id>` is "present" or "absent"
    for each member not absent with a written opinion; members left unticked stay as they are."""
    session = honours_queries.session_or_404(request.user, pk)
    marked: dict[str, list] = {Attendance.PRESENT: [], Attendance.ABSENT: []}
    for seat in voting.roster(session).filter(written=False):
        value = request.POST.get(f"attendance-{seat.member_id}", "")
        if value in marked:
            marked[value].append(seat.member)
    try:
        n = meeting.record_attendance(
            session,
            actor=request.user,
            present=marked[Attendance.PRESENT],
            absent=marked[Attendance.ABSENT],
        )
        messages.success(request, _("The attendance roll is recorded (%(n)d changes).") % {"n": n})
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:vote_session", pk=session.pk)


def _paper_totals(request, pk, exemplar_pk, form_class, record, done):
    """Enter or correct one exemplar's paper ballot totals (`record` is the domain function)."""
    session = honours_queries.session_or_404(request.user, pk)
    exemplar = _candidate(session, exemplar_pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Please correct the count of %(name)s: %(errors)s")
            % {"name": exemplar, "errors": form.errors.as_text()},
        )
    else:
        try:
            record(session, exemplar, actor=request.user, **form.cleaned_data)
            messages.success(request, done)
        except (HonoursError, NotPermitted) as exc:
            messages.error(request, str(exc))
    return redirect("honours:vote_session", pk=session.pk)


@login_required
@require_POST
def paper_count(request, pk, exemplar_pk):
    return _paper_totals(
        request,
        pk,
        exemplar_pk,
        PaperCountForm,
        counting.record_paper_count,
        _("The counting committee's totals have been entered."),
    )


@login_required
@require_POST
def paper_count_correct(request, pk, exemplar_pk):
    return _paper_totals(
        request,
        pk,
        exemplar_pk,
        PaperCorrectionForm,
        counting.correct_paper_count,
        _("The paper ballot's totals have been corrected."),
    )
