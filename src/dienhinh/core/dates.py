"""Dates that make sense: a fact or an event is not in the future, and falls in its period.

`problem()` returns the message for the user (in the active language) or "" when the date is
sensible; domain functions raise their own error with it, forms add it to the field."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def shown(day: datetime.date) -> str:
    return date_format(day, "d/m/Y")


def problem(
    day: datetime.date | None,
    label: str,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    today: datetime.date | None = None,
) -> str:
    """What is wrong with `day` as the date of a fact or event called `label`: in the future,
    or outside [start, end] when given. "" when nothing is."""
    if day is None:
        return ""
    today = today or timezone.localdate()
    if day > today:
        return _("%(what)s cannot be in the future: %(day)s is after today (%(today)s).") % {
            "what": label,
            "day": shown(day),
            "today": shown(today),
        }
    if start is not None and day < start:
        return _(
            "%(what)s (%(day)s) is before the program's period, which starts on %(start)s."
        ) % {
            "what": label,
            "day": shown(day),
            "start": shown(start),
        }
    if end is not None and day > end:
        return _("%(what)s (%(day)s) is after the program's period, which ends on %(end)s.") % {
            "what": label,
            "day": shown(day),
            "end": shown(end),
        }
    return ""


def year_problem(
    year: int | None,
    label: str,
    *,
    first: int | None = None,
    last: int | None = None,
    ahead: int = 0,
) -> str:
    """The same for a year. A fact's year (a rating's) is not after the current year; a planned
    year (a registration's, `ahead`=1) may be up to `ahead` years on, and the message says so.
    Not before `first` nor after `last` (the program period's first and last years) when given."""
    if year is None:
        return ""
    current = timezone.localdate().year
    if year > current + ahead:
        if ahead:
            return _(
                "%(what)s %(year)s is too far ahead: a plan may be made for %(latest)s at the "
                "latest (this year is %(current)s)."
            ) % {"what": label, "year": year, "latest": current + ahead, "current": current}
        return _("%(what)s cannot be after the current year (%(current)s): %(year)s.") % {
            "what": label,
            "year": year,
            "current": current,
        }
    if first is not None and year < first:
        return _("%(what)s %(year)s is before the program's period, which starts in %(first)s.") % {
            "what": label,
            "year": year,
            "first": first,
        }
    if last is not None and year > last:
        return _("%(what)s %(year)s is after the program's period, which ends in %(last)s.") % {
            "what": label,
            "year": year,
            "last": last,
        }
    return ""
