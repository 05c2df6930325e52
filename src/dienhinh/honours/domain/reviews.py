"""Review rounds: "sơ kết" (preliminary) and "tổng kết" (final), dated from the program's
milestones (Plan 2690: Q2 2023 and Q1 2025), with their shortlists and statistics."""

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.actors import Actor
from dienhinh.core.errors import require
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError
from dienhinh.honours.enums import ReviewKind
from dienhinh.honours.models import ReviewEntry, ReviewRound
from dienhinh.programs.enums import MilestoneKind
from dienhinh.programs.models import Program
from dienhinh.registrations.enums import ExemplarState as S
from dienhinh.registrations.models import Exemplar

MILESTONE_KINDS: dict[str, str] = {
    MilestoneKind.PRELIMINARY_REVIEW: ReviewKind.PRELIMINARY,
    MilestoneKind.FINAL_REVIEW: ReviewKind.FINAL,
}
# Exemplars a review may shortlist: recognised, or further along.
SHORTLISTABLE = (S.RECOGNISED, S.SELECTED, S.COMMENDED, S.REPLICATED, S.PUBLISHED)


def _check(actor: Actor, program: Program) -> None:
    require(
        permissions.may_review(actor, program),
        visible=True,  # programs in force are open to every signed-in user
        message=_("You may not make this change."),
    )


@transaction.atomic
def rounds_from_milestones(program: Program, *, actor: Actor) -> list[ReviewRound]:
    """Create the program's review rounds from its dated review milestones (once each)."""
    _check(actor, program)
    created = []
    for milestone in program.milestones.filter(kind__in=list(MILESTONE_KINDS)):
        day = milestone.due_date
        if day is None:
            continue  # an undated milestone: the round is created by hand later
        review, made = ReviewRound.objects.get_or_create(
            program=program,
            kind=MILESTONE_KINDS[milestone.kind],
            defaults={"title": milestone.title, "date": day, "milestone": milestone},
        )
        if made:
            audit.record(
                "review.create", review, actor=actor, after={"date": day, "kind": review.kind}
            )
            created.append(review)
    return created


@transaction.atomic
def shortlist(
    review: ReviewRound, exemplar: Exemplar, *, actor: Actor, typical: bool = False
) -> ReviewEntry:
    """Put an exemplar on the review's shortlist; `typical` ones are sent up."""
    _check(actor, review.program)
    if exemplar.program_id != review.program_id or exemplar.state not in SHORTLISTABLE:
        raise HonoursError(_("Only recognised exemplars of this program can be shortlisted."))
    entry, _made = ReviewEntry.objects.update_or_create(
        review=review, exemplar=exemplar, defaults={"typical": typical}
    )
    audit.record(
        "review.shortlist",
        exemplar,
        actor=actor,
        after={"review": review.title, "typical": typical},
    )
    return entry


def statistics(entries: Iterable[ReviewEntry]) -> dict[str, list[tuple[str, int]]]:
    """Counts of a shortlist by field, subject type and organisation (entries preloaded)."""
    by_field: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_org: Counter[str] = Counter()
    for entry in entries:
        candidate = entry.exemplar.candidate
        by_field[str(candidate.field) if candidate.field_id else "—"] += 1
        by_type[candidate.get_subject_type_display()] += 1
        by_org[entry.exemplar.organisation.name] += 1
    return {
        "by_field": sorted(by_field.items()),
        "by_type": sorted(by_type.items()),
        "by_organisation": sorted(by_org.items()),
    }
