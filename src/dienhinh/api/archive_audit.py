"""The audit trail in a program's export: the history of the rows the archive holds, as far as
the exporter may read the trail (`orgs.queries.audit_entries`: the standing agency and the
administrators in their scope; a unit's export has none).

An entry is written without anything of the installation it comes from: its time in UTC with
microseconds, the actor by user name (the `people` table names them), the object's type as
"app_label.model" and its id as text, and the entry's own words (actor's name as recorded then,
action, object, scope, changes, reason). Its position and hashes in the chain are left out: the
import appends the entries to the new installation's chain (`core.audit.record_past`), which
gives them positions and hashes of its own. Rows are ordered by time, then by position.
"""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from dienhinh.core.models import AuditEntry
from dienhinh.orgs import queries as org_queries

AUDIT = "audit"
MODEL = AuditEntry._meta.label
AUDIT_COLUMNS = [
    "at",
    "actor",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "scope_path",
    "changes",
    "reason",
]
# The tables whose rows' history is carried: every table of the program's record but the
# organisations (their history is the tree's, not the program's).
LEFT_OUT = {"organisations"}


def audited(tables: list[tuple[str, type[models.Model]]]) -> dict[str, type[models.Model]]:
    return {
        name: model
        for name, model in tables
        if name not in LEFT_OUT and not model._meta.auto_created
    }


def type_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def entries(
    tables: list[tuple[str, type[models.Model]]],
    sets: dict[str, models.QuerySet],
    actor: Any,
) -> tuple[list[dict[str, Any]], set[int]]:
    """The entries about the archive's rows that `actor` may read, as rows; the ids of the
    people who made them."""
    types = ContentType.objects.get_for_models(*audited(tables).values())
    about = Q(pk__in=[])
    for name, model in audited(tables).items():
        keys = sets[name].order_by().annotate(_key=Cast("pk", CharField())).values("_key")
        about |= Q(object_type=types[model], object_id__in=keys)
    found = (
        org_queries.audit_entries(actor)
        .filter(about)
        .select_related("object_type", "actor")
        .order_by("at", "seq")
    )
    rows, people = [], set()
    for entry in found.iterator(chunk_size=2000):
        if entry.actor_id is not None:
            people.add(entry.actor_id)
        rows.append(
            {
                "at": entry.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
                "actor": entry.actor.get_username() if entry.actor is not None else None,
                "actor_name": entry.actor_name,
                "action": entry.action,
                "object_type": f"{entry.object_type.app_label}.{entry.object_type.model}",
                "object_id": entry.object_id,
                "object_repr": entry.object_repr,
                "scope_path": entry.scope_path,
                "changes": entry.changes,
                "reason": entry.reason,
            }
        )
    return rows, people


def _text(row: dict[str, Any], key: str, limit: int | None, required: bool = False) -> str:
    value = row[key]
    if not isinstance(value, str) or (required and not value):
        raise ValueError(_("%(c)s: not a text") % {"c": key})
    if limit is not None and len(value) > limit:
        raise ValueError(_("%(c)s: longer than %(n)d characters") % {"c": key, "n": limit})
    return value


def _limit(name: str) -> int:
    return int(getattr(AuditEntry._meta.get_field(name), "max_length", 0))


def parse(
    row: Any,
    tables: list[tuple[str, type[models.Model]]],
    ids: dict[type[models.Model], set[Any]],
    people: set[str],
) -> dict[str, Any]:
    """One row of the audit table checked: each column of its type and within its limit, the
    actor one of `people`, the object one of the archive's rows. ValueError names the column."""
    if not isinstance(row, dict) or set(row) != set(AUDIT_COLUMNS):
        raise ValueError(_("the columns are not %(c)s") % {"c": ", ".join(AUDIT_COLUMNS)})
    at = parse_datetime(row["at"]) if isinstance(row["at"], str) else None
    if at is None or at.tzinfo is None:
        raise ValueError(_("%(c)s: not a time with its time zone") % {"c": "at"})
    actor = row["actor"]
    if actor is not None and (not isinstance(actor, str) or actor not in people):
        raise ValueError(_("%(c)s: %(v)s is not in people") % {"c": "actor", "v": actor})
    by_type = {type_label(model): model for model in audited(tables).values()}
    model = by_type.get(row["object_type"])
    if model is None:
        raise ValueError(
            _("%(c)s: %(v)s is not a table of the archive")
            % {"c": "object_type", "v": row["object_type"]}
        )
    object_id = _text(row, "object_id", _limit("object_id"), required=True)
    pk = model._meta.pk
    assert pk is not None  # noqa: S101 - every model has one
    try:
        known = pk.to_python(object_id) in ids.get(model, set())
    except Exception:  # noqa: BLE001 - any value that is not an id of the table
        known = False
    if not known:
        raise ValueError(
            _("%(c)s: %(v)s is not in the archive") % {"c": "object_id", "v": object_id}
        )
    if not isinstance(row["changes"], dict):
        raise ValueError(_("%(c)s: not a JSON object") % {"c": "changes"})
    return {
        "at": at,
        "actor": actor,
        "actor_name": _text(row, "actor_name", _limit("actor_name")),
        "action": _text(row, "action", _limit("action"), required=True),
        "model": model,
        "object_id": object_id,
        "object_repr": _text(row, "object_repr", _limit("object_repr")),
        "scope_path": _text(row, "scope_path", _limit("scope_path")),
        "changes": row["changes"],
        "reason": _text(row, "reason", None),
    }
