"""The secretary's pages of the council's meeting: the attendance roll."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import NotPermitted
from dienhinh.honours.domain import HonoursError, meeting, voting
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.enums import Attendance


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
