"""How far away a milestone is, in words: "23 days left", "2 years ago"."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienhinh.programs.domain.loading import parse_quarter

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def distance(due: datetime.date | None, today: datetime.date) -> str:
    """Days under two months, months under two years, years beyond."""
    if due is None:
        return _("no date set")
    days = (due - today).days
    if days == 0:
        return _("today")
    n = abs(days)
    if n < 60:
        count, unit = n, "day"
    elif n < 730:
        count, unit = n // 30, "month"
    else:
        count, unit = n // 365, "year"
    if days > 0:
        # Translators: Vietnamese "còn %(count)d ngày" / "còn %(count)d tháng" / "còn %(count)d năm"
        messages = {
            "day": ngettext("%(count)d day left", "%(count)d days left", count),
            "month": ngettext("%(count)d month left", "%(count)d months left", count),
            "year": ngettext("%(count)d year left", "%(count)d years left", count),
        }
    else:
        # Translators: Vietnamese "đã qua %(count)d ngày" / "đã qua %(count)d tháng" / "đã qua %(count)d năm"
        messages = {
            "day": ngettext("%(count)d day ago", "%(count)d days ago", count),
            "month": ngettext("%(count)d month ago", "%(count)d months ago", count),
            "year": ngettext("%(count)d year ago", "%(count)d years ago", count),
        }
    return messages[unit] % {"count": count}


def quarter_label(quarter: str) -> str:
    """ "2023-Q2" -> "Quarter II/2023" ("Quý II/2023")."""
    parsed = parse_quarter(quarter)
    if parsed is None:
        return quarter
    year, q = parsed
    return _("Quarter %(quarter)s/%(year)s") % {"quarter": ROMAN[q], "year": year}


PERIOD_UPCOMING, PERIOD_RUNNING, PERIOD_ENDED = "upcoming", "running", "ended"


def period_state(start: datetime.date, end: datetime.date, today: datetime.date) -> tuple[str, str]:
    """Where `today` falls in a program's period, from its dates alone (the status says whether
    the document is in force, not whether its period has run out): (state, words)."""
    if today < start:
        # Translators: Vietnamese "Sắp thực hiện, từ %(date)s"
        return PERIOD_UPCOMING, _("Upcoming, from %(date)s") % {"date": start.strftime("%d/%m/%Y")}
    if today > end:
        # Translators: Vietnamese "Đã kết thúc ngày %(date)s"
        return PERIOD_ENDED, _("Ended on %(date)s") % {"date": end.strftime("%d/%m/%Y")}
    # Translators: Vietnamese "Đang thực hiện, đến %(date)s"
    return PERIOD_RUNNING, _("In progress, until %(date)s") % {"date": end.strftime("%d/%m/%Y")}
