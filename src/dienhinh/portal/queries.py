"""What the public may see: published stories of live exemplars, their honours and replications.

Only the fields listed here reach the public pages: the candidate's name and subject type, the
registering organisation, the field, the story, and honours that were not revoked. Ratings,
evidence files, residence addresses and notes are never read here.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q, QuerySet, Subquery

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
    read in one statement (subqueries of a single row): three round trips were an eighth of a
    portal search's queries."""
    types = list(
        ContentType.objects.get_for_models(Exemplar, Honour, Decision, Replication).values()
    )
    honours = Honour.objects.filter(is_revoked=False).order_by().values("is_revoked")
    row = (
        ContentType.objects.filter(pk=types[0].pk)
        .annotate(
            story=Subquery(Story.objects.order_by("-updated_at").values("updated_at")[:1]),
            audit=Subquery(
                AuditEntry.objects.filter(object_type__in=types).order_by("-at").values("at")[:1]
            ),
            n=Subquery(honours.annotate(n=Count("id")).values("n")),
            m=Subquery(honours.annotate(m=Max("id")).values("m")),
        )
        .values("story", "audit", "n", "m")
        .get()
    )
    known = [t for t in (row["story"], row["audit"]) if t is not None]
    return (max(known) if known else None), f"{row['n'] or 0}:{row['m']}"


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
