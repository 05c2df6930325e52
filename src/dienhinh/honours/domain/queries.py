"""The honours app's scoped reads: what a user may see of exemplars, vote sessions and review
rounds. Another organisation's record answers 404 (`Http404`, as `orgs.queries.get_or_404`)."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from dienhinh.core.actors import Actor
from dienhinh.honours import permissions
from dienhinh.honours.domain import voting
from dienhinh.honours.models import Honour, ReviewEntry, ReviewRound, VoteSession
from dienhinh.orgs import queries
from dienhinh.programs.models import Program
from dienhinh.registrations.models import Exemplar

EXEMPLAR_RELATED = ("candidate", "candidate__field", "program", "organisation")


def exemplars(user: Actor) -> QuerySet[Exemplar]:
    return queries.scoped(Exemplar.objects.select_related(*EXEMPLAR_RELATED), user)


def exemplar_or_404(user: Actor, pk: int | str) -> Exemplar:
    return queries.get_or_404(Exemplar.objects.select_related(*EXEMPLAR_RELATED), user, pk=pk)


def sessions(user: Actor) -> QuerySet[VoteSession]:
    """Vote sessions of the user's councils, and those the user runs as the standing agency."""
    return permissions.visible_sessions(
        user, VoteSession.objects.select_related("program", "council")
    )


def session_or_404(user: Actor, pk: int | str) -> VoteSession:
    return get_object_or_404(sessions(user), pk=pk)


def minutes_session_or_404(user: Actor, pk: int | str) -> VoteSession:
    """A session whose minutes (biên bản) and results the user may read: the secretary any
    time, members once closed. While the session is open the minutes show no count."""
    session = session_or_404(user, pk)
    if not (voting.is_secretary(user, session) or not session.is_open):
        raise Http404
    return session


def review_programs(user: Actor) -> QuerySet[Program]:
    """Programs whose review rounds the user runs (the standing agency)."""
    return permissions.overseen(Program.objects.all(), user)


def review_or_404(user: Actor, pk: int | str) -> ReviewRound:
    return get_object_or_404(
        ReviewRound.objects.select_related("program__organisation").filter(
            program__in=review_programs(user)
        ),
        pk=pk,
    )


def review_entries(review: ReviewRound) -> QuerySet[ReviewEntry]:
    """The shortlist of a review round, by name."""
    return review.entries.select_related(
        "exemplar__candidate__field", "exemplar__organisation"
    ).order_by("exemplar__candidate__name_key")


def decision_honours(user: Actor, decision_pk: int | str) -> QuerySet[Honour]:
    """The honours of one decision that the user may see (those of units in scope)."""
    return queries.scoped(
        Honour.objects.select_related(
            "decision__program__standing_agency",
            "decision__program__organisation",
            "exemplar__candidate",
            "exemplar__organisation",
        ).filter(decision_id=decision_pk),
        user,
        "exemplar__organisation",
    ).order_by("exemplar__candidate__name_key", "pk")
