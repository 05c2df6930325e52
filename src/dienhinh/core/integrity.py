"""Checking the audit trail's hash chain, and the daily anchors that pin it down."""

import dataclasses
import datetime
import hashlib
import hmac
import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dienhinh.core.audit import GENESIS_HASH, entry_hash
from dienhinh.core.models import AuditAnchor, AuditChainHead, AuditEntry

logger = logging.getLogger("dienhinh.audit")

_COLUMNS = (
    "id",
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type__app_label",
    "object_type__model",
    "object_id",
    "object_repr",
    "scope_path",
    "changes",
    "reason",
    "prev_hash",
    "hash",
)


@dataclasses.dataclass(frozen=True)
class Break:
    """Where the chain first fails: the entry (by id and position) and what is wrong."""

    entry_id: int | None
    seq: int
    problem: str

    def __str__(self) -> str:
        where = f"audit entry id={self.entry_id} seq={self.seq}"
        if self.entry_id is None:
            where = f"audit chain at seq={self.seq}"
        return f"{where}: {self.problem}"


@dataclasses.dataclass(frozen=True)
class Report:
    entries: int
    head_seq: int
    head_hash: str
    broken: Break | None


def _rows() -> Iterator[dict[str, Any]]:
    query = AuditEntry.objects.order_by("seq").values(*_COLUMNS)
    yield from query.iterator(chunk_size=2000)


def _content(row: dict[str, Any]) -> dict[str, Any]:
    app, model = row["object_type__app_label"], row["object_type__model"]
    return {**row, "object_type": f"{app}.{model}" if app else ""}


def verify_chain(anchors: Iterable[dict[str, Any]] = ()) -> Report:
    """Walk the whole chain in order; report the first entry that breaks it.

    An entry breaks the chain when its position skips one (a row deleted), its `prev_hash`
    is not the previous entry's hash (a row deleted or inserted), or its hash does not match
    its content (a row changed). The head row and the anchors (stored ones and the given
    exported ones, each `{"seq": …, "hash": …}`) must agree with the entries they name.
    """
    stored = [(a.seq, a.hash, "the anchor written") for a in AuditAnchor.objects.all()]
    exported = [(int(a["seq"]), str(a["hash"]), "the exported anchor") for a in anchors]
    wanted = {seq for seq, _hash, _source in stored + exported}
    seen: dict[int, str] = {0: GENESIS_HASH}  # the hashes at anchored positions
    count, seq, previous = 0, 0, GENESIS_HASH
    for row in _rows():
        count += 1
        expected = seq + 1
        problem = ""
        if row["seq"] != expected:
            problem = f"entries from seq={expected} to seq={row['seq'] - 1} are missing"
        elif row["prev_hash"] != previous:
            problem = "does not follow the previous entry (a row was removed or inserted)"
        elif entry_hash(_content(row), previous) != row["hash"]:
            problem = "its content does not match its hash (the row was changed)"
        if problem:
            return Report(count, seq, previous, Break(row["id"], row["seq"], problem))
        seq, previous = row["seq"], row["hash"]
        if seq in wanted:
            seen[seq] = previous
    for anchor_seq, anchor_hash, source in sorted(stored + exported):
        if seen.get(anchor_seq) != anchor_hash:
            problem = f"{source} for seq={anchor_seq} does not match the chain"
            return Report(count, seq, previous, Break(None, anchor_seq, problem))
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if (head_seq, head_hash) != (seq, previous):
        problem = f"the chain head says seq={head_seq}: entries after seq={seq} are missing"
        if head_seq <= seq:
            problem = f"the chain head says seq={head_seq}: entries were added outside the trail"
        return Report(count, seq, previous, Break(None, seq + 1, problem))
    return Report(count, seq, previous, None)


def _signature(payload: dict[str, Any]) -> str:
    key = (settings.AUDIT_ANCHOR_KEY or settings.SECRET_KEY).encode()
    message = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def anchor_payload(anchor: AuditAnchor) -> dict[str, Any]:
    """An anchor as exported: day, position, hash and an HMAC-SHA256 signature over them."""
    payload = {"day": anchor.day.isoformat(), "seq": anchor.seq, "hash": anchor.hash}
    return payload | {"signature": _signature(payload)}


def signature_valid(payload: dict[str, Any]) -> bool:
    fields = {key: payload[key] for key in ("day", "seq", "hash")}
    return hmac.compare_digest(_signature(fields), str(payload.get("signature", "")))


def write_anchor(day: datetime.date | None = None) -> AuditAnchor:
    """Write (once per day) the chain head as the day's anchor, and log it."""
    day = day or timezone.localdate()
    with transaction.atomic():
        head = AuditChainHead.objects.filter(pk=1).first()
        seq, digest = (head.seq, head.hash) if head else (0, GENESIS_HASH)
        anchor, created = AuditAnchor.objects.get_or_create(
            day=day, defaults={"seq": seq, "hash": digest}
        )
    logger.info(
        "audit anchor day=%s seq=%s hash=%s%s",
        anchor.day.isoformat(),
        anchor.seq,
        anchor.hash,
        "" if created else " (already written)",
    )
    return anchor
