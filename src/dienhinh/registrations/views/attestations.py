"""Attesting a candidate's qualitative criteria (the standing agency), from its page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import NotPermitted
from dienhinh.orgs.queries import get_or_404
from dienhinh.registrations.domain import DomainError, attestations
from dienhinh.registrations.models import Candidate


@login_required
@require_POST
def candidate_attest(request, pk):
    candidate = get_or_404(
        Candidate.objects.select_related("organisation", "program", "field"), request.user, pk=pk
    )
    granted = request.POST.get("granted") == "1"
    try:
        attestations.attest(
            candidate,
            actor=request.user,
            code=request.POST.get("code", ""),
            granted=granted,
            note=request.POST.get("note", ""),
            evidence_ids=[v for v in request.POST.getlist("evidence") if v.isdigit()],
        )
        messages.success(
            request,
            _("The criterion is attested.") if granted else _("The criterion is refused."),
        )
    except (DomainError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("registrations:candidate_detail", pk=candidate.pk)
