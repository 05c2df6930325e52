"""Holds on a candidate (discipline, inspection, complaint): placed and cleared from the
exemplar's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import NotPermitted
from dienhinh.honours.domain import HonoursError, holds
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.models import Hold
from dienhinh.orgs import queries


@login_required
@require_POST
def hold_place(request, pk):
    exemplar = honours_queries.exemplar_or_404(request.user, pk)
    try:
        holds.place_hold(
            exemplar.candidate,
            actor=request.user,
            kind=request.POST.get("kind", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(
            request, _("Flag recorded: the candidate cannot be commended until it is cleared.")
        )
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:exemplar_detail", pk=exemplar.pk)


@login_required
@require_POST
def hold_clear(request, pk, hold_pk):
    exemplar = honours_queries.exemplar_or_404(request.user, pk)
    hold = queries.get_or_404(
        Hold.objects.select_related("candidate__organisation").filter(
            candidate_id=exemplar.candidate_id
        ),
        request.user,
        "candidate__organisation",
        pk=hold_pk,
    )
    try:
        holds.clear_hold(hold, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The flag has been cleared."))
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:exemplar_detail", pk=exemplar.pk)
