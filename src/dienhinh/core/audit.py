"""`record()`: the one function every domain change calls to write the audit trail."""

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from dienhinh.core.models import AuditEntry


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a field value (model instances by primary key and name)."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of obj as plain values, to pass as `before` or `after`."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict | None, after: dict | None) -> dict[str, list]:
    before, after = before or {}, after or {}
    changes = {}
    for key in list(before) + [k for k in after if k not in before]:
        old, new = _plain(before.get(key)), _plain(after.get(key))
        if old != new:
            changes[key] = [old, new]
    return changes


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor=None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    scope_path: str | None = None,
) -> AuditEntry:
    """Write one audit entry: who did `action` to `obj`, when, and what changed.

    `action` is a dotted name ("org.rename", "registration.submit"). `before` and `after` are
    dicts of field values; only the keys whose values differ are kept. The entry is scoped to
    `scope_path` or, by default, to `obj.audit_scope_path()` when the object defines it, so
    that each organisation's readers see their own trail. Call it inside the same transaction
    as the change it records.
    """
    if scope_path is None:
        scope_path = getattr(obj, "audit_scope_path", lambda: "")()
    user = actor if getattr(actor, "is_authenticated", False) else None
    actor_name = ""
    if user is not None:
        actor_name = user.get_full_name() or user.get_username()
    elif isinstance(actor, str):
        actor_name = actor
    return AuditEntry.objects.create(
        actor=user,
        actor_name=actor_name[:200],
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        scope_path=scope_path,
        changes=diff(before, after),
        reason=reason,
    )
