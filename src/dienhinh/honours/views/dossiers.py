"""The dossiers put to a vote, read-only, for the members of the session's roster."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from dienhinh.honours import permissions
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.registrations.domain import evidence as evidence_domain
from dienhinh.registrations.domain.facts import evaluate_candidate, facts_of, with_facts
from dienhinh.registrations.models import Candidate


def _dossier(request, pk, exemplar_pk):
    """The session's candidate, to a member of its roster or its secretary; others get 404."""
    session = honours_queries.session_or_404(request.user, pk)
    if not permissions.may_read_session_dossier(request.user, session):
        raise Http404
    sc = get_object_or_404(
        session.candidates.select_related("exemplar__program", "exemplar__organisation"),
        exemplar_id=exemplar_pk,
    )
    candidate = get_object_or_404(
        with_facts(
            Candidate.objects.select_related("organisation", "program", "field")
        ).prefetch_related("evidence"),
        pk=sc.exemplar.candidate_id,
    )
    return session, sc, candidate


@login_required
def session_dossier(request, pk, exemplar_pk):
    session, sc, candidate = _dossier(request, pk, exemplar_pk)
    try:
        evaluation, error = evaluate_candidate(candidate, facts_of(candidate)), None
    except LookupError as exc:  # a field the program lacks
        evaluation, error = None, str(exc)
    return render(
        request,
        "honours/session_dossier.html",
        {
            "session": session,
            "exemplar": sc.exemplar,
            "paper": sc.paper,
            "candidate": candidate,
            "evaluation": evaluation,
            "evaluation_error": error,
        },
    )


@login_required
def session_evidence(request, pk, exemplar_pk, evidence_pk):
    _session_, _sc, candidate = _dossier(request, pk, exemplar_pk)
    evidence = get_object_or_404(candidate.evidence.all(), pk=evidence_pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=evidence.kind not in ("png", "jpeg"),
        filename=evidence.original_name,
        content_type=evidence_domain.CONTENT_TYPES[evidence.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
