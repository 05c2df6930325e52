"""Amending a program's quotas from a date on: the rule for the units of the 2025 reform.

A program issued before the reform keeps its quotas as written for the years before the
amendment; the standing agency sets a new rule (say, for the communes that replaced the districts)
in force from a date, and may end a quota it replaces on the day before. A year's quota is the
rule in force on its 1 January (`Quota.applies_in`), as the dashboard's units are those that
existed that day: a rule from 01/01/2026 is the quota of 2026; one from 01/07/2025, of 2026 on.

What may not happen silently:
- an amendment dated before the program was issued, or whose first year is already over (the
  quotas of a past year are decided): refused;
- an amendment whose first year already has registrations submitted (or accepted) by units the
  rule concerns: refused unless the amending officer confirms it. The registrations stay as they
  were submitted, and their entries count toward the new rule; the number is kept on the rule,
  named in the audit entry and shown on the program page.

Audited as "program.quota.amend" (who, when, the reason); the replaced quota's end as
"program.quota.end".
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dienhinh.core import audit
from dienhinh.core.actors import Actor, name_of
from dienhinh.core.errors import require
from dienhinh.core.text import nfc
from dienhinh.programs import permissions
from dienhinh.programs.enums import ProgramStatus
from dienhinh.programs.models import Program, Quota
from dienhinh.registrations.domain import DomainError
from dienhinh.registrations.enums import RegistrationStatus
from dienhinh.registrations.models import Registration

FIELDS = [
    "code",
    "text",
    "org_kinds",
    "per",
    "minimums",
    "any_of",
    "effective_from",
    "effective_to",
    "reason",
]
#: Registrations that have left their unit: the quota of their year is in use.
SENT = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.ACCEPTED,
    RegistrationStatus.PARTLY_ACCEPTED,
)


class AlreadySubmitted(DomainError):
    """The amendment's first year already has registrations submitted by units it concerns;
    `count` and `year` say how many and which. Confirm to amend all the same."""

    def __init__(self, message: str, *, count: int, year: int):
        super().__init__(message)
        self.count = count
        self.year = year


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def sent_registrations(program: Program, kinds: set[str], first_year: int) -> int:
    """How many registrations of `first_year` or later units of `kinds` have already sent."""
    return (
        Registration.objects.filter(
            program=program,
            year__gte=first_year,
            status__in=SENT,
            organisation__kind__in=sorted(kinds),
        )
        .order_by()
        .count()
    )


@transaction.atomic
def amend_quotas(
    program: Program,
    *,
    actor: Actor,
    effective_from: datetime.date,
    values: dict[str, Any],
    reason: str,
    replaces: Quota | None = None,
    confirm_submitted: bool = False,
    today: datetime.date | None = None,
) -> Quota:
    """Add the quota rule `values` (code, text, org_kinds, per, minimums, any_of as on the
    quotas page) in force from `effective_from`, ending `replaces` (a quota of the program in
    force) on the day before. Raises NotVisible/NotPermitted for who may not
    (`permissions.may_amend_quotas`), DomainError for a date or code that cannot be, and
    `AlreadySubmitted` unless `confirm_submitted` when the first year is in use."""
    program = Program.objects.select_for_update().select_related("organisation").get(pk=program.pk)
    require(
        permissions.may_amend_quotas(actor, program),
        visible=permissions.may_read_program(actor, program),
        message=_("You may not amend this program's quotas."),
    )
    today = today or timezone.localdate()
    reason = nfc(reason)
    if not reason:
        raise DomainError(_("Give the reason for the amendment."))
    if program.status != ProgramStatus.ACTIVE:  # pragma: no cover - refused by the predicate
        raise DomainError(_("Only a program in force is amended."))
    if effective_from < program.issued_on:
        raise DomainError(
            _("The amendment cannot take effect before the program was issued (%(date)s).")
            % {"date": _day(program.issued_on)}
        )
    new = Quota(program=program, effective_from=effective_from, reason=reason, **values)
    first_year = new.first_year or effective_from.year
    if first_year < today.year:
        raise DomainError(
            _(
                "The quotas of %(year)s are decided: an amendment can apply from %(next)s at "
                "the earliest (in force from 01/01/%(next)s)."
            )
            % {"year": first_year, "next": today.year}
        )
    if program.quotas.filter(code=new.code).exists():
        raise DomainError(_("Quota code “%(code)s” is already used.") % {"code": new.code})
    kinds = set(new.org_kinds)
    if replaces is not None:
        replaces = Quota.objects.select_for_update().get(pk=replaces.pk)
        if replaces.program_id != program.pk or replaces.effective_to is not None:
            raise DomainError(_("The quota to replace must be one of this program's in force."))
        if replaces.effective_from is not None and replaces.effective_from >= effective_from:
            raise DomainError(
                _("The amendment must take effect after %(date)s.")
                % {"date": _day(replaces.effective_from)}
            )
        kinds |= set(replaces.org_kinds)
    sent = sent_registrations(program, kinds, first_year)
    if sent and not confirm_submitted:
        raise AlreadySubmitted(
            ngettext(
                "%(count)d registration for %(year)s or later has already been submitted by "
                "units this rule concerns. It stays as submitted and its entries will count "
                "toward the new rule: confirm to amend from %(date)s, or date the amendment "
                "01/01/%(next)s.",
                "%(count)d registrations for %(year)s or later have already been submitted by "
                "units this rule concerns. They stay as submitted and their entries will count "
                "toward the new rule: confirm to amend from %(date)s, or date the amendment "
                "01/01/%(next)s.",
                sent,
            )
            % {
                "count": sent,
                "year": first_year,
                "date": _day(effective_from),
                "next": first_year + 1,
            },
            count=sent,
            year=first_year,
        )
    if replaces is not None:
        before = audit.snapshot(replaces, FIELDS)
        replaces.effective_to = effective_from - datetime.timedelta(days=1)
        replaces.save(update_fields=["effective_to"])
        audit.record(
            "program.quota.end",
            replaces,
            actor=actor,
            before=before,
            after=audit.snapshot(replaces, FIELDS),
            reason=reason,
        )
    new.amends = replaces
    new.amended_by = name_of(actor)[:200]
    new.amended_at = timezone.now()
    new.submitted_before = sent
    new.save()
    note = _("In force from %(date)s") % {"date": _day(effective_from)}
    if sent:
        note += "; " + ngettext(
            "%(count)d registration already submitted counts toward it",
            "%(count)d registrations already submitted count toward it",
            sent,
        ) % {"count": sent}
    audit.record(
        "program.quota.amend",
        new,
        actor=actor,
        after=audit.snapshot(new, FIELDS),
        reason=f"{reason} ({note})",
    )
    return new
