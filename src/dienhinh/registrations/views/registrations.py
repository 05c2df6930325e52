"""Registration pages: list, open a draft, choose its candidates, move it through the workflow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core import transitions
from dienhinh.core.errors import NotPermitted
from dienhinh.core.links import path_builder
from dienhinh.programs.enums import SubjectType
from dienhinh.programs.models import Program
from dienhinh.registrations import permissions
from dienhinh.registrations.domain import DomainError, dossiers, queries, workflow
from dienhinh.registrations.domain import registrations as domain
from dienhinh.registrations.domain.facts import evaluate_registration
from dienhinh.registrations.enums import EntryStatus, RegistrationStatus
from dienhinh.registrations.interfaces.forms import (
    EntriesForm,
    ListFilterForm,
    RegistrationCreateForm,
    VersionField,
)
from dienhinh.registrations.interfaces.panels import render_panels
from dienhinh.registrations.interfaces.rows import Row
from dienhinh.registrations.models import Candidate, Entry, Registration
from dienhinh.registrations.views.candidates import list_params
from dienhinh.registrations.views.common import (
    PAGE_SIZE,
    programs_for,
    require_record_role,
    template_programs,
)

LIST_COLUMNS = ("year", "status", "organisation__name", "program__number")
# The status badge's colour (as registrations/_status.html).
BADGES = {
    RegistrationStatus.ACCEPTED: "green",
    RegistrationStatus.SUBMITTED: "blue",
    RegistrationStatus.AWAITING_APPROVAL: "blue",
    RegistrationStatus.RETURNED: "red",
    RegistrationStatus.WITHDRAWN: "grey",
}


@login_required
def registration_list(request):
    require_record_role(request.user)
    programs = programs_for(request.user)
    form = ListFilterForm(
        request.GET or None, programs=programs, statuses=RegistrationStatus.choices
    )
    params = list_params(request, form)
    qs = queries.registrations(request.user)
    if params.get("program"):
        qs = qs.filter(program__code=params["program"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("organisation"):
        qs = qs.filter(organisation__path__startswith=params["organisation"].path)
    if params.get("q"):
        qs = queries.search(qs, params["q"], "organisation__search_text")
    qs = (
        qs.select_related("organisation", "program")
        # What the rows show: a page of 50 would otherwise carry (and sort) 50 copies of the
        # program's texts (basis, purpose, requirements, ...).
        .only(*LIST_COLUMNS)
        .order_by("-year", "organisation__path", "id")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # The rows as plain values (`Row`): fifty registrations built as models, with their unit
    # and program, cost more than the rest of the view.
    rows = list(page.object_list.values("pk", *LIST_COLUMNS))
    # Entries counted for the page's registrations only (a COUNT over every registration's
    # entries, grouped, cost more than the rest of the page at province size).
    counts = dict(
        Entry.objects.filter(registration__in=[r["pk"] for r in rows])
        .values_list("registration_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    detail_url = path_builder("registrations:registration_detail")
    labels = dict(RegistrationStatus.choices)
    page.object_list = [
        Row(
            pk=r["pk"],
            year=r["year"],
            status=r["status"],
            organisation=Row(name=r["organisation__name"]),
            program=Row(number=r["program__number"]),
            entry_count=counts.get(r["pk"], 0),
            url=detail_url(r["pk"]),
            status_label=labels.get(r["status"], r["status"]),
            badge=BADGES.get(r["status"], "amber"),
        )
        for r in rows
    ]
    return render(
        request,
        "registrations/registration_list.html",
        {
            "page": page,
            "form": form,
            "template_programs": template_programs(programs, params.get("program")),
            "can_create": bool(programs_for(request.user, editing=True, among=programs)),
        },
    )


def _edit_orgs(user):
    return permissions.editable_units(user)


@login_required
def registration_create(request):
    programs = programs_for(request.user, editing=True)
    if not programs:
        raise Http404
    form = RegistrationCreateForm(
        request.POST or None,
        programs=Program.objects.filter(pk__in=[p.pk for p in programs]),
        organisations=_edit_orgs(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["organisation"].path.startswith(data["program"].organisation.path):
            form.add_error(
                "organisation", _("This unit is not among those the program applies to.")
            )
        else:
            try:
                registration = domain.create_registration(actor=request.user, **data)
            except domain.YearRefused as exc:
                form.add_error("year", str(exc))
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The registration has been opened as a draft."))
                return redirect("registrations:registration_detail", pk=registration.pk)
    return render(request, "registrations/registration_create.html", {"form": form})


def _registration(request, pk) -> Registration:
    return get_object_or_404(
        queries.registrations(request.user).select_related(
            "organisation", "program__organisation", "approved_by"
        ),
        pk=pk,
    )


def _choices(registration: Registration):
    """Candidates the unit may put in this registration: its own and its sub-units', same program
    (those already accepted in it stay, and are not offered)."""
    return (
        Candidate.objects.filter(
            program=registration.program,
            organisation__path__startswith=registration.organisation.path,
        )
        # Accepted in this registration, by one and the same entry: a candidate accepted in an
        # earlier year's registration and entered in this one is still offered (two conditions
        # on `entries__` in one exclude() may each be met by a different entry).
        .exclude(
            pk__in=Entry.objects.filter(
                registration=registration, status=EntryStatus.ACCEPTED
            ).values("candidate_id")
        )
        .select_related("organisation")
        .order_by("subject_type", "name_key")
    )


def _detail_context(request, registration, entries_form=None):
    entries = _evaluated_entries(registration)
    changes = dossiers.changes_since_submission(
        entries, submitted=registration.submitted_at is not None
    )
    for e in entries:
        e.changes = changes.get(e.pk, [])
    can_edit = permissions.may_edit_entries(request.user, registration)
    if can_edit and entries_form is None:
        entries_form = EntriesForm(
            choices=_choices(registration),
            initial={
                "candidates": [e.candidate_id for e in entries if not _accepted(e)],
                "notes": registration.notes,
                "version": registration.version,
            },
        )
    history = registration_history(registration)
    return {
        "not_eligible": not_eligible(entries),
        "warn_statuses": WARN_STATUSES,
        "links": document_links(request.user, registration),
        "panels": render_panels(request.user, registration),
        "registration": registration,
        "entries": entries,
        "sections": _sections(entries),
        "entries_form": entries_form if can_edit else None,
        "actions": transitions.allowed(request.user, registration),
        "pending": [e for e in entries if not _accepted(e)],
        "accepted": [e for e in entries if _accepted(e)],
        "history": history,
    }


def _accepted(entry: Entry) -> bool:
    return entry.status == EntryStatus.ACCEPTED


def _sections(entries):
    out = []
    for value, label in SubjectType.choices:
        rows = [e for e in entries if e.candidate.subject_type == value]
        if rows:
            out.append((value, label, rows))
    return out


def registration_history(registration) -> list[dict]:
    """The audit trail in words: each move's label, and "System" when no person made it."""
    return [
        {
            "at": h.at,
            "who": h.actor_display,
            "label": transitions.label(h.action),
            "reason": h.reason,
        }
        for h in transitions.history(registration).order_by("at", "id")
    ]


