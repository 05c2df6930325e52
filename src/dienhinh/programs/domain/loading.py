"""Loading programs from the data files (data/*.json; shape in data/README.md).

A file is validated strictly before anything is written: an unknown rule kind, a missing or
wrong rule parameter, an unknown organisation code or a duplicate code is a `ProgramFileError`
naming the file and the JSON path ("lai-chau-2533.json: $.fields[9].criteria[1].rule.params.min:
missing parameter"). Loading is idempotent: a program whose code is already in the database is
left as it is, so what officers changed since is never overwritten.
"""

import datetime
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.actors import Actor, system
from dienhinh.core.errors import require
from dienhinh.core.text import nfc
from dienhinh.orgs.enums import OrgKind
from dienhinh.orgs.models import Organisation
from dienhinh.programs import permissions
from dienhinh.programs.eligibility.rules import ParamError, rule_class
from dienhinh.programs.enums import DocKind, MilestoneKind, QuotaPeriod, RuleKind, SubjectType
from dienhinh.programs.models import Criterion, Field, Milestone, Program, Quota

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ACTOR = system("load_programs")
#: A JSON value's expected type, or the types it may have.
Kind = type | tuple[type, ...]
Kinds = dict[str, Kind]


class ProgramFileError(ValueError):
    def __init__(self, source: str, path: str, message: str) -> None:
        self.source, self.path, self.message = source, path, message
        super().__init__(f"{source}: {path}: {message}")


