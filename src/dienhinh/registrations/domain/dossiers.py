"""Frozen dossiers: what each entry was when submitted (or corrected), and what changed since.

`freeze()` is called by the workflow at submission and by a correction; `dossier_as_submitted()`
is what documents made later (minutes, review reports, decisions) read instead of the live
candidate, so that they keep saying what was true when they were made.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dienhinh.core.errors import require
from dienhinh.orgs.models import Organisation
from dienhinh.programs.eligibility.engine import evaluate_many

# permissions imports the workflow, which imports this module: a cycle Python resolves
# (neither uses the other at import time).
from dienhinh.registrations import permissions
from dienhinh.registrations.domain.facts import facts_of, with_facts
from dienhinh.registrations.models import Candidate, Dossier, Entry, Evidence

# The candidate's own fields a dossier keeps, in the order a diff lists them.
FIELDS = (
    "name",
    "subject_type",
    "position",
    "workplace",
    "address",
    "head_name",
    "solutions",
    "notes",
    "recognition_date",
    "rated",
    "stable_years",
    "households_helped",
    "jobs_created",
)
# How a diff names each part of a dossier.
LABELS: dict[str, Any] = {
    "name": _("Name"),
    "subject_type": _("Subject type"),
    "position": _("Position"),
    "workplace": _("Workplace"),
    "address": _("Address"),
    "head_name": _("Head or owner"),
    "solutions": _("Solutions"),
    "notes": _("Notes"),
    "recognition_date": _("Recognition date"),
    "rated": _("Under the annual rating regime"),
    "stable_years": _("Years stable"),
    "households_helped": _("Farming households helped"),
    "jobs_created": _("Jobs created"),
    "field": _("Field of work"),
    "organisation": _("Registering unit"),
    "ratings": _("Annual ratings"),
    "cultural_years": _("Cultural family years"),
    "metrics": _("Yearly figures"),
    "recognitions": _("Recognitions"),
    "violations": _("Violations"),
    "disciplines": _("Disciplines"),
    "evidence": _("Evidence files"),
    "verdict": _("Eligibility"),
}
# Verdicts are kept in Vietnamese, the language of the record.
RECORD_LANGUAGE = "vi"


def _plain(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def build(candidate: Candidate, evaluation: Any) -> dict[str, Any]:
    """The dossier of a candidate loaded with its facts (`with_facts`) and evidence."""
    data: dict[str, Any] = {name: _plain(getattr(candidate, name)) for name in FIELDS}
    fld = candidate.field
    data["field"] = f"{fld.code}) {fld.name}" if fld else ""
    data["field_code"], data["field_name"] = (fld.code, fld.name) if fld else ("", "")
    data["organisation"] = candidate.organisation.name
    data["ratings"] = {str(r.year): r.level for r in candidate.ratings.all()}
    data["cultural_years"] = sorted(c.year for c in candidate.cultural_years.all())
    data["metrics"] = {str(m.year): m.as_dict() for m in candidate.metrics.all()}
    data["recognitions"] = sorted([r.year, r.text] for r in candidate.recognitions.all())
    data["violations"] = sorted([v.year, v.kind, v.note] for v in candidate.violations.all())
    data["disciplines"] = sorted([d.year, d.level, d.note] for d in candidate.disciplines.all())
    data["evidence"] = sorted(
        [e.original_name, e.kind, e.size, e.description] for e in candidate.evidence.all()
    )
    with translation.override(RECORD_LANGUAGE):
        data["verdict"] = evaluation.to_dict() if evaluation is not None else None
    return data


def _loaded(candidate_ids: Iterable[int]) -> dict[int, Candidate]:
    qs = with_facts(
        Candidate.objects.filter(pk__in=list(candidate_ids)).select_related(
            "organisation", "program"
        )
    ).prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
    return {c.pk: c for c in qs}


def current(candidates: Iterable[int]) -> dict[int, dict[str, Any]]:
    """candidate id -> the dossier the live record would give now."""
    loaded = _loaded(candidates)
    today = timezone.localdate()
    by_program: dict[int, list[Candidate]] = {}
    for c in loaded.values():
        by_program.setdefault(c.program_id, []).append(c)
    out: dict[int, dict[str, Any]] = {}
    for group in by_program.values():
        try:
            evaluations: list[Any] = evaluate_many(
                group[0].program, [facts_of(c, today) for c in group]
            )
        except LookupError:  # a field the program lacks: the dossier keeps no verdict
            evaluations = [None] * len(group)
        out.update({c.pk: build(c, ev) for c, ev in zip(group, evaluations, strict=True)})
    return out


def freeze(entries: list[Entry], *, kind: str, actor: Any, reason: str = "") -> list[Dossier]:
    """Keep each entry's dossier as it is now (one row per entry; nothing is ever updated).

    Refused (NotVisible/NotPermitted) unless the actor may keep the dossiers of every entry's
    unit (`permissions.may_freeze_dossiers`)."""
    if not entries:
        return []
    for unit in Organisation.objects.filter(registrations__entries__in=entries).distinct():
        require(
            permissions.may_freeze_dossiers(actor, unit),
            visible=permissions.may_read_unit(actor, unit),
            message=gettext(
                "Only the unit's head, submitting, or the standing agency, correcting, keeps "
                "a dossier as it stands."
            ),
        )
    live = current({e.candidate_id for e in entries})
    versions = dict(
        Candidate.objects.filter(pk__in=[e.candidate_id for e in entries]).values_list(
            "pk", "version"
        )
    )
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Dossier.objects.bulk_create(
        Dossier(
            entry=e,
            kind=kind,
            taken_at=now,
            taken_by=user,
            candidate_version=versions[e.candidate_id],
            data=live[e.candidate_id],
            reason=reason,
        )
        for e in entries
    )


def dossiers_as_submitted(
    entries: Iterable[Entry | int], at: datetime.datetime | None = None
) -> dict[int, Dossier]:
    """entry id -> the latest dossier taken up to `at` (now when None), in one query.

    Entries never submitted have none. Documents made at a moment (a vote closed, a review
    held, a decision signed) pass that moment, and show the record as it stood then."""
    ids = [e if isinstance(e, int) else e.pk for e in entries]
    qs = Dossier.objects.filter(entry_id__in=ids)
    if at is not None:
        qs = qs.filter(taken_at__lte=at)
    out: dict[int, Dossier] = {}
    for dossier in qs.order_by("entry_id", "taken_at", "id"):
        out[dossier.entry_id] = dossier  # the last one of each entry wins
    return out


def dossier_as_submitted(
    entry: Entry | int, at: datetime.datetime | None = None
) -> dict[str, Any] | None:
    """The entry's dossier as submitted (or as last corrected) up to `at`: a dict with the
    candidate's fields (`name`, `subject_type`, `position`, `workplace`, `address`, `field`,
    `organisation`, ...), its facts, its evidence list and `verdict`; None if never submitted."""
    found = dossiers_as_submitted([entry], at).get(entry if isinstance(entry, int) else entry.pk)
    return found.data if found is not None else None


def _shown(value: object) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    if isinstance(value, dict) and "verdict" in value:
        return str(value["verdict"])
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(v)}" for k, v in sorted(value.items()))
    if isinstance(value, list):
        return "; ".join(_shown(v) if isinstance(v, list | dict) else str(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(what, as submitted, now) for each part of the dossier that differs."""
    return [
        (str(label), _shown(before.get(key)), _shown(after.get(key)))
        for key, label in LABELS.items()
        if before.get(key) != after.get(key)
    ]


def changes_since_submission(
    entries: list[Entry], *, submitted: bool = True
) -> dict[int, list[tuple[str, str, str]]]:
    """entry id -> its diff, for the entries whose candidate changed since the dossier was
    taken (a version later than the dossier's); the others are left out. `submitted=False`: the
    entries' registration was never submitted (no `submitted_at`), so none has a dossier (they
    are frozen when the head approves it, which sets that moment, or when an accepted
    candidate is corrected): nothing to read."""
    if not submitted:
        return {}
    dossiers = dossiers_as_submitted(entries)
    changed = [
        e
        for e in entries
        if e.pk in dossiers and e.candidate.version != dossiers[e.pk].candidate_version
    ]
    if not changed:
        return {}
    live = current({e.candidate_id for e in changed})
    out = {}
    for e in changed:
        rows = diff(dossiers[e.pk].data, live[e.candidate_id])
        if rows:
            out[e.pk] = rows
    return out
