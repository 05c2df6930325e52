"""A versioned cache: values kept under a namespace's version, all dropped at once by a new one.

The shared cache (Django's, the database table in production) holds one version token per
namespace. Every key includes it, so `invalidate()` (deleting the token) makes every value of the
namespace unreachable at once; they expire on their own. This is the shape of pretix's
`ObjectRelatedCache`, with a namespace in place of an object.

Values read from the shared cache are also kept in the process for up to `local_seconds`, so that
a page does not fetch and unpickle a large value on every request. The key holds the version, so
a kept value is never one the data has outgrown in this process; another process's change is seen
within `local_seconds`. Values are shared between requests: callers must not change them.

    counts = VersionedCache("registrations")
    post_save.connect(counts.invalidate, sender=Entry)
    total = counts.get_or_set(("total", program.pk), lambda: Entry.objects.count())
"""

import hashlib
import threading
import time
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import DatabaseError, transaction

T = TypeVar("T")

DEFAULT_SECONDS = 6 * 3600


class VersionedCache:
    """Values under `namespace`, dropped together by `invalidate()`.

    `fmt` is part of every key: raise it when the shape of a cached value changes, so that values
    cached by an earlier release are never read as the new shape.
    """

    _instances: "weakref.WeakSet[VersionedCache]" = weakref.WeakSet()

    def __init__(
        self,
        namespace: str,
        *,
        fmt: int = 1,
        seconds: int = DEFAULT_SECONDS,
        local_entries: int = 32,
        local_seconds: int = 60,
    ) -> None:
        self.namespace = namespace
        self.fmt = fmt
        self.seconds = seconds
        self.local_entries = local_entries
        self.local_seconds = local_seconds
        self.version_key = f"{namespace}:version"
        self._local: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        VersionedCache._instances.add(self)

    @classmethod
    def forget_all_local(cls) -> None:
        """Empty what every cache keeps in this process (tests that count queries)."""
        for instance in list(cls._instances):
            instance._local.clear()
        for store in list(ProcessStore.instances):
            store.clear()

    def version(self) -> str:
        """The namespace's current token ("" when the cache cannot hold one)."""
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, uuid.uuid4().hex, None)
            version = cache.get(self.version_key) or ""
        return str(version)

    def invalidate(self, **_signal_kwargs: Any) -> None:
        """Drop every value: now, and again once the transaction commits (a value computed
        meanwhile from data not yet committed must not stay). Usable as a signal receiver.

        A new token replaces the old one (rather than the token going): the next reader finds
        it in one read, instead of racing the other readers to write one."""
        self._forget()
        transaction.on_commit(self._forget)

    def _forget(self) -> None:
        try:
            with (
                transaction.atomic()
            ):  # a savepoint: a failure leaves the caller's transaction usable
                cache.set(self.version_key, uuid.uuid4().hex, None)
        except DatabaseError:  # no cache table yet (a database being set up)
            pass

    def get_or_set(
        self,
        parts: Hashable,
        compute: Callable[[], T],
        seconds: int | None = None,
        *,
        version: str | None = None,
        share_after: float | None = None,
    ) -> T:
        """`compute()`, kept in the shared cache (and for a while in the process) under the
        version. `parts` identifies the value (its repr is hashed); pass `version` to read several
        values of one consistent version. With `share_after` (seconds), a value computed faster
        than that is kept in the process only: writing it to the shared cache (a write
        transaction on the database cache) would cost more than another process computing it
        again."""
        version = self.version() if version is None else version
        if not version:
            return compute()
        seconds = self.seconds if seconds is None else seconds
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        key = f"{self.namespace}:{self.fmt}:{version}:{digest}"
        now = time.monotonic()
        kept = self._local.get(key)
        if kept is not None and kept[0] > now:
            self._local.move_to_end(key)
            return kept[1]  # type: ignore[no-any-return]
        value = cache.get(key)
        if value is None:
            started = time.monotonic()
            value = compute()
            if share_after is None or time.monotonic() - started >= share_after:
                cache.set(key, value, seconds)
        self._keep(key, value, now + min(seconds, self.local_seconds))
        return value  # type: ignore[no-any-return]

    def kept(self, parts: Hashable, compute: Callable[[], T], *, version: str | None = None) -> T:
        """`compute()`, kept in this process only: for values not worth sharing (built fast from
        shared ones, or holding objects)."""
        version = self.version() if version is None else version
        if not version:
            return compute()
        key = f"local:{version}:{parts!r}"
        now = time.monotonic()
        kept = self._local.get(key)
        if kept is not None and kept[0] > now:
            self._local.move_to_end(key)
            return kept[1]  # type: ignore[no-any-return]
        value = compute()
        self._keep(key, value, now + self.local_seconds)
        return value

    def hold(self, entries: int) -> None:
        """Keep at least `entries` values in the process (a warm-up that fills more of them
        than the default holds: the first would be dropped by the last)."""
        self.local_entries = max(self.local_entries, entries)

    def _keep(self, key: str, value: object, until: float) -> None:
        self._local[key] = (until, value)
        self._local.move_to_end(key)
        while len(self._local) > self.local_entries:
            self._local.popitem(last=False)


class ProcessStore:
    """The last `entries` values put, kept in this process with no expiry: for values their
    reader checks itself (a table kept up to date from a log of changes). Thread-safe; emptied
    by `VersionedCache.forget_all_local` too."""

    instances: "weakref.WeakSet[ProcessStore]" = weakref.WeakSet()

    def __init__(self, entries: int = 16) -> None:
        self.entries = entries
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        ProcessStore.instances.add(self)

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.entries:
                self._values.popitem(last=False)

    def hold(self, entries: int) -> None:
        """Keep at least `entries` values (see `VersionedCache.hold`)."""
        with self._lock:
            self.entries = max(self.entries, entries)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
