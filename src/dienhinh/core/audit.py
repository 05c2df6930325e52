"""`record()`: the one function every domain change calls to write the audit trail.

Each entry is chained: its `hash` is SHA-256 over its content and the previous entry's hash,
so `verify_audit` finds a row changed, deleted or inserted outside `record()`.
"""

import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from dienhinh.core import bulk
from dienhinh.core.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64
# How the actor reached the product when not through the web pages ("token «LGSP»"): added to
# the actor's name in every entry written meanwhile (`through`).
_CHANNEL: ContextVar[str] = ContextVar("audit_channel", default="")


@contextmanager
def through(channel: str) -> Iterator[None]:
    """Entries written inside the block name `channel` after the actor (an API token)."""
    reset = _CHANNEL.set(channel)
    try:
        yield
    finally:
        _CHANNEL.reset(reset)


def set_channel(channel: str) -> Any:
    """`through` for callers whose block spans two methods: returns the token to `reset_channel`."""
    return _CHANNEL.set(channel)


def reset_channel(token: Any) -> None:
    _CHANNEL.reset(token)


# The fields an entry's hash covers, besides the previous hash.
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "scope_path",
    "changes",
    "reason",
)


_AS_IS = {str, int, bool, float}


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a field value (model instances by primary key and name)."""
    if value is None or type(value) in _AS_IS:
        return value
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


def snapshots(objs: Iterable[models.Model], fields: Iterable[str]) -> list[dict[str, Any]]:
    """`snapshot` of each object, a related object's plain value worked out once for all (the
    program, the unit of thousands of imported candidates)."""
    fields = list(fields)
    known: dict[int, Any] = {}

    def plain(value: Any) -> Any:
        if not isinstance(value, models.Model):
            return _plain(value)
        if id(value) not in known:
            known[id(value)] = (value, _plain(value))  # the object kept: its id stays its own
        return known[id(value)][1]

    return [{name: plain(getattr(obj, name)) for name in fields} for obj in objs]


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    if not before:  # a creation: every value given
        changes = {}
        for key, value in (after or {}).items():
            if (new := _plain(value)) is not None:
                changes[key] = [None, new]
        return changes
    after = after or {}
    changes = {}
    for key in list(before) + [k for k in after if k not in before]:
        old, new = _plain(before.get(key)), _plain(after.get(key))
        if old != new:
            changes[key] = [old, new]
    return changes


def _canonical(value: Any) -> str:
    return json.dumps(
        value, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def entry_hash(content: dict[str, Any], prev_hash: str, changes_text: str | None = None) -> str:
    """SHA-256 over the entry's hashed fields (as stored and read back) and the previous hash.

    `content["at"]` is an aware datetime, `content["object_type"]` "app_label.model" or "".
    `changes_text`, when given, is `_canonical(content["changes"])`, already written.
    """
    at = content["at"].astimezone(datetime.UTC).isoformat(timespec="microseconds")
    payload = {name: content[name] for name in HASHED_FIELDS} | {"at": at, "prev": prev_hash}
    if changes_text is None:
        text = _canonical(payload)
    else:
        # The same text with the changes' own canonical text put in its place: keys are
        # sorted ("object_id" follows "changes"), and a quote inside a string is escaped, so
        # the first ',"object_id":' is the key's.
        del payload["changes"]
        text = _canonical(payload).replace(
            ',"object_id":', f',"changes":{changes_text},"object_id":', 1
        )
    return hashlib.sha256(text.encode()).hexdigest()


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the surrounding transaction ends (created when missing)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        except IntegrityError:  # created meanwhile by a parallel transaction
            pass
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def name_of(actor: Any) -> str:
    """How the trail (and a notification) names the actor: a user's full name, a tool's name."""
    if getattr(actor, "is_authenticated", False):
        return str(actor.get_full_name() or actor.get_username())
    return actor if isinstance(actor, str) else ""


def hold() -> None:
    """Take the chain head's lock now, as `record` does; it is held until the transaction ends.
    For work that must be serialised with every audited change (the kept quota counts): since
    every change is audited, this adds no wait that `record` would not add anyway."""
    _locked_head()


@dataclass(frozen=True)
class Change:
    """One change for `record_many`: what `record` takes besides the actor."""

    action: str
    obj: models.Model | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""
    scope_path: str | None = None


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    scope_path: str | None = None,
) -> AuditEntry:
    """Write one audit entry: who did `action` to `obj`, when, and what changed.

    `action` is a dotted name ("org.rename", "registration.submit"). `before` and `after` are
    dicts of field values; only the keys whose values differ are kept. The entry is scoped to
    `scope_path` or, by default, to `obj.audit_scope_path()` when the object defines it, so
    that each organisation's readers see their own trail. Call it inside the same transaction
    as the change it records: the chain head stays locked until that transaction ends, so keep
    the audit call near the end of the transaction.
    """
    change = Change(action, obj, before, after, reason, scope_path)
    with transaction.atomic():
        head = _locked_head()
        (entry,) = _chained([_content(change, actor)], head)
        entry.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)
    return entry


@dataclass(frozen=True)
class Written:
    """An entry `record_many` wrote: its place in the chain and its changes."""

    seq: int
    prev_hash: str
    hash: str
    changes_text: str  # canonical JSON, as hashed

    @property
    def changes(self) -> dict[str, Any]:
        changes: dict[str, Any] = json.loads(self.changes_text)
        return changes


def record_many(changes: Iterable[Change], *, actor: Any = None) -> list[Written]:
    """Write one audit entry per change, in order, exactly as `record` would one by one (the
    same content, chain and hashes), in a few queries: the chain head is locked and moved once
    and the entries are inserted together as plain rows (no model instance, no post_save per
    entry). For bulk changes (an import of many rows)."""
    who = _who(actor)
    return _append([_content(change, actor, parsed=False, who=who) for change in changes])


def _append(contents: list[dict[str, Any]]) -> list[Written]:
    """The entries of `contents` chained after the head and inserted together."""
    if not contents:
        return []
    with transaction.atomic():
        head = _locked_head()
        _chain(contents, head)
        _insert(contents)
        last = contents[-1]
        AuditChainHead.objects.filter(pk=1).update(seq=last["seq"], hash=last["hash"])
    return [Written(c["seq"], c["prev_hash"], c["hash"], c["_changes_text"]) for c in contents]


@dataclass(frozen=True)
class PastEntry:
    """An entry written by another installation's trail (carried by a program's export), as
    `record_past` appends it: its own time, actor (a user of this installation or None),
    words and changes."""

    at: datetime.datetime
    actor: Any
    actor_name: str
    action: str
    object_type: ContentType | None
    object_id: str
    object_repr: str
    scope_path: str
    changes: dict[str, Any]
    reason: str


def record_past(entries: Iterable[PastEntry]) -> list[Written]:
    """Append entries made elsewhere to this installation's chain, in the given order, each
    keeping the time it was made at and its words: their positions and hashes are this
    chain's own (`verify_audit` checks them like any other). For the import of a program's
    record (`api.importer`): the history of the rows it creates."""
    contents = []
    for entry in entries:
        changes = json.loads(_canonical(entry.changes))  # as read back
        changes_text = _canonical(changes)
        contents.append(
            {
                "actor_id": entry.actor.pk if entry.actor is not None else None,
                "actor_name": entry.actor_name[:200],
                "action": entry.action,
                "object_type": (
                    f"{entry.object_type.app_label}.{entry.object_type.model}"
                    if entry.object_type is not None
                    else ""
                ),
                "object_id": entry.object_id,
                "object_repr": entry.object_repr[:300],
                "scope_path": entry.scope_path,
                "changes": changes,
                "reason": entry.reason,
                "at": entry.at,
                "_user": entry.actor,
                "_type": entry.object_type,
                "_changes_text": changes_text,
            }
        )
    return _append(contents)


# The columns `_insert` writes from an entry's content (JSON `changes` as its text).
_COLUMNS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type_id",
    "object_id",
    "object_repr",
    "scope_path",
    "reason",
    "prev_hash",
    "hash",
    "changes",
)


def _insert(contents: list[dict[str, Any]]) -> None:
    """The chained contents inserted as plain rows (COPY on PostgreSQL): what saving each
    entry would write, without a model instance per entry."""
    bulk.insert_rows(
        AuditEntry,
        _COLUMNS,
        (
            (
                c["seq"],
                c["at"],
                c["actor_id"],
                c["actor_name"],
                c["action"],
                c["_type"].pk if c["_type"] is not None else None,
                c["object_id"],
                c["object_repr"],
                c["scope_path"],
                c["reason"],
                c["prev_hash"],
                c["hash"],
                c["_changes_text"],
            )
            for c in contents
        ),
    )


def _who(actor: Any) -> tuple[Any, str]:
    """The user an entry points to (None for a tool) and the actor's name as written."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    actor_name = name_of(actor)
    if channel := _CHANNEL.get():
        actor_name = f"{actor_name} · {channel}"
    return user, actor_name[:200]


