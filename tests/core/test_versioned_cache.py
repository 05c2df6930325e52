"""The versioned cache: values shared between processes, or kept in the process only when they
are cheaper to compute again than to write (`share_after`)."""

import pytest
from django.core.cache import cache

from dienhinh.core.cache import VersionedCache

pytestmark = pytest.mark.django_db


def _in_another_process(values: VersionedCache) -> None:
    """What another process sees: the shared cache, nothing of this one's."""
    values._local.clear()


def test_a_value_is_shared_unless_computed_faster_than_share_after():
    values = VersionedCache("test:share")
    calls: list[str] = []

    def compute(name: str):
        return lambda: calls.append(name) or name

    assert values.get_or_set("shared", compute("shared")) == "shared"
    assert values.get_or_set("quick", compute("quick"), share_after=3600) == "quick"
    assert values.get_or_set("zero", compute("zero"), share_after=0) == "zero"
    # In this process all three are kept.
    for name in ("shared", "quick", "zero"):
        values.get_or_set(name, compute(name), share_after=3600)
    assert calls == ["shared", "quick", "zero"]
    # Another process finds the shared ones and computes the quick one again.
    _in_another_process(values)
    for name in ("shared", "quick", "zero"):
        values.get_or_set(name, compute(name), share_after=3600)
    assert calls == ["shared", "quick", "zero", "quick"]
    # A new version: every value computed again.
    values.invalidate()
    _in_another_process(values)
    values.get_or_set("shared", compute("shared"))
    assert calls[-1] == "shared"
    cache.clear()
