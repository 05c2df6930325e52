"""What the public may see: published stories of live exemplars, their honours and replications.

Only the fields listed here reach the public pages: the candidate's name and subject type, the
registering organisation, the field, the story, and honours that were not revoked. Ratings,
evidence files, residence addresses and notes are never read here.
"""

import datetime
import functools
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dienhinh.core.models import AuditEntry
from dienhinh.honours.models import Decision, Honour, Replication
from dienhinh.orgs.models import Organisation
from dienhinh.portal.models import Story
from dienhinh.registrations.models import Exemplar


def public_stories() -> QuerySet:
    return Story.objects.public().select_related(
        "exemplar",
        "exemplar__program",
        "exemplar__organisation",
        "exemplar__candidate",
        "exemplar__candidate__field",
    )


# What a story card shows (portal/includes/story_card.html): a list page reads only these
# columns of its 20 rows, not the story body, the program's texts or the candidate's file.
CARD_FIELDS = (
    "exemplar_id",
    "title",
    "summary",
    "photo",
    "photo_alt",
    "published_at",
    "exemplar__candidate__name",
    "exemplar__candidate__subject_type",
    "exemplar__candidate__field__name",
    "exemplar__organisation__name",
)


def card_stories() -> QuerySet:
    """Public stories with only what a story card shows."""
    return (
        Story.objects.public()
        .select_related(
            "exemplar__organisation", "exemplar__candidate", "exemplar__candidate__field"
        )
        .only(*CARD_FIELDS)
    )


def honours_of(exemplar) -> list[dict]:
    """The exemplar's honours that were not revoked: decision number and date, form, level."""
    rows = Honour.objects.filter(exemplar=exemplar, is_revoked=False).select_related("decision")
    return [
        {
            "number": h.decision.number,
            "date": h.decision.date,
            "form": h.decision.get_form_display(),
            "level": h.decision.level,
            "authority": h.decision.authority,
        }
        for h in rows.order_by("-decision__date", "id")
    ]


def replications_of(exemplar) -> list[dict]:
    """Where the exemplar was replicated (adopting organisation, date, outcome)."""
    rows = Replication.objects.filter(exemplar=exemplar).select_related("organisation")
    return [
        {"place": r.organisation.name, "date": r.date, "result": r.get_outcome_display()}
        for r in rows
    ]


def honoured_exemplar_ids() -> QuerySet:
    """Ids of exemplars with an honour not revoked."""
    return Honour.objects.filter(is_revoked=False).values_list("exemplar_id", flat=True)


def freshness() -> tuple[datetime.datetime | None, str]:
    """For the public pages' Last-Modified and ETag: when anything they show last changed
    (stories, exemplars, honours), and a fingerprint of the honours in force that changes
    whenever one is added or revoked, even within the same second.

    Exemplars and honours carry no indexed modification time, so their changes (a move in the
    lifecycle, a decision, a revocation) are read from the audit trail, which every change of
    theirs writes. Each lookup walks an index backwards and stops at the first row. All four are
    read in one statement written once (`_freshness_sql`): three queries built by the ORM on
    every request cost a portal search about 5 ms of CPU."""
    types = ContentType.objects.get_for_models(Exemplar, Honour, Decision, Replication).values()
    ids = sorted(t.pk for t in types)
    # Where the pages' stories are read (a replica for the public pages, `core.dbrouter`): the
    # stamp describes the data the page shows.
    with connections[router.db_for_read(Story)].cursor() as cursor:
        cursor.execute(_freshness_sql(len(ids)), ids)
        story, audit, count, top = cursor.fetchone()
    known = [t for t in (_aware(story), _aware(audit)) if t is not None]
    return (max(known) if known else None), f"{count}:{top}"


@functools.cache
def _freshness_sql(types: int) -> str:
    story, audit, honour = (m._meta.db_table for m in (Story, AuditEntry, Honour))
    placeholders = ", ".join(["%s"] * types)
    return (
        f"SELECT (SELECT updated_at FROM {story} ORDER BY updated_at DESC LIMIT 1),"  # noqa: S608
        f" (SELECT at FROM {audit} WHERE object_type_id IN ({placeholders})"
        " ORDER BY at DESC LIMIT 1),"
        f" (SELECT COUNT(id) FROM {honour} WHERE NOT is_revoked),"
        f" (SELECT MAX(id) FROM {honour} WHERE NOT is_revoked)"
    )


def _aware(value: Any) -> datetime.datetime | None:
    """A time read by a raw query: SQLite gives the stored text (UTC), PostgreSQL the time."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def district_of(path: str, root_path: str) -> int | None:
    """The id of the organisation one level under `root_path` on the way to `path`."""
    if not path.startswith(root_path) or path == root_path:
        return None
    rest = path[len(root_path) :].strip("/").split("/")
    return int(rest[0]) if rest and rest[0] else None


def counts(stories: QuerySet, root: Organisation | None) -> dict:
    """Counts of public exemplars by field and by organisation one level under `root`."""
    by_field = list(
        stories.values("exemplar__candidate__field__code", "exemplar__candidate__field__name")
        .annotate(n=Count("id"))
        .order_by("-n", "exemplar__candidate__field__code")
    )
    by_org: dict[int, int] = {}
    if root is not None:
        for row in stories.values("exemplar__organisation__path").annotate(n=Count("id")):
            top = district_of(row["exemplar__organisation__path"], root.path)
            if top is not None:
                by_org[top] = by_org.get(top, 0) + row["n"]
    names = Organisation.objects.in_bulk(list(by_org))
    found = sorted(
        ((names[pk], n) for pk, n in by_org.items() if pk in names),
        key=lambda item: (-item[1], item[0].name),
    )
    districts = [{"org": org, "n": n} for org, n in found]
    return {"fields": by_field, "districts": districts, "total": stories.count()}


def in_subtree(stories: QuerySet, organisation: Organisation) -> QuerySet:
    return stories.filter(Q(exemplar__organisation__path__startswith=organisation.path))
