"""Candidate pages: list and search, create and edit, facts with a live eligibility verdict."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from dienhinh.core import errors, once
from dienhinh.core.paging import RowsPaginator
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import scope_roots, visible_organisations
from dienhinh.registrations import permissions
from dienhinh.registrations.domain import candidate_counts, dossiers, queries
from dienhinh.registrations.domain import candidates as domain
from dienhinh.registrations.domain.cache import records
from dienhinh.registrations.domain.facts import evaluate_candidate, facts_of, with_facts
from dienhinh.registrations.enums import EntryStatus, RegistrationStatus
from dienhinh.registrations.interfaces.forms import (
    CandidateForm,
    EvidenceForm,
    FactsForm,
    ListFilterForm,
    RecordForm,
)
from dienhinh.registrations.interfaces.rows import LIST_COLUMNS, list_rows
from dienhinh.registrations.models import Candidate, Entry
from dienhinh.registrations.views.common import (
    PAGE_SIZE,
    editable_organisations,
    program_or_404,
    programs_for,
    require_record_role,
    template_programs,
)

UNREGISTERED = "unregistered"
# Organisations moving in the tree change a count without touching a candidate: a bound on how
# long a count may lag behind.
COUNT_SECONDS = 300
# A total counted faster than this is kept in the process only: right after a change, writing it
# to the shared cache (a write transaction on the database cache, five statements) cost more
# than the count (a department's list on SQLite).
SHARE_COUNT_AFTER = 0.05
# A search over every unit with at most this many hits reads its page from the hits.
FEW_HITS = 10_000


class CachedCountPaginator(RowsPaginator):
    """The total (a COUNT over every match) from the cache while the registration data is
    unchanged; the page itself is always read. `narrow(rows, start, stop)`, if given, reads a
    page's rows when they are at most FEW_HITS (the same rows, another plan).

    `hits()`, if given, returns the ids of every match in the list's order, or None when they
    are more than FEW_HITS: a search over every unit. They are kept like the total (which is
    their number) and a page is their slice, read by id: the word index finds a search's hits
    unordered, and at national scale a first page in name order cost its reading and sorting
    every hit again on every request ("nguyen van an": 3,398 hits, 60-100 ms), where a total
    kept made only the COUNT free."""

    def __init__(self, object_list, per_page, key: tuple, narrow=None, total=None, hits=None):
        super().__init__(object_list, per_page)
        self.key = key
        self.narrow = narrow
        self.total = total
        self.hits = hits

    @cached_property
    def hit_ids(self) -> list[int] | None:
        if self.hits is None:
            return None

        def compute():
            ids = self.hits()
            return False if ids is None else ids  # None is the cache's "not kept"

        found = records.get_or_set(
            ("candidate-hits", *self.key), compute, COUNT_SECONDS, share_after=SHARE_COUNT_AFTER
        )
        return None if found is False else found

    def rows(self, object_list, bottom, top):
        if self.hit_ids is not None:
            return object_list.filter(pk__in=self.hit_ids[bottom:top])
        if self.narrow is None or self.count > FEW_HITS:
            return super().rows(object_list, bottom, top)
        return self.narrow(object_list, bottom, top)

    @cached_property
    def count(self):
        if self.hit_ids is not None:
            return len(self.hit_ids)
        if self.total is not None:
            # Kept exact as things change (`candidate_counts`): summed, in the process only.
            return records.kept(("candidate-total", *self.key), self.total)
        return records.get_or_set(
            ("candidate-count", *self.key),
            lambda: Paginator.count.func(self),
            COUNT_SECONDS,
            share_after=SHARE_COUNT_AFTER,
        )


def _count_key(user, params: dict) -> tuple:
    org = params.get("organisation")
    roots = scope_roots(user)
    return (
        None if roots is None else sorted(roots),
        sorted((k, str(v)) for k, v in params.items() if v and k != "organisation"),
        org.path if org else None,
    )


def candidate_statuses():
    return [(UNREGISTERED, _("Not in a registration")), *RegistrationStatus.choices]


def list_params(request, form) -> dict:
    """The filters from a valid filter form, with the organisation code resolved in scope."""
    params = dict(form.cleaned_data) if form.is_valid() else {}
    code = (params.get("organisation") or "").strip().upper()
    params["organisation"] = None
    if code:
        org = visible_organisations(request.user).filter(code=code).first()
        if org is None:
            raise Http404
        params["organisation"] = org
    return params


@login_required
def candidate_list(request):
    require_record_role(request.user)
    programs = programs_for(request.user)
    form = ListFilterForm(request.GET or None, programs=programs, statuses=candidate_statuses())
    params = list_params(request, form)
    qs = queries.filter_list(
        queries.candidates(request.user), params, program_ids={p.code: p.pk for p in programs}
    )
    status = params.get("status")
    if status == UNREGISTERED:
        qs = qs.exclude(
            Exists(
                Entry.objects.filter(candidate=OuterRef("pk")).exclude(
                    registration__status=RegistrationStatus.WITHDRAWN
                )
            )
        )
    elif status:
        qs = qs.filter(
            Exists(Entry.objects.filter(candidate=OuterRef("pk"), registration__status=status))
        )
    qs = (
        qs.select_related("organisation", "field", "program")
        # What the rows show: a page of 50 would otherwise carry 50 copies of the program's
        # texts (basis, purpose, requirements, ...).
        .only(*LIST_COLUMNS)
        .order_by("name_key", "id")
    )
    # Over every unit the hits of a search are no more than its count: when few, read them first.
    every_unit = params.get("q") and scope_roots(request.user) is None
    narrow = queries.hits_page if every_unit else None
    total = None
    if candidate_counts.answers(params):
        total = partial(candidate_counts.total, request.user, params)
    hits = None
    if every_unit and not any(v for k, v in params.items() if k != "q"):
        # The search alone: its hits in name order, kept (`CachedCountPaginator`).
        hits = partial(queries.sorted_hits, qs, FEW_HITS)
    paginator = CachedCountPaginator(
        qs, PAGE_SIZE, _count_key(request.user, params), narrow, total, hits
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list_rows(page.object_list)
    return render(
        request,
        "registrations/candidate_list.html",
        {
            "page": page,
            "form": form,
            "programs": programs,
            "template_programs": template_programs(programs, params.get("program")),
            "can_create": any(
                editable_organisations(request.user, p).exists() for p in programs[:5]
            ),
        },
    )


@login_required
def candidate_create(request):
    require_record_role(request.user)
    code = request.GET.get("program") or request.POST.get("program")
    programs = [p for p in programs_for(request.user, editing=True)]
    if not programs:
        raise Http404
    if not code:
        return render(
            request,
            "registrations/program_picker.html",
            {
                "programs": programs,
                "next_name": "registrations:candidate_create",
                "title": _("New candidate: choose the program"),
            },
        )
    program = program_or_404(request.user, code, editing=True)
    orgs = editable_organisations(request.user, program)
    form = CandidateForm(request.POST or None, program=program, organisations=orgs)
    sent = once.given(request.POST) if request.method == "POST" else ""
    if request.method == "POST" and form.is_valid():
        if not once.claim(request.user, sent):
            # The same form sent again (a double click): the first one's candidate, not a copy.
            messages.info(request, _("This form had already been sent: one candidate is recorded."))
            return redirect(once.previous(request.user, sent) or "registrations:candidate_list")
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            candidate = domain.create_candidate(actor=request.user, program=program, **data)
        except BaseException:
            once.release(request.user, sent)
            raise
        url = reverse("registrations:candidate_detail", args=[candidate.pk])
        once.made(request.user, sent, url)
        messages.success(request, _("The candidate has been recorded."))
        return redirect(url)
    return render(
        request,
        "registrations/candidate_form.html",
        {"form": form, "program": program, "candidate": None, "once": sent or once.token()},
    )


def candidate_in_scope(request, pk) -> Candidate:
    """A candidate the user reads (its unit's, or a unit formed from it), else 404."""
    qs = queries.candidates(request.user).select_related("organisation", "program", "field")
    return get_object_or_404(qs, pk=pk)


def _can_edit(user, candidate, locked: bool | None = None) -> bool:
    """Whether the page offers its forms: the unit's editors until the candidate is accepted,
    then only the standing agency, whose changes are corrections with a reason."""
    if locked is None:
        locked = domain.is_locked(candidate)
    if locked:
        return permissions.may_correct_candidate(user, candidate)
    return permissions.may_edit_candidate(user, candidate)


def may_write(user, candidate) -> bool:
    """Whether a change may be attempted: the unit's editors (the domain then refuses them an
    accepted candidate, with its message), or the standing agency correcting an accepted one."""
    if permissions.may_edit_candidate(user, candidate):
        return True
    return permissions.may_correct_candidate(user, candidate) and domain.is_locked(candidate)


@login_required
def candidate_edit(request, pk):
    candidate = candidate_in_scope(request, pk)
    if not may_write(request.user, candidate):
        raise Http404
    correcting = domain.is_locked(candidate)
    orgs = editable_organisations(request.user, candidate.program)
    if correcting:  # the standing agency corrects; the unit stays as it is
        orgs = Organisation.objects.filter(pk=candidate.organisation_id)
    form = CandidateForm(
        request.POST or None,
        instance=candidate,
        program=candidate.program,
        organisations=orgs,
        correcting=correcting,
    )
    current = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "reason")}
        try:
            domain.update_candidate(
                candidate,
                actor=request.user,
                version=form.cleaned_data.get("version"),
                reason=form.cleaned_data.get("reason", ""),
                **data,
            )
        except errors.DomainError as exc:
            form.add_error(None, str(exc))
            current = Candidate.objects.select_related("organisation", "field").get(pk=pk)
        else:
            messages.success(request, _("The candidate has been saved."))
            return redirect("registrations:candidate_detail", pk=pk)
    return render(
        request,
        "registrations/candidate_form.html",
        {
            "form": form,
            "program": candidate.program,
            "candidate": candidate,
            "current": current,
            "correcting": correcting,
        },
    )


