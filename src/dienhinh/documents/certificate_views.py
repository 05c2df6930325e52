"""Certificates: one honour's certificate for whoever may see the honour; all certificates of a
decision, built by the task worker with its progress, for the standing agency."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.views.decorators.http import require_POST

from dienhinh.documents import permissions, tasks
from dienhinh.documents.certificates import render_certificates
from dienhinh.documents.models import DocumentJob
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.models import Honour
from dienhinh.orgs.queries import get_or_404


@login_required
def honour_certificate(request, pk):
    """The certificate of one honour (revoked ones carry "ĐÃ THU HỒI" across the page)."""
    honour = get_or_404(
        Honour.objects.select_related(
            "decision__program", "exemplar__candidate", "exemplar__organisation"
        ),
        request.user,
        field="exemplar__organisation",
        pk=pk,
    )
    blank = request.GET.get("blank") == "1"
    response = HttpResponse(
        render_certificates([honour], blank=blank), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="chung-nhan-{honour.pk}.pdf"'
    return response


@login_required
@require_POST
def decision_certificates(request, pk):
    """Start building every certificate of the decision as one PDF; the job page follows it."""
    honours = list(honours_queries.decision_honours(request.user, pk)[:1])
    if not honours:
        raise Http404
    decision = honours[0].decision
    if not permissions.may_print_certificates(request.user, decision.program):
        raise Http404
    job = DocumentJob.objects.create(
        kind=DocumentJob.Kind.EXPORT,
        subject=DocumentJob.Subject.CERTIFICATES,
        program=decision.program,
        organisation=decision.program.organisation,
        decision=decision,
        print_on_blank=request.POST.get("blank") == "1",
        requested_by=request.user,
        format="pdf",
        year=decision.date.year,
        language=translation.get_language() or "",
    )
    tasks.run_export.enqueue(job.pk)
    return redirect("documents:job", pk=job.pk)
