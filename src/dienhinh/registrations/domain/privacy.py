"""A person's rights over their data (Personal Data Protection Law 91/2025/QH15): everything
held about one candidate in one file, erasure of a candidate never honoured (with a deletion
record), and the retention period of candidates never accepted.

Erasure keeps the candidate's row, entries and registrations (the units' counts and the
history of who sent what stay true) and replaces what identifies the person; facts and
evidence files are deleted. It cannot be undone. The audit trail keeps its entries (they are
chained and kept by law); new entries never carry the erased values.
"""

import datetime
import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.errors import require
from dienhinh.core.models import AuditEntry
from dienhinh.registrations import permissions
from dienhinh.registrations.domain import DomainError
from dienhinh.registrations.enums import EntryStatus, ExemplarState, RegistrationStatus
from dienhinh.registrations.models import Candidate, Dossier, Entry, Erasure, ErasureKind

# An exemplar in these states was honoured (recognised, selected, commended, replicated or
# published): its candidate is part of a public record and is not erased.
HONOURED_STATES = (
    ExemplarState.RECOGNISED,
    ExemplarState.SELECTED,
    ExemplarState.COMMENDED,
    ExemplarState.REPLICATED,
    ExemplarState.PUBLISHED,
)
# The facts recorded about a candidate (related names), deleted at erasure.
FACTS = ("ratings", "recognitions", "cultural_years", "violations", "disciplines", "metrics")
ERASED_FIELDS = ("address", "head_name", "position", "workplace", "solutions", "notes")


class ErasureRefused(DomainError):
    """The candidate cannot be erased; the message says why."""


def retention_years() -> int:
    return int(settings.DIENHINH.get("RETENTION_UNACCEPTED_YEARS", 5))


def is_honoured(candidate: Candidate) -> bool:
    exemplars = candidate.exemplars.all()
    return (
        exemplars.filter(state__in=HONOURED_STATES).exists()
        or exemplars.filter(honours__isnull=False).exists()
    )


def _rows(qs: QuerySet[Any]) -> list[dict[str, Any]]:
    return list(qs.values())


def personal_data(candidate: Candidate) -> dict[str, Any]:
    """Everything held about the candidate, as plain data (every column of every row)."""
    entries = Entry.objects.filter(candidate=candidate)
    exemplars = candidate.exemplars.all()
    return {
        "candidate": Candidate.objects.filter(pk=candidate.pk).values().get(),
        "program": str(candidate.program),
        "organisation": candidate.organisation.name,
        **{name: _rows(getattr(candidate, name).all()) for name in FACTS},
        "attestations": _rows(candidate.attestations.all()),
        "evidence": _rows(candidate.evidence.all()),
        "entries": _rows(entries.values("id", "registration_id", "status", "return_reason")),
        "registrations": _rows(
            entries.values(
                "registration__id",
                "registration__year",
                "registration__status",
                "registration__organisation__name",
                "registration__submitted_at",
                "registration__decided_at",
            )
        ),
        "dossiers": _rows(Dossier.objects.filter(entry__candidate=candidate)),
        "exemplars": _rows(exemplars),
        "honours": _rows(exemplars.values("honours__id", "honours__decision_id")),
        "audit_trail": _rows(
            AuditEntry.objects.for_object(candidate).values(
                "at", "actor_name", "action", "changes", "reason"
            )
        ),
    }


def export_personal_data(candidate: Candidate, *, actor: Any) -> bytes:
    """A ZIP of `personal-data.json` and the evidence files. Refused unless the actor is the
    candidate's unit or the standing agency (`permissions.may_export_personal_data`).
    Side effect: audit "candidate.personal_data_export"."""
    require(
        permissions.may_export_personal_data(actor, candidate),
        visible=permissions.may_read_candidate(actor, candidate),
        message=_("You may not export the personal data of %(name)s.") % {"name": candidate},
    )
    data = personal_data(candidate)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "personal-data.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for evidence in candidate.evidence.all():
            with evidence.file.open("rb") as handle:
                archive.writestr(f"evidence/{evidence.pk}-{evidence.original_name}", handle.read())
    with transaction.atomic():
        audit.record("candidate.personal_data_export", candidate, actor=actor)
    return buffer.getvalue()


