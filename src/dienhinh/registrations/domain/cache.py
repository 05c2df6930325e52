"""Values computed from the registration data (the quota dashboard's unit table and counts, the
candidate lists' totals), kept until a candidate, registration, entry, organisation or
organisation event changes: `data_changed` is connected to their saves and deletes in apps.py;
bulk writes, which send no signal, call it themselves."""

from typing import Any

from dienhinh.core.cache import VersionedCache

# fmt: raised when the shape of a cached value changes.
records = VersionedCache("registrations:quotas", fmt=5)
# The quota dashboard's units and districts: they change only with the tree.
units_cache = VersionedCache("registrations:units", fmt=2)


def data_changed(**_signal_kwargs: Any) -> None:
    """Forget every value kept from the registration data (now and at commit)."""
    records.invalidate()


def tree_changed(**_signal_kwargs: Any) -> None:
    """An organisation was saved, deleted or restructured: forget the units and the rest."""
    units_cache.invalidate()
    records.invalidate()
