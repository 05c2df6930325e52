"""Candidate pages: ratings and figures with a live eligibility verdict; recognitions, violations
and disciplines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core import errors
from dienhinh.registrations.domain import DomainError
from dienhinh.registrations.domain import candidates as domain
from dienhinh.registrations.domain.facts import facts_of, with_facts
from dienhinh.registrations.interfaces.forms import (
    EvidenceForm,
    FactsForm,
    RecordForm,
    VersionField,
)
from dienhinh.registrations.models import Candidate, Entry
from dienhinh.registrations.views.candidates import candidate_in_scope, evaluation_of, may_write


@login_required
def candidate_eligibility(request, pk):
    """The verdict as a partial: GET for the stored facts, POST to preview unsaved figures."""
    candidate = candidate_in_scope(request, pk)
    loaded = with_facts(Candidate.objects.filter(pk=pk)).get()
    facts = facts_of(loaded)
    preview = False
    if request.method == "POST" and may_write(request.user, candidate):
        form = FactsForm(request.POST, candidate=loaded)
        if form.is_valid():
            _apply(facts, form.changes())
            preview = True
    evaluation, error = evaluation_of(candidate, facts)
    return render(
        request,
        "registrations/partials/eligibility.html",
        {
            "candidate": candidate,
            "evaluation": evaluation,
            "evaluation_error": error,
            "preview": preview,
        },
    )


def _apply(facts, changes: dict) -> None:
    """Overlay unsaved form values on stored facts (for the live preview)."""
    for year, level in changes.get("ratings", {}).items():
        if level:
            facts.ratings[year] = level
        else:
            facts.ratings.pop(year, None)
    for year, checked in changes.get("cultural_years", {}).items():
        (facts.cultural_family_years.add if checked else facts.cultural_family_years.discard)(year)
    for year, values in changes.get("metrics", {}).items():
        figures = {k: float(v) for k, v in values.items() if v is not None}
        if figures:
            facts.metrics[year] = figures
        else:
            facts.metrics.pop(year, None)
    facts.model = {k: v for k, v in changes.get("model", {}).items() if v is not None}


@require_POST
@login_required
def candidate_facts(request, pk):
    candidate = candidate_in_scope(request, pk)
    if not may_write(request.user, candidate):
        raise Http404
    loaded = with_facts(Candidate.objects.filter(pk=pk)).prefetch_related("evidence").get()
    form = FactsForm(request.POST, candidate=loaded)
    refused = False
    if form.is_valid():
        try:
            domain.save_facts(
                candidate,
                actor=request.user,
                version=form.cleaned_data.get("version"),
                reason=request.POST.get("reason", ""),
                **form.changes(),
            )
        except errors.DomainError as exc:
            form.add_error(None, str(exc))
            refused = True
        else:
            messages.success(request, _("The ratings and figures have been saved."))
            return redirect("registrations:candidate_detail", pk=pk)
    evaluation, error = evaluation_of(candidate, facts_of(loaded))
    return render(
        request,
        "registrations/candidate_detail.html",
        {
            "candidate": loaded,
            "evaluation": evaluation,
            "evaluation_error": error,
            "can_edit": True,
            "facts_form": form,
            "record_form": RecordForm(initial={"version": loaded.version}),
            "evidence_form": EvidenceForm(),
            "entries": Entry.objects.filter(candidate=candidate).select_related(
                "registration", "registration__organisation", "registration__program"
            ),
            "locked": domain.is_locked(candidate),
        },
        # 409: the form was right but the record changed meanwhile (or may not change).
        status=409 if refused else 400,
    )


@require_POST
@login_required
def candidate_record(request, pk):
    """Add a recognition, violation or discipline, or remove one (`remove` = "kind:id")."""
    candidate = candidate_in_scope(request, pk)
    if not may_write(request.user, candidate):
        raise Http404
    remove = request.POST.get("remove", "")
    reason = request.POST.get("reason", "")
    try:
        if remove:
            kind, _sep, rid = remove.partition(":")
            if kind not in ("recognition", "violation", "discipline") or not rid.isdigit():
                raise Http404
            version = request.POST.get("version", "")
            if not version.isdigit():
                raise DomainError(VersionField.default_error_messages["required"])
            domain.save_facts(
                candidate,
                actor=request.user,
                version=int(version),
                remove=(kind, int(rid)),
                reason=reason,
            )
            messages.success(request, _("The record has been removed."))
        else:
            form = RecordForm(request.POST)
            if not form.is_valid():
                for field, field_errors in form.errors.items():
                    label = form.fields[field].label if field in form.fields else ""
                    for error in field_errors:
                        messages.error(request, f"{label}: {error}" if label else error)
                return redirect("registrations:candidate_detail", pk=pk)
            d = form.cleaned_data
            extra = {
                "recognition": {"add_recognition": (d["year"], d["text"])},
                "violation": {"add_violation": (d["year"], d["violation_kind"], d["text"])},
                "discipline": {"add_discipline": (d["year"], d["discipline_level"], d["text"])},
            }[d["record"]]
            domain.save_facts(
                candidate, actor=request.user, version=d.get("version"), reason=reason, **extra
            )
            messages.success(request, _("The record has been added."))
    except errors.DomainError as exc:
        messages.error(request, str(exc))
    return redirect("registrations:candidate_detail", pk=pk)
