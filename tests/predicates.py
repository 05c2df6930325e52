"""Each named predicate of the permissions modules, tested with whom it must allow and refuse.

Each app contributes `tests/<app>/test_predicates.py` with `PREDICATES`, name -> Case, and one
parametrised test over it (`check`). `tests/test_predicates.py` finds every public predicate of
`dienhinh.<app>.permissions` by introspection, so a new one without a case fails the suite.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.contrib.auth.models import AnonymousUser


def _no_arguments(people: dict[str, Any]) -> tuple[Any, ...]:
    return ()


@dataclass(frozen=True)
class Case:
    """`allowed` must be let through; `outsider` (another unit or province, or anonymous for a
    question without an object) and `insider` (where the object is, but of the wrong role) must
    be refused, as must every persona in `also_refused`. `args(people)` builds the arguments
    after the user (people: persona -> user, "anonymous" included)."""

    allowed: str
    outsider: str
    insider: str
    args: Callable[[dict[str, Any]], tuple[Any, ...]] = _no_arguments
    also_refused: tuple[str, ...] = field(default=())


def check(module: ModuleType, name: str, case: Case, personas: dict[str, Any]) -> None:
    people = {**personas, "anonymous": AnonymousUser()}
    predicate = getattr(module, name)
    args = case.args(people)
    assert predicate(people[case.allowed], *args) is True, f"{name} refuses {case.allowed}"
    for persona in (case.outsider, case.insider, *case.also_refused):
        assert predicate(people[persona], *args) is False, f"{name} allows {persona}"
