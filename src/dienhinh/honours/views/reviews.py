"""Review rounds (sơ kết, tổng kết) with shortlists and reports; replication records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core.errors import NotPermitted
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError, replication, reviews
from dienhinh.honours.domain import queries as honours_queries
from dienhinh.honours.interfaces.forms import LearningVisitForm, ReplicationForm, SendTypicalForm
from dienhinh.honours.models import LearningVisit, Replication
from dienhinh.orgs import queries


@login_required
def review_list(request):
    if not permissions.may_open_standing_pages(request.user):
        raise Http404
    programs = honours_queries.review_programs(request.user).prefetch_related("review_rounds")
    return render(request, "honours/review_list.html", {"programs": programs})


@login_required
@require_POST
def review_setup(request, code):
    program = get_object_or_404(honours_queries.review_programs(request.user), code=code)
    try:
        created = reviews.rounds_from_milestones(program, actor=request.user)
        messages.success(
            request, _("%(n)d review rounds created from the milestones.") % {"n": len(created)}
        )
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:review_list")


@login_required
def review_detail(request, pk):
    review = honours_queries.review_or_404(request.user, pk)
    entries = list(honours_queries.review_entries(review))
    shortlisted = {e.exemplar_id for e in entries}
    candidates = [
        ex
        for ex in honours_queries.exemplars(request.user).filter(
            program=review.program, state__in=reviews.SHORTLISTABLE
        )
        if ex.pk not in shortlisted
    ]
    return render(
        request,
        "honours/review_detail.html",
        {
            "review": review,
            "entries": entries,
            "candidates": candidates,
            "send_form": SendTypicalForm()
            if review.sent_on is None and permissions.may_review(request.user, review.program)
            else None,
        },
    )


@login_required
@require_POST
def review_send(request, pk):
    """Send the review's typical exemplars up (to Sở Nội vụ): a step with its date."""
    review = honours_queries.review_or_404(request.user, pk)
    form = SendTypicalForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("honours:review_detail", pk=review.pk)
    try:
        reviews.send_typical(
            review,
            actor=request.user,
            sent_on=form.cleaned_data["sent_on"],
            recipient=form.cleaned_data["recipient"],
        )
        messages.success(request, _("The list of typical exemplars has been recorded as sent."))
    except (HonoursError, NotPermitted) as exc:
        messages.error(request, str(exc))
    return redirect("honours:review_detail", pk=review.pk)


@login_required
@require_POST
def review_shortlist(request, pk):
    review = honours_queries.review_or_404(request.user, pk)
    exemplar_id = request.POST.get("exemplar", "")
    exemplar = (
        honours_queries.exemplars(request.user)
        .filter(pk=exemplar_id if exemplar_id.isdigit() else 0)
        .first()
    )
    if exemplar is None:
        messages.error(request, _("Choose an exemplar."))
    else:
        try:
            reviews.shortlist(
                review, exemplar, actor=request.user, typical=bool(request.POST.get("typical"))
            )
        except (HonoursError, NotPermitted) as exc:
            messages.error(request, str(exc))
    return redirect("honours:review_detail", pk=review.pk)


@login_required
def review_report(request, pk):
    review = honours_queries.review_or_404(request.user, pk)
    entries = list(honours_queries.review_entries(review))
    return render(
        request,
        "honours/review_report.html",
        {
            "review": review,
            "entries": entries,
            "typical": [e for e in entries if e.typical],
            "stats": reviews.statistics(entries),
        },
    )


@login_required
@require_POST
def replication_add(request, pk):
    exemplar = honours_queries.exemplar_or_404(request.user, pk)
    form = ReplicationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(
            request,
            _("Please correct the replication: %(errors)s") % {"errors": form.errors.as_text()},
        )
    else:
        try:
            replication.add_replication(exemplar, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Replication recorded."))
        except (HonoursError, NotPermitted) as exc:
            messages.error(request, str(exc))
    return redirect("honours:exemplar_detail", pk=exemplar.pk)


@login_required
@require_POST
def learning_add(request, pk):
    """Record a learning visit to the exemplar (học tập)."""
    exemplar = honours_queries.exemplar_or_404(request.user, pk)
    form = LearningVisitForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Please correct the learning visit: %(errors)s") % {"errors": form.errors.as_text()},
        )
    else:
        try:
            replication.add_learning_visit(exemplar, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Learning visit recorded."))
        except (HonoursError, NotPermitted) as exc:
            messages.error(request, str(exc))
    return redirect("honours:exemplar_detail", pk=exemplar.pk)


@login_required
def replication_report(request):
    qs = queries.scoped(
        Replication.objects.select_related(
            "organisation", "exemplar__candidate__field", "exemplar__organisation"
        ),
        request.user,
        "exemplar__organisation",
    )
    return render(
        request,
        "honours/replication_report.html",
        {
            "replications": qs,
            "totals": replication.totals(qs),
            "learning": replication.learning_totals(
                queries.scoped(LearningVisit.objects.all(), request.user, "exemplar__organisation")
            ),
        },
    )
