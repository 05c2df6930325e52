"""Recording follow-ups of an exemplar being nurtured (Plan 2690 §II.1: check, find, help)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core import audit, dates
from dienhinh.core.actors import Actor, name_of, user_of
from dienhinh.core.errors import require
from dienhinh.honours import permissions
from dienhinh.honours.domain import HonoursError
from dienhinh.honours.enums import FollowUpKind
from dienhinh.honours.models import FollowUp
from dienhinh.registrations.models import Exemplar


@transaction.atomic
def add_follow_up(
    exemplar: Exemplar,
    *,
    actor: Actor,
    kind: str,
    text: str,
    date: datetime.date | None = None,
    effect: str = "",
    influence: str = "",
) -> FollowUp:
    """Write a follow-up by the unit or the standing agency, and audit it."""
    require(
        permissions.may_follow_up(actor, exemplar),
        visible=permissions.may_read_exemplar(actor, exemplar),
        message=_("You may not add a follow-up to this exemplar."),
    )
    if kind == FollowUpKind.INSPECTION and not (effect.strip() or influence.strip()):
        raise HonoursError(_("An inspection assesses the exemplar's effect and influence."))
    if problem := dates.problem(date, _("The follow-up date")):
        raise HonoursError(problem)
    followup = FollowUp.objects.create(
        exemplar=exemplar,
        kind=kind,
        text=text.strip(),
        date=date or datetime.date.today(),
        effect=effect.strip(),
        influence=influence.strip(),
        author=user_of(actor),
        author_name=name_of(actor)[:200],
    )
    audit.record(
        "exemplar.follow_up",
        exemplar,
        actor=actor,
        after={"kind": kind, "date": followup.date},
    )
    return followup
