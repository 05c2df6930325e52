"""Candidates as a document made at a moment names them: closed minutes, review reports and
decisions read each exemplar's frozen dossier as it stood then, whatever changed later."""

import datetime
from collections.abc import Iterable

from dienhinh.core.models import AuditEntry
from dienhinh.honours.models import VoteSession
from dienhinh.registrations.domain.dossiers import dossiers_as_submitted
from dienhinh.registrations.models import Exemplar


def closed_at(session: VoteSession) -> datetime.datetime | None:
    """When the session was closed (its audit entry), None while it is open."""
    if session.is_open:
        return None
    entry = (
        AuditEntry.objects.for_object(session)
        .filter(action="vote.session_close")
        .order_by("at")
        .first()
    )
    return entry.at if entry is not None else None


def names_then(exemplars: Iterable[Exemplar], at: datetime.datetime | None) -> dict[int, str]:
    """exemplar id -> its candidate's name as the frozen dossier said at `at` (the live name
    for an exemplar without a dossier, recorded before dossiers were kept)."""
    items = list(exemplars)
    frozen = dossiers_as_submitted([e.entry_id for e in items], at)
    out = {}
    for e in items:
        dossier = frozen.get(e.entry_id)
        out[e.pk] = dossier.data.get("name", "") if dossier is not None else e.candidate.name
    return out
