"""The words of each kind of notification, written in the active language from its details.

`render(notification)` returns its title and the lines under it; the centre, the e-mail and the
digest all read them, so a notice says the same thing wherever it is read.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from dienhinh.notifications.enums import Kind
from dienhinh.programs.enums import SubjectType


@dataclass
class Text:
    title: str
    lines: list[str] = field(default_factory=list)


def _date(value: Any) -> str:
    if not value:
        return ""
    return formats.date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")


def _approval_requested(p: dict[str, Any]) -> Text:
    return Text(
        _("%(unit)s asks you to approve its registration for %(program)s (%(year)s)") % p,
        [
            _("Prepared by %(by)s. Open it, check it, then approve and submit it or send it back.")
            % p
        ],
    )


def _submitted(p: dict[str, Any]) -> Text:
    return Text(
        _("%(unit)s submitted its registration for %(program)s (%(year)s)") % p,
        [
            _("Approved by %(by)s; %(entries)s candidates to accept or return.") % p,
        ],
    )


def _registration_decided(p: dict[str, Any]) -> Text:
    titles = {
        "accept": _("Your registration for %(program)s (%(year)s) was accepted"),
        "accept_part": _("Your registration for %(program)s (%(year)s) was accepted in part"),
        "return": _("Your registration for %(program)s (%(year)s) was returned for corrections"),
        "send_back": _("The head sent your registration for %(program)s (%(year)s) back to you"),
    }
    lines = []
    if p.get("reason"):
        lines.append(_("Reason: %(reason)s") % p)
    for name, reason in p.get("returned", []):
        lines.append(_("Returned: %(name)s: %(reason)s") % {"name": name, "reason": reason})
    if p.get("accepted"):
        lines.append(_("Accepted: %(names)s") % {"names": ", ".join(p["accepted"])})
    if p["outcome"] != "accept":
        lines.append(
            _("Correct the registration, then ask the head to approve and submit it again.")
        )
    return Text(titles[p["outcome"]] % p, lines)


def _vote_opened(p: dict[str, Any]) -> Text:
    return Text(
        _("Council vote opened: %(session)s") % p,
        [
            _(
                "The session sits on %(date)s with %(candidates)s candidates. Cast your vote on each."
            )
            % {**p, "date": _date(p["date"])}
        ],
    )


def _vote_reminder(p: dict[str, Any]) -> Text:
    return Text(
        _("You have not voted yet in %(session)s") % p,
        [_("The session sits on %(date)s.") % {"date": _date(p["date"])}],
    )


def _decision_recorded(p: dict[str, Any]) -> Text:
    return Text(
        _("Decision %(number)s of %(date)s honours your exemplars")
        % {**p, "date": _date(p["date"])},
        [
            _("Issued by %(authority)s.") % p,
            _("Honoured: %(names)s") % {"names": ", ".join(p["names"])},
        ],
    )


def _follow_up_due(p: dict[str, Any]) -> Text:
    return Text(
        _("A follow-up of %(exemplar)s is due") % p,
        [
            _("Last follow-up: %(last)s. Record its progress, difficulties and the help it needs.")
            % {"last": _date(p["last"])}
        ],
    )


def _deadline(p: dict[str, Any]) -> Text:
    labels = dict(SubjectType.choices)
    lines = [
        _("%(label)s: %(registered)s of %(required)s")
        % {
            "label": " / ".join(str(labels.get(t, t)) for t in types),
            "registered": registered,
            "required": required,
        }
        for types, registered, required in p.get("lines", [])
    ]
    lines.append(_("Still needed: %(shortfall)s.") % p)
    return Text(
        _("%(unit)s: the registration deadline of %(program)s is %(deadline)s, in %(days)s days")
        % {**p, "deadline": _date(p["deadline"])},
        lines,
    )


RENDERERS = {
    Kind.APPROVAL_REQUESTED: _approval_requested,
    Kind.SUBMITTED: _submitted,
    Kind.REGISTRATION_DECIDED: _registration_decided,
    Kind.VOTE_OPENED: _vote_opened,
    Kind.VOTE_REMINDER: _vote_reminder,
    Kind.DECISION_RECORDED: _decision_recorded,
    Kind.FOLLOW_UP_DUE: _follow_up_due,
    Kind.DEADLINE: _deadline,
}


def render(kind: str, params: dict[str, Any]) -> Text:
    return RENDERERS[Kind(kind)](params)
