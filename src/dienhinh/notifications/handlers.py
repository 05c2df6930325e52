"""Subscribers of the domain events: each works out the readers and writes the notifications.

registration.moved  request_approval → the unit's head; approve → the standing agency;
                    accept, accept_part, return → the unit's officers and the registration's
                    author, with the reason of each returned entry
vote.opened         → the members on the session's roster
decision.recorded   → the officers and heads of each honoured exemplar's unit
"""

from collections import defaultdict
from typing import Any

from django.urls import reverse

from dienhinh.core import events
from dienhinh.honours import permissions as honour_permissions
from dienhinh.honours.models import Decision, VoteSession
from dienhinh.notifications.domain import notify
from dienhinh.notifications.enums import Kind
from dienhinh.notifications.recipients import allowed, holders
from dienhinh.orgs.roles import HEADS, OFFICERS, RECEIVERS, UNIT
from dienhinh.registrations import permissions as registration_permissions
from dienhinh.registrations.enums import EntryStatus
from dienhinh.registrations.models import Registration


def registration_moved(
    *,
    registration: int,
    action: str,
    version: int,
    actor_name: str = "",
    reason: str = "",
    **_: Any,
) -> None:
    reg = Registration.objects.select_related("organisation", "program", "created_by").get(
        pk=registration
    )
    base = {"unit": reg.organisation.name, "program": reg.program.number, "year": reg.year}
    url = reverse("registrations:registration_detail", args=[reg.pk])
    key = f"registration:{reg.pk}:{version}"
    if action == "request_approval":
        heads = allowed(
            holders(reg.organisation, HEADS), registration_permissions.may_move, reg, "approve"
        )
        notify(Kind.APPROVAL_REQUESTED, heads, params={**base, "by": actor_name}, url=url, key=key)
    elif action == "approve":
        receivers = allowed(
            holders(reg.organisation, RECEIVERS), registration_permissions.may_move, reg, "accept"
        )
        pending = reg.entries.exclude(status=EntryStatus.ACCEPTED).count()
        params = {**base, "by": actor_name, "entries": pending}
        notify(Kind.SUBMITTED, receivers, params=params, url=url, key=key)
    elif action == "send_back":
        params = {**base, "outcome": action, "reason": reason, "by": actor_name}
        unit = allowed(
            [*holders(reg.organisation, OFFICERS), reg.created_by],
            registration_permissions.may_move,
            reg,
            "request_approval",
        )
        notify(Kind.REGISTRATION_DECIDED, unit, params=params, url=url, key=key)
    elif action in ("accept", "accept_part", "return"):
        entries = list(reg.entries.select_related("candidate").order_by("id"))
        params = {
            **base,
            "outcome": action,
            "reason": reg.return_reason,
            "returned": [
                [e.candidate.name, e.return_reason]
                for e in entries
                if e.status == EntryStatus.RETURNED and e.return_reason
            ],
            "accepted": [e.candidate.name for e in entries if e.status == EntryStatus.ACCEPTED],
        }
        unit = allowed(
            [*holders(reg.organisation, OFFICERS), reg.created_by],
            registration_permissions.may_read_registration,
            reg,
        )
        notify(Kind.REGISTRATION_DECIDED, unit, params=params, url=url, key=key)


def vote_opened(*, session: int, **_: Any) -> None:
    vote = VoteSession.objects.select_related("council").get(pk=session)
    members = allowed(
        [m.member for m in vote.roster.select_related("member")],
        honour_permissions.may_vote,
        vote,
    )
    notify(
        Kind.VOTE_OPENED,
        members,
        params={
            "session": vote.title,
            "date": vote.date.isoformat(),
            "candidates": vote.candidates.count(),
        },
        url=reverse("honours:vote_session", args=[vote.pk]),
        key=f"vote:{vote.pk}:opened",
    )


def _reads_all(user: Any, exemplars: list[Any]) -> bool:
    return all(honour_permissions.may_read_exemplar(user, ex) for ex in exemplars)


def decision_recorded(*, decision: int, **_: Any) -> None:
    record = Decision.objects.get(pk=decision)
    by_unit: dict[Any, list[Any]] = defaultdict(list)
    for honour in record.honours.select_related(
        "exemplar__organisation", "exemplar__candidate"
    ).order_by("id"):
        by_unit[honour.exemplar.organisation].append(honour.exemplar)
    for unit, exemplars in by_unit.items():
        readers = allowed(holders(unit, UNIT), _reads_all, exemplars)
        notify(
            Kind.DECISION_RECORDED,
            readers,
            params={
                "number": record.number,
                "date": record.date.isoformat(),
                "authority": record.authority,
                "names": [ex.candidate.name for ex in exemplars],
            },
            url=reverse("honours:decision_detail", args=[record.pk]),
            key=f"decision:{record.pk}:{unit.pk}",
        )


def connect() -> None:
    events.subscribe("registration.moved", registration_moved)
    events.subscribe("vote.opened", vote_opened)
    events.subscribe("decision.recorded", decision_recorded)
