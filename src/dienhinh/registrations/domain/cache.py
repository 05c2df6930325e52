"""Values computed from the registration data (the quota dashboard's unit table and counts, the
candidate lists' totals), kept until a candidate, registration, entry, organisation or
organisation event changes: `data_changed` is connected to their saves and deletes in apps.py;
bulk writes, which send no signal, call it themselves."""

from typing import Any

from dienhinh.core.cache import VersionedCache

# fmt: raised when the shape of a cached value changes.
records = VersionedCache("registrations:quotas", fmt=5)


def data_changed(**_signal_kwargs: Any) -> None:
    """Forget every value kept from the registration data (now and at commit)."""
    records.invalidate()
