"""What the public may see: published stories of live exemplars, their honours and replications.

Only the fields listed here reach the public pages: the candidate's name and subject type, the
registering organisation, the field, the story, and honours that were not revoked. Ratings,
evidence files, residence addresses and notes are never read here.
"""

import datetime

from django.apps import apps
from django.db.models import Count, Max, Q, QuerySet

from dienhinh.orgs.models import Organisation
from dienhinh.portal.models import Story
from dienhinh.registrations.enums import ExemplarState

PUBLIC_STATES_EXCLUDED = (ExemplarState.WITHDRAWN, ExemplarState.REJECTED)


def public_stories() -> QuerySet:
    return Story.objects.public().select_related(
        "exemplar",
        "exemplar__program",
        "exemplar__organisation",
        "exemplar__candidate",
        "exemplar__candidate__field",
    )


def _model(name: str):
    try:
        return apps.get_model("honours", name)
    except LookupError:
        return None


def _exemplar_link(model) -> str | None:
    """The name of the model's foreign key (or many-to-many) to Exemplar, if it has one."""
    exemplar = apps.get_model("registrations", "Exemplar")
    for f in model._meta.get_fields():
        if getattr(f, "related_model", None) is exemplar and (f.many_to_one or f.many_to_many):
            return f.name
    return None


def _first(obj, *names, default=None):
    for name in names:
        value = getattr(obj, name, None)
        if value not in (None, ""):
            return value
    return default


def honours_of(exemplar) -> list[dict]:
    """The exemplar's honour decisions that were not revoked: number, date, level and form."""
    decision = _model("Decision")
    link = decision and _exemplar_link(decision)
    if not link:
        return []
    rows = decision.objects.filter(**{link: exemplar})
    if any(f.name == "is_revoked" for f in decision._meta.get_fields()):
        rows = rows.filter(is_revoked=False)
    out = []
    for d in rows:
        if _first(d, "is_revoked", default=False):
            continue
        level = _first(d, "get_level_display", "level")
        form = _first(d, "get_form_display", "form")
        out.append(
            {
                "number": _first(d, "number", "decision_number", default=""),
                "date": _first(d, "signed_on", "date", "decided_on", "issued_on"),
                "level": level() if callable(level) else level,
                "form": form() if callable(form) else form,
            }
        )
    return out


def replications_of(exemplar) -> list[dict]:
    """Where the exemplar was replicated, by whom, with what result."""
    replication = _model("Replication")
    link = replication and _exemplar_link(replication)
    if not link:
        return []
    return [
        {
            "place": _first(r, "place", "where", "location", default=str(r)),
            "by": _first(r, "by", "replicated_by", "organisation_name", "organisation", default=""),
            "result": _first(r, "result", "outcome", default=""),
            "date": _first(r, "date", "started_on", "replicated_on"),
        }
        for r in replication.objects.filter(**{link: exemplar})
    ]


def honoured_exemplar_ids() -> QuerySet | None:
    """Ids of exemplars with a decision not revoked, or None when honours are not recorded."""
    decision = _model("Decision")
    link = decision and _exemplar_link(decision)
    if not link:
        return None
    rows = decision.objects.all()
    if any(f.name == "is_revoked" for f in decision._meta.get_fields()):
        rows = rows.filter(is_revoked=False)
    return rows.values_list(link, flat=True)


def last_change(stories: QuerySet | None = None) -> datetime.datetime | None:
    """When anything the public pages show last changed: stories, exemplars, honour decisions."""
    stories = public_stories() if stories is None else stories
    times = [
        Story.objects.aggregate(m=Max("updated_at"))["m"],
        stories.aggregate(m=Max("exemplar__updated_at"))["m"],
    ]
    decision = _model("Decision")
    if decision is not None:
        for name in ("updated_at", "revoked_at", "created_at"):
            if any(f.name == name for f in decision._meta.get_fields()):
                times.append(decision.objects.aggregate(m=Max(name))["m"])
    times = [t for t in times if t is not None]
    return max(times) if times else None


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
    districts = sorted(
        ({"org": names[pk], "n": n} for pk, n in by_org.items() if pk in names),
        key=lambda r: (-r["n"], r["org"].name),
    )
    return {"fields": by_field, "districts": districts, "total": stories.count()}


def in_subtree(stories: QuerySet, organisation: Organisation) -> QuerySet:
    return stories.filter(Q(exemplar__organisation__path__startswith=organisation.path))
