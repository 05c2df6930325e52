"""Settings read from the environment: a value that does not parse stops the start, naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dienhinh.env import env_bool, env_choice, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("True", True), ("YES", True), (" on ", True)]
    + [("0", False), ("false", False), ("No", False), ("off", False), ("", False)],
)
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("DIENHINH_TEST_FLAG", raw)
    assert env_bool("DIENHINH_TEST_FLAG") is expected


def test_env_bool_unset_is_the_default(monkeypatch):
    monkeypatch.delenv("DIENHINH_TEST_FLAG", raising=False)
    assert env_bool("DIENHINH_TEST_FLAG", True) is True


@pytest.mark.parametrize("raw", ["ture", "flase", "2", "y", "enabled"])
def test_env_bool_typo_is_an_error_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("DIENHINH_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match=f"DIENHINH_TEST_FLAG='{raw}' is not a boolean"):
        env_bool("DIENHINH_TEST_FLAG")


def test_env_int_parses_and_defaults(monkeypatch):
    monkeypatch.setenv("DIENHINH_TEST_NUMBER", " 42 ")
    assert env_int("DIENHINH_TEST_NUMBER", 7) == 42
    monkeypatch.setenv("DIENHINH_TEST_NUMBER", "")
    assert env_int("DIENHINH_TEST_NUMBER", 7) == 7
    monkeypatch.delenv("DIENHINH_TEST_NUMBER")
    assert env_int("DIENHINH_TEST_NUMBER", 7) == 7


@pytest.mark.parametrize("raw", ["5O", "1.5", "ten", "1e3"])
def test_env_int_that_does_not_parse_is_an_error_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("DIENHINH_TEST_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match="DIENHINH_TEST_NUMBER=.* is not a whole number"):
        env_int("DIENHINH_TEST_NUMBER", 7)


def test_env_int_below_its_minimum_is_an_error(monkeypatch):
    monkeypatch.setenv("DIENHINH_TEST_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="DIENHINH_TEST_NUMBER=-1 is below the minimum"):
        env_int("DIENHINH_TEST_NUMBER", 7, minimum=0)


def test_env_choice_refuses_an_unknown_value(monkeypatch):
    monkeypatch.delenv("DIENHINH_TEST_MODE", raising=False)
    assert env_choice("DIENHINH_TEST_MODE", ("development", "production")) == "development"
    monkeypatch.setenv("DIENHINH_TEST_MODE", "prodution")
    with pytest.raises(ImproperlyConfigured, match="DIENHINH_TEST_MODE='prodution'"):
        env_choice("DIENHINH_TEST_MODE", ("development", "production"))


def test_file_variant_is_read_and_a_missing_file_is_named(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n", encoding="utf-8")
    monkeypatch.setenv("DIENHINH_TEST_SECRET_FILE", str(secret))
    assert env_str("DIENHINH_TEST_SECRET") == "s3cret"
    monkeypatch.setenv("DIENHINH_TEST_SECRET_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="DIENHINH_TEST_SECRET_FILE"):
        env_str("DIENHINH_TEST_SECRET")


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("DIENHINH_TEST_HOSTS", " a.vn, ,b.vn ")
    assert env_list("DIENHINH_TEST_HOSTS", []) == ["a.vn", "b.vn"]


def _check(tmp_path, **values):
    env = {**os.environ, "DIENHINH_VAR_DIR": str(tmp_path), **values}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "ture"),
        ("EMAIL_USE_TLS", "yes please"),
        ("EMAIL_PORT", "twenty-five"),
        ("LOGIN_FAILURE_LIMIT", "0"),
        ("DIENHINH_ENV", "prodution"),
    ],
)
def test_start_fails_on_a_bad_value_naming_the_variable(tmp_path, name, value):
    result = _check(tmp_path, **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name}=" in result.stderr


def test_start_succeeds_with_good_values(tmp_path):
    result = _check(tmp_path, DEBUG="off", EMAIL_PORT="587", EMAIL_USE_TLS="1")
    assert result.returncode == 0, result.stderr
