"""A candidate's personal data: export everything held in one file, erase it (never honoured
candidates, at the person's request)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.registrations import permissions
from dienhinh.registrations.domain import privacy, queries
from dienhinh.registrations.models import Candidate, Erasure


def _candidate(request, pk) -> Candidate:
    candidate = get_object_or_404(
        queries.candidates(request.user).select_related("organisation", "program"), pk=pk
    )
    if not permissions.may_export_personal_data(request.user, candidate):
        raise Http404
    return candidate


@login_required
def personal_data(request, pk):
    candidate = _candidate(request, pk)
    return render(
        request,
        "registrations/personal_data.html",
        {
            "candidate": candidate,
            "erasure": Erasure.objects.filter(candidate=candidate).first(),
            "can_erase": permissions.may_erase_candidate(request.user, candidate),
            "honoured": privacy.is_honoured(candidate),
        },
    )


@login_required
@require_POST
def personal_data_export(request, pk):
    candidate = _candidate(request, pk)
    content = privacy.export_personal_data(candidate, actor=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="personal-data-{candidate.pk}.zip"'
    return response


@login_required
@require_POST
def erase(request, pk):
    candidate = _candidate(request, pk)
    try:
        privacy.erase_candidate(
            candidate, actor=request.user, reason=request.POST.get("reason", "")
        )
    except privacy.ErasureRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The candidate's personal data has been erased."))
    return redirect("registrations:personal_data", pk=candidate.pk)