def evaluation_of(candidate, facts=None):
    try:
        return evaluate_candidate(candidate, facts), None
    except LookupError as exc:  # the engine's UnknownField: a field the program lacks
        return None, str(exc)


@login_required
def candidate_detail(request, pk):
    # One read of the candidate, in scope, with its facts and evidence.
    candidate = loaded = get_object_or_404(
        with_facts(
            queries.candidates(request.user).select_related("organisation", "program")
        ).prefetch_related("evidence"),
        pk=pk,
    )
    evaluation, error = evaluation_of(candidate, facts_of(loaded))
    entries = list(
        Entry.objects.filter(candidate=candidate)
        .select_related("registration", "registration__organisation", "registration__program")
        .order_by("-registration__year")
    )
    locked = any(
        e.status == EntryStatus.ACCEPTED and e.registration.status != RegistrationStatus.WITHDRAWN
        for e in entries
    )
    # "Changed since submission", as on the registration page: only entries sent at least once
    # have a dossier to compare with (a draft costs no query).
    for e in entries:
        e.candidate = loaded
    sent = [e for e in entries if e.registration.status != RegistrationStatus.DRAFT]
    changes = dossiers.changes_since_submission(sent) if sent else {}
    for e in entries:
        e.changes = changes.get(e.pk, [])
    can_edit = _can_edit(request.user, candidate, locked)
    return render(
        request,
        "registrations/candidate_detail.html",
        {
            "candidate": loaded,
            "evaluation": evaluation,
            "evaluation_error": error,
            "can_attest": permissions.may_attest(request.user, candidate),
            "can_see_personal_data": permissions.may_export_personal_data(request.user, candidate),
            "can_edit": can_edit,
            "facts_form": FactsForm(candidate=loaded) if can_edit else None,
            "record_form": RecordForm(initial={"version": loaded.version}) if can_edit else None,
            "evidence_form": EvidenceForm() if can_edit else None,
            "entries": entries,
            "locked": locked,
        },
    )