# While the unit or its head may still send the registration on.
WARN_STATUSES = (
    RegistrationStatus.DRAFT,
    RegistrationStatus.RETURNED,
    RegistrationStatus.AWAITING_APPROVAL,
)


def not_eligible(entries) -> list[Candidate]:
    """Candidates the program's standards rule out: a warning only, a reviewer may know better."""
    return [e.candidate for e in entries if getattr(e.evaluation, "verdict", None) == "fail"]


def document_links(user, registration: Registration) -> dict | None:
    """The registration form downloads and the import page, for those who may open them."""
    if not permissions.may_export(user, registration.organisation, registration.program):
        return None
    return {
        "formats": ("docx", "pdf", "xlsx"),
        "may_import": permissions.may_import(user, registration.organisation, registration.program),
    }


@login_required
def registration_detail(request, pk):
    registration = _registration(request, pk)
    status = 200
    form = None
    if request.method == "POST":
        if not permissions.may_edit_entries(request.user, registration):
            raise Http404
        form = EntriesForm(request.POST, choices=_choices(registration))
        if form.is_valid():
            try:
                kept = Candidate.objects.filter(
                    entries__registration=registration, entries__status=EntryStatus.ACCEPTED
                )
                domain.set_entries(
                    registration,
                    actor=request.user,
                    candidates=[*kept, *form.cleaned_data["candidates"]],
                    notes=form.cleaned_data["notes"],
                    version=form.cleaned_data.get("version"),
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("The registration has been saved."))
                return redirect("registrations:registration_detail", pk=pk)
        else:
            status = 400
    return render(
        request,
        "registrations/registration_detail.html",
        _detail_context(request, registration, form),
        status=status,
    )


