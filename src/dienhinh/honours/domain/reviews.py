"""Review rounds: "sơ kết" (preliminary) and "tổng kết" (final), dated from the program's
milestones (Plan 2690: Q2 2023 and Q1 2025), with their shortlists and statistics."""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.actors import Actor, user_of
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


def typical_rows(review: ReviewRound, day: datetime.date) -> list[dict[str, str]]:
    """The typical exemplars of the shortlist as the list reads on `day`."""
    entries = (
        review.entries.filter(typical=True)
        .select_related("exemplar__candidate__field", "exemplar__organisation")
        .order_by("exemplar__organisation__path", "exemplar__candidate__name_key", "pk")
    )
    return [
        {
            "name": e.exemplar.candidate.name,
            "unit": e.exemplar.organisation.name_on(day),
            "field": str(e.exemplar.candidate.field) if e.exemplar.candidate.field_id else "",
            "subject_type": str(e.exemplar.candidate.get_subject_type_display()),
        }
        for e in entries
    ]


@transaction.atomic
def send_typical(
    review: ReviewRound, *, actor: Actor, sent_on: datetime.date | None, recipient: str
) -> ReviewRound:
    """Send the review's typical exemplars up (Plan 2690: after the preliminary review, to Sở Nội
    vụ): records the step with its date, the recipient and the list as sent. Once only."""
    review = ReviewRound.objects.select_for_update().select_related("program").get(pk=review.pk)
    _check(actor, review.program)
    if review.sent_on is not None:
        raise HonoursError(
            _("The list was already sent to %(to)s on %(day)s.")
            % {"to": review.sent_to, "day": review.sent_on.strftime("%d/%m/%Y")}
        )
    recipient = (recipient or "").strip()
    if not recipient:
        raise HonoursError(_("Say to whom the list is sent (e.g. Sở Nội vụ)."))
    if sent_on is None or sent_on < review.date:
        raise HonoursError(
            _("The list is sent on or after the review's date (%(day)s).")
            % {"day": review.date.strftime("%d/%m/%Y")}
        )
    rows = typical_rows(review, sent_on)
    if not rows:
        raise HonoursError(_("No typical exemplar to send: mark some on the shortlist first."))
    review.sent_on, review.sent_to, review.sent_list = sent_on, recipient, rows
    review.sent_by = user_of(actor)
    review.save(update_fields=["sent_on", "sent_to", "sent_list", "sent_by"])
    audit.record(
        "review.send",
        review,
        actor=actor,
        after={"sent_on": sent_on, "sent_to": recipient, "names": [r["name"] for r in rows]},
    )
    return review


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
