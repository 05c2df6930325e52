"""Replication (nhân rộng): recording where an exemplar's model is adopted; totals."""

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
from dienhinh.honours.models import LearningVisit, Replication
from dienhinh.orgs.enums import OrgKind
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.enums import ExemplarState as S
from dienhinh.registrations.models import Exemplar

REPLICABLE = (S.RECOGNISED, S.SELECTED, S.COMMENDED, S.REPLICATED, S.PUBLISHED)


@transaction.atomic
def add_replication(
    exemplar: Exemplar,
    *,
    actor: Actor,
    organisation: Organisation,
    date: datetime.date,
    outcome: str,
    progress: str = "",
) -> Replication:
    require(
        permissions.may_replicate(actor, exemplar),
        visible=permissions.may_read_exemplar(actor, exemplar),
        message=_("You may not make this change."),
    )
    if exemplar.state not in REPLICABLE:
        raise HonoursError(_("Only recognised exemplars are replicated."))
    replication = Replication.objects.create(
        exemplar=exemplar, organisation=organisation, date=date, outcome=outcome, progress=progress
    )
    audit.record(
        "exemplar.replication",
        exemplar,
        actor=actor,
        after={"organisation": organisation, "date": date, "outcome": outcome},
    )
    return replication


@transaction.atomic
def add_learning_visit(
    exemplar: Exemplar,
    *,
    actor: Actor,
    date: datetime.date,
    visitors: str,
    participants: int,
    organisation: Organisation | None = None,
    note: str = "",
) -> LearningVisit:
    """Record that people came to learn from the exemplar (học tập): who, when, how many. The
    same people as replication record it (the standing agency, the exemplar's unit)."""
    require(
        permissions.may_replicate(actor, exemplar),
        visible=permissions.may_read_exemplar(actor, exemplar),
        message=_("You may not make this change."),
    )
    if exemplar.state not in REPLICABLE:
        raise HonoursError(_("Only recognised exemplars are learned from."))
    visitors = (visitors or "").strip()
    if not visitors:
        raise HonoursError(_("Say who came to learn."))
    if participants < 1:
        raise HonoursError(_("Give the number of people who came to learn (at least 1)."))
    visit = LearningVisit.objects.create(
        exemplar=exemplar,
        date=date,
        visitors=visitors,
        organisation=organisation,
        participants=participants,
        note=note,
        recorded_by=user_of(actor),
    )
    audit.record(
        "exemplar.learning",
        exemplar,
        actor=actor,
        after={"visitors": visitors, "date": date, "participants": participants},
    )
    return visit


def learning_totals(visits: Iterable[LearningVisit]) -> dict[str, int]:
    """How many learning visits, and how many people came, in `visits`."""
    visits = list(visits)
    return {"visits": len(visits), "people": sum(v.participants for v in visits)}


def district_of(org: Organisation, districts: dict[str, Organisation]) -> str:
    """The district or city the organisation lies in, else the organisation's own name."""
    for path, district in districts.items():
        if org.path.startswith(path):
            return district.name
    return org.name


def totals(replications: Iterable[Replication]) -> dict[str, list[tuple[str, int]]]:
    """Replications counted by the adopting organisation's district and by the exemplar's field."""
    replications = list(replications)
    districts = {d.path: d for d in Organisation.objects.filter(kind=OrgKind.DISTRICT)}
    by_district: Counter[str] = Counter()
    by_field: Counter[str] = Counter()
    for r in replications:
        by_district[district_of(r.organisation, districts)] += 1
        field = r.exemplar.candidate.field
        by_field[str(field) if field else "—"] += 1
    return {"by_district": sorted(by_district.items()), "by_field": sorted(by_field.items())}