# What the page shows of an entry and its candidate: the candidate's program is the
# registration's, and its other columns (and the program's long texts and JSON, read per row
# when joined) are not shown.
ENTRY_COLUMNS = (
    *("registration", "candidate", "status", "return_reason", "position"),
    *(f"candidate__{name}" for name in ("program", "subject_type", "name", "head_name")),
    *(f"candidate__{name}" for name in ("position", "workplace", "address", "solutions")),
    *("candidate__notes", "candidate__version", "candidate__field__code"),
    "candidate__field__name",
)


def _evaluated_entries(registration) -> list[Entry]:
    entries = list(
        Entry.objects.filter(registration=registration)
        .select_related("candidate__field")
        .only(*ENTRY_COLUMNS)
    )
    evaluations = evaluate_registration(registration, entries=len(entries)) if entries else {}
    candidate_url = path_builder("registrations:candidate_detail")
    for entry in entries:
        entry.candidate.program = registration.program
        entry.evaluation = evaluations.get(entry.candidate_id)  # type: ignore[attr-defined]
        entry.candidate_url = candidate_url(entry.candidate_id)  # type: ignore[attr-defined]
    return entries


def _warn_not_eligible(request, registration) -> None:
    names = [c.name for c in not_eligible(_evaluated_entries(registration))]
    if names:
        messages.warning(request, not_eligible_text(names))


def not_eligible_text(names: list[str]) -> str:
    return _(
        "Not eligible by the program's standards: %(names)s. The registration may still be "
        "sent; check them before approving."
    ) % {"names": ", ".join(names)}


@require_POST
@login_required
def registration_transition(request, pk):
    registration = _registration(request, pk)
    action = request.POST.get("action", "")
    entry_reasons = {
        int(key.removeprefix("entry_reason_")): value
        for key, value in request.POST.items()
        if key.startswith("entry_reason_") and key.removeprefix("entry_reason_").isdigit()
    }
    version = request.POST.get("version", "")
    try:
        if not version.isdigit():
            raise DomainError(VersionField.default_error_messages["required"])
        workflow.transition(
            registration,
            action,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            entry_reasons=entry_reasons,
            version=int(version),
        )
    except (DomainError, NotPermitted) as exc:
        messages.error(request, str(exc))
    else:
        registration.refresh_from_db(fields=["status"])
        done = workflow.WORKFLOW[action].label
        if registration.status == RegistrationStatus.PARTLY_ACCEPTED:
            done = workflow.WORKFLOW["accept_part"].label
        messages.success(request, _("Done: %(action)s.") % {"action": done})
        if action in ("request_approval", "approve"):
            _warn_not_eligible(request, registration)
    return redirect("registrations:registration_detail", pk=pk)
