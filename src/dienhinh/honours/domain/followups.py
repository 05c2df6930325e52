"""Recording follow-ups of an exemplar being nurtured (Plan 2690 §II.1: check, find, help)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.honours.domain import HonoursError
from dienhinh.honours.domain.lifecycle import ENDED
from dienhinh.honours.enums import FollowUpKind
from dienhinh.honours.models import FollowUp
from dienhinh.orgs.queries import covers
from dienhinh.orgs.roles import STANDING, UNIT
from dienhinh.registrations.models import Exemplar


def may_follow_up(user, exemplar: Exemplar) -> bool:
    return exemplar.state not in ENDED and covers(user, exemplar.organisation, UNIT + STANDING)


@transaction.atomic
def add_follow_up(
    exemplar: Exemplar,
    *,
    actor,
    kind: str,
    text: str,
    date: datetime.date | None = None,
    effect: str = "",
    influence: str = "",
) -> FollowUp:
    """Write a follow-up by the unit or the standing agency, and audit it."""
    if not may_follow_up(actor, exemplar):
        raise HonoursError(_("You may not add a follow-up to this exemplar."))
    if kind == FollowUpKind.INSPECTION and not (effect.strip() or influence.strip()):
        raise HonoursError(_("An inspection assesses the exemplar's effect and influence."))
    followup = FollowUp.objects.create(
        exemplar=exemplar,
        kind=kind,
        text=text.strip(),
        date=date or datetime.date.today(),
        effect=effect.strip(),
        influence=influence.strip(),
        author=actor,
        author_name=(actor.get_full_name() or actor.get_username())[:200],
    )
    audit.record(
        "exemplar.follow_up",
        exemplar,
        actor=actor,
        after={"kind": kind, "date": followup.date},
    )
    return followup