def _content(
    change: Change, actor: Any, *, parsed: bool = True, who: tuple[Any, str] | None = None
) -> dict[str, Any]:
    """An entry's content but its place in the chain (seq, at, hashes); the changes as their
    canonical text, and (`parsed`) as read back from it. `who`: `_who(actor)`, when known."""
    obj, scope_path = change.obj, change.scope_path
    if scope_path is None:
        scope_path = getattr(obj, "audit_scope_path", lambda: "")()
    user, actor_name = who or _who(actor)
    object_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    # Stored as read back from the database, so that the hash is recomputed identically.
    changes_text = _canonical(diff(change.before, change.after))
    return {
        "actor_id": user.pk if user is not None else None,
        "actor_name": actor_name,
        "action": change.action,
        "object_type": f"{object_type.app_label}.{object_type.model}" if object_type else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "object_repr": str(obj)[:300] if obj is not None else "",
        "scope_path": scope_path,
        "changes": json.loads(changes_text) if parsed else None,
        "reason": change.reason,
        # Not hashed as such: the objects the row points to, the changes' canonical text.
        "_user": user,
        "_type": object_type,
        "_changes_text": changes_text,
    }


def _chain(contents: list[dict[str, Any]], head: AuditChainHead) -> None:
    """Give each content its place after the locked `head`: seq, at, prev_hash and hash."""
    seq, prev = head.seq, head.hash
    for content in contents:
        seq += 1
        content["seq"] = seq
        # Taken under the lock, so that times follow the chain's order (an entry made
        # elsewhere, `record_past`, keeps its own).
        if content.get("at") is None:
            content["at"] = timezone.now()
        content["prev_hash"] = prev
        content["hash"] = prev = entry_hash(content, prev, content["_changes_text"])


def _chained(contents: list[dict[str, Any]], head: AuditChainHead) -> list[AuditEntry]:
    """Unsaved entries following the locked `head`, each hashed over the previous one."""
    _chain(contents, head)
    return [
        AuditEntry(
            seq=content["seq"],
            at=content["at"],
            actor=content["_user"],
            actor_name=content["actor_name"],
            action=content["action"],
            object_type=content["_type"],
            object_id=content["object_id"],
            object_repr=content["object_repr"],
            scope_path=content["scope_path"],
            changes=content["changes"],
            reason=content["reason"],
            prev_hash=content["prev_hash"],
            hash=content["hash"],
        )
        for content in contents
    ]
