"""Evidence files: upload (type checked by content) and download (only within scope)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core import errors
from dienhinh.orgs.queries import get_or_404
from dienhinh.registrations.domain import evidence as domain
from dienhinh.registrations.interfaces.forms import EvidenceForm
from dienhinh.registrations.models import Candidate, Evidence
from dienhinh.registrations.permissions import read_q
from dienhinh.registrations.views.candidates import may_write


@require_POST
@login_required
def evidence_upload(request, pk):
    candidate = get_or_404(Candidate.objects.select_related("organisation"), request.user, pk=pk)
    if not may_write(request.user, candidate):
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, _("Evidence file: %(error)s") % {"error": error})
        return redirect("registrations:candidate_detail", pk=pk)
    try:
        domain.add_evidence(
            candidate,
            form.cleaned_data["file"],
            actor=request.user,
            description=form.cleaned_data["description"],
            reason=request.POST.get("reason", ""),
        )
    except errors.DomainError as exc:
        messages.error(request, _("Evidence file: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("The file has been added."))
    return redirect("registrations:candidate_detail", pk=pk)


@login_required
def evidence_download(request, pk):
    """The file, as an attachment, to people who may see its candidate; everyone else gets 404."""
    evidence = get_object_or_404(
        Evidence.objects.filter(read_q(request.user, "candidate__organisation")).select_related(
            "candidate__organisation"
        ),
        pk=pk,
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=evidence.kind not in ("png", "jpeg"),
        filename=evidence.original_name,
        content_type=domain.CONTENT_TYPES[evidence.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def evidence_delete(request, pk):
    evidence = get_or_404(
        Evidence.objects.select_related("candidate__organisation"),
        request.user,
        field="candidate__organisation",
        pk=pk,
    )
    if not may_write(request.user, evidence.candidate):
        raise Http404
    candidate_id = evidence.candidate_id
    try:
        domain.remove_evidence(evidence, actor=request.user, reason=request.POST.get("reason", ""))
    except errors.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The file has been removed."))
    return redirect("registrations:candidate_detail", pk=candidate_id)
