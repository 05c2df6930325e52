"""Decision pages: honours in force, recording a decision, revoking an honour, the fund."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import NotPermitted
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError, decisions
from dienhinh.honours.interfaces.forms import DecisionForm, SpendingForm
from dienhinh.honours.models import Decision, Honour, Spending
from dienhinh.orgs import queries
from dienhinh.programs.models import Program
from dienhinh.programs.queries import programs_for
from dienhinh.registrations.enums import ExemplarState as S
from dienhinh.registrations.models import Exemplar

HONOUR_RELATED = (
    "decision__recorded_by",
    "exemplar__candidate",
    "exemplar__organisation",
)


def _honours(user):
    return queries.scoped(
        Honour.objects.select_related(*HONOUR_RELATED), user, "exemplar__organisation"
    )


def _require_standing(user):
    if not permissions.may_open_standing_pages(user):
        raise Http404


def _program_choices(user):
    """The programs offered in a dropdown: those the user works with (no drafts, no other
    province's), within the standing agency's scope."""
    return permissions.overseen(programs_for(user), user)


@login_required
def honour_list(request):
    """Honours in force (revoked ones leave this list)."""
    page = Paginator(_honours(request.user).current(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "honours/honour_list.html",
        {"page": page, "can_record": permissions.may_open_standing_pages(request.user)},
    )


@login_required
def decision_detail(request, pk):
    honours = list(_honours(request.user).filter(decision_id=pk))
    if not honours:
        raise Http404
    return render(
        request,
        "honours/decision_detail.html",
        {
            "decision": honours[0].decision,
            "honours": honours,
            "can_revoke": {
                h.pk
                for h in honours
                if not h.is_revoked and permissions.may_revoke_honour(request.user, h)
            },
        },
    )


@login_required
def decision_create(request):
    _require_standing(request.user)
    form = DecisionForm(request.POST or None)
    form.fields["program"].queryset = _program_choices(request.user)
    candidates = permissions.overseen(
        Exemplar.objects.select_related("candidate", "organisation", "program"), request.user
    ).filter(state__in=(S.RECOGNISED, S.SELECTED, *decisions.ALREADY_COMMENDED))
    if request.method == "POST" and form.is_valid():
        chosen = candidates.filter(
            pk__in=[v for v in request.POST.getlist("exemplars") if v.isdigit()]
        )
        try:
            decision = decisions.record_decision(
                actor=request.user, exemplars=chosen, **form.cleaned_data
            )
            messages.success(request, _("The decision has been recorded."))
            return redirect("honours:decision_detail", pk=decision.pk)
        except (HonoursError, NotPermitted) as exc:
            messages.error(request, str(exc))
    chosen = {int(v) for v in request.POST.getlist("exemplars") if v.isdigit()}
    return render(
        request,
        "honours/decision_form.html",
        {"form": form, "candidates": candidates, "chosen": chosen},
    )


@login_required
@require_POST
def honour_revoke(request, pk):
    honour = queries.get_or_404(
        Honour.objects.select_related(*HONOUR_RELATED),
        request.user,
        "exemplar__organisation",
        pk=pk,
    )
    try:
        decisions.revoke_honour(honour, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The honour has been revoked; its history is kept."))
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:decision_detail", pk=honour.decision_id)


@login_required
def funding(request):
    """Spending from the emulation–commendation fund, with totals per program and year."""
    _require_standing(request.user)
    spendings = permissions.overseen(
        Spending.objects.select_related("program", "decision", "review"),
        request.user,
        "program__organisation",
    )
    programs = permissions.overseen(Program.objects.all(), request.user)
    form = SpendingForm(request.POST or None)
    form.fields["program"].queryset = _program_choices(request.user)
    form.fields["decision"].queryset = Decision.objects.filter(program__in=programs)
    form.fields["review"].queryset = form.fields["review"].queryset.filter(program__in=programs)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.add_spending(actor=request.user, **form.cleaned_data)
            messages.success(request, _("The spending has been recorded."))
            return redirect("honours:funding")
        except (HonoursError, NotPermitted) as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "honours/funding.html",
        {
            "form": form,
            "totals": decisions.spending_totals(spendings),
            "page": Paginator(spendings, 50).get_page(request.GET.get("page")),
        },
    )