class _Validator:
    """Walks one file's data, raising ProgramFileError at the first problem."""

    def __init__(self, source: str, org_codes: set[str]) -> None:
        self.source = source
        self.org_codes = org_codes

    def fail(self, path: str, message: str) -> NoReturn:
        raise ProgramFileError(self.source, path, message)

    def obj(
        self, value: Any, path: str, required: Kinds, optional: Kinds | None = None
    ) -> dict[str, Any]:
        """An object with exactly these keys (name -> type or tuple of types)."""
        optional = optional or {}
        if not isinstance(value, dict):
            self.fail(path, _("expected an object"))
        for key in value:
            if key not in required and key not in optional:
                self.fail(f"{path}.{key}", _("unknown key"))
        for key, kind in required.items():
            if key not in value:
                self.fail(f"{path}.{key}", _("missing key"))
            self.typed(value[key], f"{path}.{key}", kind)
        for key, kind in optional.items():
            if key in value:
                self.typed(value[key], f"{path}.{key}", kind)
        return value

    def typed(self, value: Any, path: str, kind: Kind) -> None:
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            self.fail(path, _("wrong type"))
        if not isinstance(value, kinds):
            names = " | ".join("null" if k is type(None) else k.__name__ for k in kinds)
            self.fail(path, _("expected %(kind)s") % {"kind": names})

    def text(self, value: Any, path: str) -> None:
        self.typed(value, path, str)
        if not value.strip():
            self.fail(path, _("must not be empty"))

    def texts(self, value: Any, path: str) -> None:
        self.typed(value, path, list)
        for i, item in enumerate(value):
            self.text(item, f"{path}[{i}]")

    def date(self, value: Any, path: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(path, _("expected a date as YYYY-MM-DD"))

    def choice(self, value: Any, path: str, choices: Iterable[str]) -> None:
        if value not in choices:
            self.fail(
                path,
                _("unknown value %(value)s (expected one of: %(choices)s)")
                % {"value": json.dumps(value, ensure_ascii=False), "choices": ", ".join(choices)},
            )

    def choices(
        self, value: Any, path: str, choices: Iterable[str], allowed_empty: bool = False
    ) -> None:
        self.typed(value, path, list)
        if not value and not allowed_empty:
            self.fail(path, _("must not be empty"))
        for i, item in enumerate(value):
            self.choice(item, f"{path}[{i}]", choices)
        if len(set(value)) != len(value):
            self.fail(path, _("duplicate values"))

    def org(self, value: Any, path: str) -> None:
        if value not in self.org_codes:
            self.fail(
                path,
                _("unknown organisation code %(code)s")
                % {"code": json.dumps(value, ensure_ascii=False)},
            )

    def unique(self, seen: dict[str, str], code: Any, path: str, message: str) -> None:
        """`message` has %(code)s and %(other)s (where the code was seen first)."""
        if code in seen:
            self.fail(
                path, message % {"code": json.dumps(code, ensure_ascii=False), "other": seen[code]}
            )
        seen[code] = path

    def criterion(
        self, value: Any, path: str, subject_types: list[str], seen: dict[str, str]
    ) -> None:
        self.obj(
            value,
            path,
            {"code": str, "subject_types": list, "text": str, "rule": (dict, type(None))},
        )
        self.text(value["code"], f"{path}.code")
        self.unique(
            seen,
            value["code"],
            f"{path}.code",
            _("duplicate criterion code %(code)s (also at %(other)s)"),
        )
        self.choices(value["subject_types"], f"{path}.subject_types", subject_types)
        self.text(value["text"], f"{path}.text")
        rule = value["rule"]
        if rule is not None:
            self.obj(rule, f"{path}.rule", {"kind": str}, {"params": (dict, type(None))})
            try:
                cls = rule_class(rule["kind"])
            except ParamError:
                self.fail(
                    f"{path}.rule.kind",
                    _("unknown rule kind %(kind)s (expected one of: %(kinds)s)")
                    % {"kind": json.dumps(rule["kind"]), "kinds": ", ".join(RuleKind.values)},
                )
            try:
                cls.clean(rule.get("params"))
            except ParamError as exc:
                where = f"{path}.rule.params" + (f".{exc.name}" if exc.name else "")
                self.fail(where, exc.message)

    def program(self, data: Any) -> None:
        self.obj(
            data,
            "$",
            {
                "code": str,
                "number": str,
                "doc_kind": str,
                "title": str,
                "short_title": str,
                "issued_on": str,
                "place": str,
                "issuer": str,
                "issuer_org": str,
                "signer": dict,
                "period": dict,
                "subject_types": list,
                "general_standards": list,
                "fields": list,
                "quotas": list,
                "milestones": list,
            },
            {
                "standing_agency_org": (str, type(None)),
                "basis": list,
                "purpose": list,
                "requirements": list,
                "duties": list,
                "subjects_text": str,
                "responsibilities": list,
                "funding": (str, type(None)),
                "direct_commendation": bool,
                "outside_window": dict,
                "vote": dict,
            },
        )
        for key in ("code", "number", "title", "short_title", "place", "issuer"):
            self.text(data[key], f"$.{key}")
        if len(data["short_title"]) > 200:
            self.fail("$.short_title", _("at most 200 characters"))
        self.choice(data["doc_kind"], "$.doc_kind", DocKind.values)
        self.date(data["issued_on"], "$.issued_on")
        self.org(data["issuer_org"], "$.issuer_org")
        if data.get("standing_agency_org") is not None:
            self.org(data["standing_agency_org"], "$.standing_agency_org")
        self.obj(data["signer"], "$.signer", {"name": str, "title": str})
        self.obj(data["period"], "$.period", {"start": str, "end": str}, {"fixed": bool})
        start = self.date(data["period"]["start"], "$.period.start")
        end = self.date(data["period"]["end"], "$.period.end")
        if end < start:
            self.fail("$.period.end", _("the period ends before it starts"))
        for key in ("basis", "purpose", "requirements", "duties"):
            if key in data:
                self.texts(data[key], f"$.{key}")
        if "vote" in data:
            self.obj(
                data["vote"],
                "$.vote",
                {},
                {"threshold_percent": int, "quorum_percent": int, "min_voters": int},
            )
            for key in ("threshold_percent", "quorum_percent"):
                if key in data["vote"] and not 1 <= data["vote"][key] <= 100:
                    self.fail(f"$.vote.{key}", _("a percentage from 1 to 100"))
            if data["vote"].get("min_voters", 1) < 1:
                self.fail("$.vote.min_voters", _("at least 1"))
        if "outside_window" in data:
            self.obj(data["outside_window"], "$.outside_window", {"years": int}, {"fixed": bool})
            if not 1 <= data["outside_window"]["years"] <= 20:
                self.fail("$.outside_window.years", _("from 1 to 20 years"))
        self.choices(data["subject_types"], "$.subject_types", SubjectType.values)
        types = data["subject_types"]

        criteria: dict[str, str] = {}
        for i, item in enumerate(data["general_standards"]):
            self.criterion(item, f"$.general_standards[{i}]", types, criteria)
        fields: dict[str, str] = {}
        for i, item in enumerate(data["fields"]):
            path = f"$.fields[{i}]"
            self.obj(
                item,
                path,
                {"code": str, "name": str, "parent": (str, type(None)), "criteria": list},
            )
            self.text(item["code"], f"{path}.code")
            if len(item["code"]) > 10:
                self.fail(f"{path}.code", _("at most 10 characters"))
            self.text(item["name"], f"{path}.name")
            if item["parent"] is not None and item["parent"] not in fields:
                self.fail(
                    f"{path}.parent",
                    _("unknown parent field %(code)s (a parent comes before its sub-fields)")
                    % {"code": json.dumps(item["parent"], ensure_ascii=False)},
                )
            self.unique(
                fields,
                item["code"],
                f"{path}.code",
                _("duplicate field code %(code)s (also at %(other)s)"),
            )
            for j, crit in enumerate(item["criteria"]):
                self.criterion(crit, f"{path}.criteria[{j}]", types, criteria)

        quotas: dict[str, str] = {}
        for i, item in enumerate(data["quotas"]):
            path = f"$.quotas[{i}]"
            self.obj(
                item,
                path,
                {
                    "code": str,
                    "text": str,
                    "org_kinds": list,
                    "per": str,
                    "minimums": dict,
                    "any_of": (dict, type(None)),
                },
            )
            self.unique(
                quotas,
                item["code"],
                f"{path}.code",
                _("duplicate quota code %(code)s (also at %(other)s)"),
            )
            self.text(item["text"], f"{path}.text")
            self.choices(item["org_kinds"], f"{path}.org_kinds", OrgKind.values)
            self.choice(item["per"], f"{path}.per", QuotaPeriod.values)
            for key, count in item["minimums"].items():
                self.choice(key, f"{path}.minimums.{key}", types)
                self.count(count, f"{path}.minimums.{key}")
            if item["any_of"] is not None:
                any_of = self.obj(
                    item["any_of"], f"{path}.any_of", {"subject_types": list, "count": int}
                )
                self.choices(any_of["subject_types"], f"{path}.any_of.subject_types", types)
                self.count(any_of["count"], f"{path}.any_of.count", low=1)
            if not item["minimums"] and item["any_of"] is None:
                self.fail(path, _("a quota needs minimums or any_of"))

        milestones: dict[str, str] = {}
        for i, item in enumerate(data["milestones"]):
            path = f"$.milestones[{i}]"
            self.obj(
                item,
                path,
                {
                    "code": str,
                    "kind": str,
                    "title": str,
                    "date": (str, type(None)),
                    "quarter": (str, type(None)),
                    "text": str,
                },
            )
            self.unique(
                milestones,
                item["code"],
                f"{path}.code",
                _("duplicate milestone code %(code)s (also at %(other)s)"),
            )
            self.choice(item["kind"], f"{path}.kind", MilestoneKind.values)
            self.text(item["title"], f"{path}.title")
            if item["date"] is not None:
                self.date(item["date"], f"{path}.date")
            if item["quarter"] is not None and parse_quarter(item["quarter"]) is None:
                self.fail(f"{path}.quarter", _("expected a quarter such as 2023-Q2"))

        for i, item in enumerate(data.get("responsibilities", [])):
            path = f"$.responsibilities[{i}]"
            self.obj(item, path, {"who": str, "org": (str, type(None)), "text": str})
            self.text(item["who"], f"{path}.who")
            self.text(item["text"], f"{path}.text")
            if item["org"] is not None:
                self.org(item["org"], f"{path}.org")

    def count(self, value: Any, path: str, low: int = 0) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            self.fail(path, _("expected a whole number, %(low)s or more") % {"low": low})


def parse_quarter(value: str) -> tuple[int, int] | None:
    """ "2023-Q2" -> (2023, 2); anything else -> None."""
    year, sep, q = (value or "").partition("-Q")
    if not sep or len(year) != 4 or not year.isdigit() or q not in ("1", "2", "3", "4"):
        return None
    return int(year), int(q)


def read_file(path: str | Path) -> dict[str, Any]:
    """The parsed and validated content of one program file."""
    path = Path(path)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProgramFileError(path.name, "$", _("no such file")) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ProgramFileError(
            path.name, "$", _("not valid JSON (%(error)s)") % {"error": exc}
        ) from None
    org_codes = set(Organisation.objects.values_list("code", flat=True))
    _Validator(path.name, org_codes).program(data)
    return data


def _nfc(value: Any) -> Any:
    """Every string of the data in NFC (the files should be, but a stray NFD must not slip in)."""
    if isinstance(value, str):
        return nfc(value) if "\n" not in value else "\n".join(nfc(v) for v in value.split("\n"))
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _create(data: dict[str, Any], *, actor: Actor) -> Program:
    data = _nfc(data)
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=_org_codes(data))}
    program = Program.objects.create(
        code=data["code"],
        number=data["number"],
        doc_kind=data["doc_kind"],
        title=data["title"],
        short_title=data["short_title"],
        issued_on=datetime.date.fromisoformat(data["issued_on"]),
        place=data["place"],
        issuer=data["issuer"],
        organisation=orgs[data["issuer_org"]],
        standing_agency=orgs.get(data.get("standing_agency_org", "")),
        signer_name=data["signer"]["name"],
        signer_title=data["signer"]["title"],
        period_start=datetime.date.fromisoformat(data["period"]["start"]),
        period_end=datetime.date.fromisoformat(data["period"]["end"]),
        period_fixed=data["period"].get("fixed", True),
        subject_types=data["subject_types"],
        basis=data.get("basis", []),
        purpose=data.get("purpose", []),
        requirements=data.get("requirements", []),
        duties=data.get("duties", []),
        subjects_text=data.get("subjects_text", ""),
        responsibilities=data.get("responsibilities", []),
        funding=data.get("funding") or "",
        direct_commendation=data.get("direct_commendation", False),
        outside_window_years=data.get("outside_window", {}).get("years", 5),
        outside_window_fixed=data.get("outside_window", {}).get("fixed", False),
        vote_threshold_percent=data.get("vote", {}).get("threshold_percent", 50),
        vote_quorum_percent=data.get("vote", {}).get(
            "quorum_percent", settings.DIENHINH["VOTE_QUORUM_PERCENT"]
        ),
        vote_min_voters=data.get("vote", {}).get(
            "min_voters", settings.DIENHINH["VOTE_MIN_VOTERS"]
        ),
    )

    def criterion(item: dict[str, Any], field: Field | None, position: int) -> Criterion:
        rule = item["rule"] or {"kind": RuleKind.ATTEST, "params": {}}
        return Criterion(
            program=program,
            field=field,
            code=item["code"],
            text=item["text"],
            subject_types=item["subject_types"],
            rule_kind=rule["kind"],
            params=rule_class(rule["kind"]).clean(rule.get("params")),
            position=position,
        )

    criteria = [criterion(item, None, i) for i, item in enumerate(data["general_standards"])]
    fields: dict[str, Field] = {}
    for i, item in enumerate(data["fields"]):
        field = Field.objects.create(
            program=program,
            code=item["code"],
            name=item["name"],
            parent=fields.get(item["parent"]),
            position=i,
        )
        fields[field.code] = field
        criteria += [criterion(c, field, j) for j, c in enumerate(item["criteria"])]
    Criterion.objects.bulk_create(criteria)
    Quota.objects.bulk_create(
        Quota(
            program=program,
            code=q["code"],
            text=q["text"],
            org_kinds=q["org_kinds"],
            per=q["per"],
            minimums=q["minimums"],
            any_of=q["any_of"],
        )
        for q in data["quotas"]
    )
    Milestone.objects.bulk_create(
        Milestone(
            program=program,
            code=m["code"],
            kind=m["kind"],
            title=m["title"],
            text=m["text"],
            date=datetime.date.fromisoformat(m["date"]) if m["date"] else None,
            quarter=m["quarter"] or "",
            position=i,
        )
        for i, m in enumerate(data["milestones"])
    )
    audit.record(
        "program.load",
        program,
        actor=actor,
        after={"code": program.code, "criteria": len(criteria), "fields": len(fields)},
    )
    return program


