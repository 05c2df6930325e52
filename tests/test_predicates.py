"""Every public predicate of every app's `permissions.py` has a case in its app's
`tests/<app>/test_predicates.py` (a user it allows, an outsider and a wrong-role insider it
refuses).

Found by introspection: the public functions of each permissions module (defined there or taken
from another app's permissions module, as documents takes the honours' signing rule). A function
whose return annotation is `bool` is a predicate and needs a case; every other public function
must say what it returns (a scoping query: a queryset, a filter, paths), so that a predicate
cannot escape by leaving its annotation out.
"""

import importlib
import importlib.util
import inspect

import pytest
from django.apps import apps

APPS = (
    "orgs",
    "programs",
    "registrations",
    "honours",
    "documents",
    "portal",
    "notifications",
    "api",
)


def _public_functions(app: str) -> dict[str, object]:
    module = importlib.import_module(f"dienhinh.{app}.permissions")
    return {
        name: function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__.endswith(".permissions")
    }


def _is_predicate(function) -> bool:
    return inspect.signature(function).return_annotation in (bool, "bool")


@pytest.mark.parametrize("app", APPS)
def test_every_public_predicate_has_a_case(app):
    functions = _public_functions(app)
    predicates = {name for name, f in functions.items() if _is_predicate(f)}
    tests = importlib.import_module(f"tests.{app}.test_predicates")
    # A predicate that takes no user (a question about a token) is tested by a test of its own.
    separately = getattr(tests, "CHECKED_SEPARATELY", {})
    assert all(callable(getattr(tests, test, None)) for test in separately.values())
    registry = set(tests.PREDICATES) | set(separately)
    assert not predicates - registry, f"no case for: {sorted(predicates - registry)}"
    assert not registry - predicates, f"cases for no predicate: {sorted(registry - predicates)}"


def test_every_app_with_permissions_is_checked():
    """A new app's permissions module joins APPS (and gets its tests/<app>/test_predicates.py)."""
    with_permissions = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("dienhinh.")
        and importlib.util.find_spec(f"{config.name}.permissions") is not None
    }
    assert with_permissions == set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_every_public_function_says_what_it_returns(app):
    unannotated = [
        name
        for name, f in _public_functions(app).items()
        if inspect.signature(f).return_annotation is inspect.Signature.empty
    ]
    assert not unannotated, f"dienhinh.{app}.permissions: annotate the return of {unannotated}"


def test_the_predicates_are_found():
    """The introspection finds what it must (a check that the checks above check something)."""
    found = _public_functions("documents")
    assert _is_predicate(found["may_export"])
    assert _is_predicate(found["may_sign_program_documents"])  # the honours' rule, taken
    assert not _is_predicate(_public_functions("honours")["visible_sessions"])
    assert "covers" not in _public_functions("honours")  # orgs.queries' helper, not a rule