def _erase(candidate: Candidate, *, actor: Any, reason: str, kind: str) -> Erasure:
    files = 0
    for evidence in candidate.evidence.all():
        evidence.file.delete(save=False)
        files += 1
    candidate.evidence.all().delete()
    facts = sum(getattr(candidate, name).all().delete()[0] for name in FACTS)
    facts += candidate.attestations.all().delete()[0]
    # Stored data is in the installation's language, whoever erased it.
    with translation.override(settings.LANGUAGE_CODE):
        anonymous = _("Erased personal data #%(id)s") % {"id": candidate.pk}
    Dossier.objects.filter(entry__candidate=candidate).update(
        data={"name": anonymous, "erased": True}
    )
    candidate.name = anonymous
    for name in ERASED_FIELDS:
        setattr(candidate, name, "")
    candidate.recognition_date = candidate.birth_year = None
    candidate.stable_years = candidate.households_helped = candidate.jobs_created = None
    candidate.version += 1
    candidate.save()
    user = actor if getattr(actor, "is_authenticated", False) else None
    erasure = Erasure.objects.create(
        candidate=candidate,
        kind=kind,
        erased_by=user,
        erased_by_name=(user.get_full_name() or user.get_username()) if user else str(actor),
        reason=reason,
        files_deleted=files,
        facts_deleted=facts,
    )
    # Only that it happened, how much and why: never the erased values.
    audit.record(
        "candidate.erase",
        candidate,
        actor=actor,
        after={"kind": kind, "files_deleted": files, "facts_deleted": facts},
        reason=reason,
    )
    return erasure


@transaction.atomic
def erase_candidate(candidate: Candidate, *, actor: Any, reason: str) -> Erasure:
    """Erase, at the person's request, the personal data of a candidate never honoured.

    Refused unless the actor is the standing agency covering the unit
    (`permissions.may_erase_candidate`); refused with a message for an honoured candidate or
    one already erased, and without a reason. Side effects: evidence files deleted, facts
    deleted, names and contact replaced, frozen dossiers blanked, an `Erasure` record, audit
    "candidate.erase"."""
    require(
        permissions.may_erase_candidate(actor, candidate),
        visible=permissions.may_read_candidate(actor, candidate),
        message=_("Only the standing agency may erase personal data."),
    )
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if Erasure.objects.filter(candidate=candidate).exists():
        raise ErasureRefused(_("This candidate's personal data was already erased."))
    if is_honoured(candidate):
        raise ErasureRefused(
            _(
                "%(name)s was honoured: the honour is a public record kept by law, so the "
                "personal data cannot be erased. Correct it instead, with a reason."
            )
            % {"name": candidate.name}
        )
    if not reason.strip():
        raise ErasureRefused(_("Give the reason for the erasure (the person's request)."))
    return _erase(candidate, actor=actor, reason=reason.strip(), kind=ErasureKind.REQUEST)


def expired(now: datetime.datetime | None = None, years: int | None = None) -> QuerySet[Any]:
    """Candidates never accepted whose every registration was returned or withdrawn (or whose
    entry was returned) more than `years` ago (RETENTION_UNACCEPTED_YEARS), not yet erased."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=365 * (retention_years() if years is None else years))
    entries = Entry.objects.filter(candidate=OuterRef("pk"))
    over = Q(status=EntryStatus.RETURNED) | Q(
        registration__status__in=[RegistrationStatus.RETURNED, RegistrationStatus.WITHDRAWN]
    )
    recent = Q(registration__created_at__gte=cutoff) | Q(registration__decided_at__gte=cutoff)
    return (
        Candidate.objects.filter(Exists(entries), created_at__lt=cutoff)
        .exclude(Exists(entries.exclude(over)))
        .exclude(Exists(entries.filter(recent)))
        .filter(exemplars__isnull=True, erasure__isnull=True)
        .select_related("organisation", "program")
        .order_by("id")
    )


def apply_retention(
    *, actor: Any, now: datetime.datetime | None = None, years: int | None = None
) -> list[int]:
    """Erase every candidate `expired()` lists (kind "retention"); their ids. Refused unless
    the actor is the operator's task or a superuser (`permissions.may_apply_retention`)."""
    require(
        permissions.may_apply_retention(actor),
        visible=True,
        message=_("Only the operator's scheduled task applies the retention period."),
    )
    years = retention_years() if years is None else years
    with translation.override(settings.LANGUAGE_CODE):
        reason = _(
            "Retention period over: never accepted, returned or withdrawn %(n)s years ago."
        ) % {"n": years}
    erased = []
    for candidate_id in expired(now, years).values_list("pk", flat=True):
        with transaction.atomic():
            candidate = Candidate.objects.select_for_update().get(pk=candidate_id)
            _erase(candidate, actor=actor, reason=reason, kind=ErasureKind.RETENTION)
        erased.append(candidate_id)
    return erased
