"""Facts from JSON (the `eligibility` command's input), checked strictly: a wrong value is an
error naming where it is, never a silent "no data".

    {"subject": "individual|collective|household|model", "field": "k",
     "recognition_date": "2025-03-31", "rated": true,
     "ratings": {"2020": "htxs", ...}, "recognitions": [{"year": 2024, "text": "..."}],
     "cultural_family_years": [2020, 2021], "violations": [{"year": 2023, "kind": "law"}],
     "disciplines": [{"year": 2025, "level": "khien_trach"}],
     "metrics": {"2024": {"par_index": 86.5, ...}}, "model": {"stable_years": 3, ...}}

Absent keys mean no data.
"""

import datetime
import json
from pathlib import Path

from django.utils.translation import gettext as _

from dienhinh.programs.eligibility.facts import Discipline, Facts, Recognition, Violation
from dienhinh.programs.enums import (
    DisciplineLevel,
    Metric,
    ModelMeasure,
    Rating,
    SubjectType,
    ViolationKind,
)

KEYS = (
    "subject",
    "field",
    "recognition_date",
    "rated",
    "ratings",
    "recognitions",
    "cultural_family_years",
    "violations",
    "disciplines",
    "metrics",
    "model",
)


class FactsError(ValueError):
    """The input cannot be read as facts; the message says where and why."""


def _fail(path: str, message: str):
    raise FactsError(f"{path}: {message}")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _year(value, path: str) -> int:
    if isinstance(value, str) and value.isdigit() and len(value) == 4:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2200:
        _fail(path, _("expected a year such as 2024, got %(value)s") % {"value": json.dumps(value)})
    return value


def _choice(value, path: str, choices, what: str) -> str:
    if value not in choices:
        _fail(
            path,
            _("unknown %(what)s %(value)s (expected one of: %(choices)s)")
            % {
                "what": what,
                "value": json.dumps(value, ensure_ascii=False),
                "choices": ", ".join(choices),
            },
        )
    return value


def _typed(data: dict, key: str, kind: type, name: str):
    value = data.get(key)
    if value is not None and not isinstance(value, kind):
        _fail(key, _("expected %(kind)s") % {"kind": name})
    return value


def _records(data, key, fields):
    """A list of objects with exactly `fields` (name -> checker)."""
    items = _typed(data, key, list, _("a list")) or []
    out = []
    for i, item in enumerate(items):
        path = f"{key}[{i}]"
        if not isinstance(item, dict):
            _fail(path, _("expected an object"))
        for name in item:
            if name not in fields:
                _fail(f"{path}.{name}", _("unknown key"))
        values = {}
        for name, check in fields.items():
            if name not in item:
                _fail(f"{path}.{name}", _("missing"))
            values[name] = check(item[name], f"{path}.{name}")
        out.append(values)
    return out


def _text(value, path):
    if not isinstance(value, str):
        _fail(path, _("expected text"))
    return value


def facts_from_dict(data) -> Facts:
    """Facts from the parsed JSON of one subject; raises FactsError."""
    if not isinstance(data, dict):
        raise FactsError(_("The file must hold one JSON object."))
    for key in data:
        if key not in KEYS:
            _fail(key, _("unknown key"))
    if "subject" not in data:
        _fail("subject", _("missing"))
    subject = _choice(data["subject"], "subject", SubjectType.values, _("subject type"))
    field_code = _typed(data, "field", str, _("text"))
    if "recognition_date" not in data:
        _fail("recognition_date", _("missing"))
    raw_date = data["recognition_date"]
    try:
        if not isinstance(raw_date, str):
            raise ValueError
        day = datetime.date.fromisoformat(raw_date)
    except ValueError:
        _fail(
            "recognition_date",
            _("expected a date as YYYY-MM-DD, got %(value)s")
            % {"value": json.dumps(raw_date, ensure_ascii=False)},
        )
    rated = data.get("rated")
    if rated is not None and not isinstance(rated, bool):
        _fail("rated", _("expected true, false or null"))

    ratings = {}
    for key, value in (_typed(data, "ratings", dict, _("an object")) or {}).items():
        ratings[_year(key, f"ratings.{key}")] = _choice(
            value, f"ratings.{key}", Rating.values, _("rating")
        )

    recognitions = [
        Recognition(**r) for r in _records(data, "recognitions", {"year": _year, "text": _text})
    ]
    violations = [
        Violation(**v)
        for v in _records(
            data,
            "violations",
            {
                "year": _year,
                "kind": lambda v, p: _choice(v, p, ViolationKind.values, _("violation")),
            },
        )
    ]
    disciplines = [
        Discipline(**d)
        for d in _records(
            data,
            "disciplines",
            {
                "year": _year,
                "level": lambda v, p: _choice(v, p, DisciplineLevel.values, _("discipline level")),
            },
        )
    ]
    years = _typed(data, "cultural_family_years", list, _("a list")) or []
    cultural = {_year(y, f"cultural_family_years[{i}]") for i, y in enumerate(years)}

    metrics: dict[int, dict[str, float]] = {}
    for key, values in (_typed(data, "metrics", dict, _("an object")) or {}).items():
        year = _year(key, f"metrics.{key}")
        if not isinstance(values, dict):
            _fail(f"metrics.{key}", _("expected an object"))
        row = {}
        for name, value in values.items():
            path = f"metrics.{key}.{name}"
            _choice(name, path, Metric.values, _("metric"))
            if value is None:
                continue
            if not _is_number(value):
                _fail(path, _("expected a number"))
            row[name] = value
        metrics[year] = row

    model = {}
    for name, value in (_typed(data, "model", dict, _("an object")) or {}).items():
        path = f"model.{name}"
        _choice(name, path, ModelMeasure.values, _("measure"))
        if value is None:
            continue
        if not _is_number(value) or value < 0:
            _fail(path, _("expected a number, 0 or more"))
        model[name] = value

    return Facts(
        subject_type=subject,
        field_code=field_code,
        recognition_date=day,
        rated=rated,
        ratings=ratings,
        recognitions=recognitions,
        cultural_family_years=cultural,
        violations=violations,
        disciplines=disciplines,
        metrics=metrics,
        model=model,
    )


def facts_from_file(path) -> Facts:
    """Facts from a JSON file; raises FactsError (missing file, not JSON, bad values)."""
    path = Path(path)
    try:
        # utf-8-sig: files saved by Windows editors start with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FactsError(_("%(path)s: no such file") % {"path": path}) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FactsError(
            _("%(path)s: cannot be read (%(error)s)") % {"path": path, "error": exc}
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FactsError(
            _("%(path)s: not valid JSON (line %(line)s, column %(column)s)")
            % {"path": path, "line": exc.lineno, "column": exc.colno}
        ) from None
    try:
        return facts_from_dict(data)
    except FactsError as exc:
        raise FactsError(f"{path.name}: {exc}") from None
