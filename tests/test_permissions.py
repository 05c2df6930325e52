"""Every URL pattern, every persona: the expected status (anonymous → login, outsiders → 404)."""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import PERSONAS
from tests.permtable import EVERY_PERSONA, LOGIN, Row

# URL names outside the table's reach: Django's admin (guarded by Django itself, one row covers
# its index) and the per-object admin pages.
IGNORED_NAMESPACES = {"admin"}


def _url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            ns = pattern.namespace
            if ns in IGNORED_NAMESPACES:
                continue
            names |= _url_names(pattern, f"{prefix}{ns}:" if ns else prefix)
        elif pattern.name:
            names.add(prefix + pattern.name)
    return names


def _row_modules():
    root = Path(__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if info.ispkg and (root / info.name / "permissions.py").exists():
            yield importlib.import_module(f"tests.{info.name}.permissions")


def _all_rows(world) -> list[Row]:
    rows = []
    for module in _row_modules():
        rows.extend(module.rows(world))
    return rows


class World(dict):
    __getattr__ = dict.__getitem__


@pytest.fixture
def world(personas, org, demo_keys):
    return World(personas=personas, org=org)


def test_every_url_has_a_row(world):
    covered = {row.url_name for row in _all_rows(world)} | {"admin:index"}
    missing = sorted(_url_names() - covered)
    assert missing == [], f"URL names without a permission row: {missing}"


def _check(client, row: Row, persona: str):
    url = reverse(row.url_name, kwargs=row.kwargs or None) + row.query
    response = getattr(client, row.method)(url, row.data or {})
    expected = row.outcome(persona)
    if expected == LOGIN:
        assert response.status_code == 302, (row.url_name, persona, response.status_code)
        assert reverse("login") in response["Location"], (row.url_name, persona)
    else:
        assert response.status_code == expected, (
            f"{row.method.upper()} {url} as {persona}: {response.status_code}, expected {expected}"
        )


@pytest.mark.parametrize("persona", EVERY_PERSONA)
def test_permission_table(world, client_for, persona):
    rows = _all_rows(world)
    assert rows
    for row in rows:
        _check(client_for(persona), row, persona)


def test_personas_exist(personas):
    assert set(personas) == set(PERSONAS)
