"""Copying and editing programs, for the standing agency that covers them (others get 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dienhinh.programs.domain import ProgramError
from dienhinh.programs.domain import editing as domain
from dienhinh.programs.forms import (
    CopyForm,
    CriterionForm,
    FieldNameFormSet,
    MilestoneFormSet,
    ProgramForm,
    QuotaForm,
    QuotaFormSet,
)
from dienhinh.programs.models import Program
from dienhinh.programs.permissions import may_manage_program, organisations_for_new_programs


def _managed(request, code) -> Program:
    program = get_object_or_404(
        Program.objects.select_related("organisation", "standing_agency"), code=code
    )
    if not may_manage_program(request.user, program):
        raise Http404
    return program


@login_required
def program_copy(request, code):
    source = _managed(request, code)
    organisations = organisations_for_new_programs(request.user)
    initial = {
        "number": source.number,
        "title": source.title,
        "short_title": source.short_title,
        "issued_on": source.issued_on,
        "organisation": source.organisation_id,
        "period_start": source.period_start,
        "period_end": source.period_end,
    }
    form = CopyForm(request.POST or None, initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("code")
        try:
            with transaction.atomic():
                copy = domain.copy_program(source, actor=request.user, code=code, **data)
        except ProgramError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("The program has been copied as a draft. Review it before putting it in force."),
            )
            return redirect("programs:edit", code=copy.code)
    return render(request, "programs/program_copy.html", {"program": source, "form": form})


@login_required
def program_edit(request, code):
    program = _managed(request, code)
    form = ProgramForm(request.POST or None, initial=ProgramForm.initial_for(program))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_program(program, actor=request.user, **form.cleaned_data)
        except ProgramError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The program has been saved."))
            return redirect("programs:detail", code=program.code)
    return render(request, "programs/program_edit.html", {"program": program, "form": form})


@login_required
def criterion_edit(request, code, pk):
    program = _managed(request, code)
    criterion = get_object_or_404(program.criteria.select_related("field"), pk=pk)
    if criterion.effective_to is not None:
        raise Http404  # a replaced version is history
    form = CriterionForm(request.POST or None, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("effective_from"):
                domain.amend_criterion(
                    criterion,
                    actor=request.user,
                    effective_from=data["effective_from"],
                    text=data["text"],
                    params=data["params"],
                )
            else:
                domain.correct_criterion(
                    criterion, actor=request.user, text=data["text"], params=data["params"]
                )
        except ProgramError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The criterion has been saved."))
            return redirect("programs:detail", code=program.code)
    return render(
        request,
        "programs/criterion_edit.html",
        {"program": program, "criterion": criterion, "form": form},
    )


@login_required
def field_names(request, code):
    program = _managed(request, code)
    fields = {f.pk: f for f in program.fields.order_by("position")}
    initial = [{"id": f.pk, "name": f.name} for f in fields.values()]
    formset = FieldNameFormSet(request.POST or None, initial=initial, prefix="fields")
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            for form in formset.forms:
                field = fields.get(form.cleaned_data.get("id"))
                if field is not None and form.has_changed():
                    domain.rename_field(field, actor=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("The field names have been saved."))
        return redirect("programs:detail", code=program.code)
    rows = [(form, fields.get(form.initial.get("id"))) for form in formset.forms]
    return render(
        request,
        "programs/field_names.html",
        {"program": program, "formset": formset, "rows": rows},
    )


def _rows_page(request, program, *, objects, formset_class, initial_for, save, template, prefix):
    existing = {obj.pk: obj for obj in objects}
    initial = [initial_for(obj) for obj in existing.values()]
    formset = formset_class(request.POST or None, initial=initial, prefix=prefix)
    if request.method == "POST" and formset.is_valid():
        try:
            save(program, formset.rows(existing), actor=request.user)
        except ProgramError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("programs:detail", code=program.code)
    return render(request, template, {"program": program, "formset": formset})


@login_required
def quota_list_edit(request, code):
    program = _managed(request, code)
    return _rows_page(
        request,
        program,
        objects=program.quotas.order_by("code"),
        formset_class=QuotaFormSet,
        initial_for=QuotaForm.initial_for,
        save=domain.save_quotas,
        template="programs/quotas_edit.html",
        prefix="quotas",
    )


def _milestone_initial(m):
    values = {
        k: getattr(m, k) for k in ("code", "kind", "title", "text", "date", "quarter", "position")
    }
    return {"id": m.pk, **values}


@login_required
def milestone_list_edit(request, code):
    program = _managed(request, code)
    return _rows_page(
        request,
        program,
        objects=program.milestones.order_by("position"),
        formset_class=MilestoneFormSet,
        initial_for=_milestone_initial,
        save=domain.save_milestones,
        template="programs/milestones_edit.html",
        prefix="milestones",
    )