def _check_loader(actor: Actor) -> None:
    require(
        permissions.may_load_programs(actor),
        visible=True,
        message=_("Only administrators load program files."),
    )


def _org_codes(data: dict[str, Any]) -> set[str]:
    codes = {data["issuer_org"], data.get("standing_agency_org")}
    codes |= {r["org"] for r in data.get("responsibilities", [])}
    return {c for c in codes if c}


def load_program_file(path: str | Path, *, actor: Actor = ACTOR) -> tuple[Program, bool]:
    """Load one file: (program, True) when created, (existing program, False) when its code is
    already in the database. Raises ProgramFileError before writing anything."""
    _check_loader(actor)
    data = read_file(path)
    with transaction.atomic():
        existing = Program.objects.filter(code=data["code"]).first()
        if existing is not None:
            return existing, False
        return _create(data, actor=actor), True


def load_all(
    directory: str | Path = DATA_DIR, *, actor: Actor = ACTOR
) -> list[tuple[Program, bool]]:
    """Load every data/*.json in one transaction; all files are validated first."""
    _check_loader(actor)
    files = sorted(Path(directory).glob("*.json"))
    parsed = [read_file(path) for path in files]
    codes: dict[str, str] = {}
    for path, data in zip(files, parsed, strict=True):
        if data["code"] in codes:
            raise ProgramFileError(
                path.name,
                "$.code",
                _("duplicate program code %(code)s (also in %(other)s)")
                % {"code": json.dumps(data["code"]), "other": codes[data["code"]]},
            )
        codes[data["code"]] = path.name
    results = []
    with transaction.atomic():
        existing = {p.code: p for p in Program.objects.filter(code__in=codes)}
        for data in parsed:
            if data["code"] in existing:
                results.append((existing[data["code"]], False))
            else:
                results.append((_create(data, actor=actor), True))
    return results
