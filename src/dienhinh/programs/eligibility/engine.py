"""The engine: which criteria of a program apply to a subject, and the verdict with reasons.

Which criteria apply to a subject (type T, field F, recognition date D):
- the general standards (criteria without a field) that name T;
- the criteria of F that name T, and those of every field above F: a subject registered in
  sub-field "c.1" (Xây dựng) meets the criteria of "c.1" and of "c";
- not those of F's sub-fields: they are alternatives, and a subject registered in "c" itself
  meets only the criteria written for "c" (it should be registered in a sub-field);
- only the criterion rows in force on D (`Criterion.effective_from/effective_to`), so an
  amendment never rewrites a past verdict.
Rated or not: a rule of the "rated" regime (ratings_window) applies when `facts.rated` is true,
one of the "unrated" regime (outstanding_recognition) when it is false; when it is unknown both
are "missing". Verdict: "fail" if any criterion fails, else "incomplete" if any is missing,
else "pass". An "attest" criterion does not change it until a reviewer attests or refuses it
(`Facts.attestations`, read as facts): then it is met or not met like any other, its reason
naming who, when and on what evidence.

A field whose criteria name other subject types only (a household in field "d.1", written for
"tập thể, cá nhân"): the verdict is "not_applicable", with one criterion-like line (code = the
field's code, status "not_applicable") naming the fields whose criteria do name the type ("Lĩnh
vực d.1 không áp dụng cho hộ gia đình; các lĩnh vực áp dụng: d.2"): nothing the officer records
can fix it, the registration must name another field. A field with no criterion at all (a parent
field such as "d" whose criteria sit in its sub-fields) gets the line with status "missing",
reason "Field d has no criterion for individual": the verdict waits for a sub-field.

The engine reads Facts in memory: `evaluate_many` loads the fields and criteria once (one query)
and never queries per subject.
"""

import datetime
import json
from bisect import bisect_right
from dataclasses import dataclass, field

from django.db import connections, router
from django.utils import translation
from django.utils.translation import gettext as _

from dienhinh.programs.eligibility import reasons as R
from dienhinh.programs.eligibility.facts import Facts
from dienhinh.programs.eligibility.rules import ATTEST, FAIL, MISSING, PASS, Rule, compile_rule
from dienhinh.programs.enums import RuleKind, SubjectType
from dienhinh.programs.models import Criterion, Field

VERDICT_PASS, VERDICT_FAIL, VERDICT_INCOMPLETE = "pass", "fail", "incomplete"
# The subject's field does not name its type (a household in d.1, written for "tập thể, cá
# nhân"): nothing the officer records can fix it; the registration must name another field.
VERDICT_NOT_APPLICABLE = NOT_APPLICABLE = "not_applicable"


class UnknownField(LookupError):
    """The subject names a field the program does not have."""

    def __init__(self, code):
        self.code = code
        super().__init__(_("The program has no field “%(code)s”.") % {"code": code})


@dataclass(slots=True)
class CriterionResult:
    code: str
    text: str
    status: str  # pass | fail | missing | attest
    explanation: object  # a Reason: text in the active language when read
    field_code: str | None
    rule_kind: str

    @property
    def reason(self) -> str:
        return str(self.explanation)

    def reason_in(self, language: str) -> str:
        with translation.override(language):
            return str(self.explanation)


@dataclass(slots=True)
class Evaluation:
    verdict: str  # pass | fail | incomplete
    results: list[CriterionResult] = field(default_factory=list)

    def to_dict(self) -> dict:
        """{"verdict": ..., "criteria": [{"code", "status", "reason"}]}, reasons in the active
        language."""
        return {
            "verdict": self.verdict,
            "criteria": [
                {"code": r.code, "status": r.status, "reason": r.reason} for r in self.results
            ],
        }

    @property
    def failed(self) -> list[CriterionResult]:
        return [r for r in self.results if r.status == FAIL]

    @property
    def missing(self) -> list[CriterionResult]:
        return [r for r in self.results if r.status == MISSING]


@dataclass(slots=True)
class _Compiled:
    code: str
    text: str
    field_code: str | None
    rule_kind: str
    subject_types: frozenset
    effective_from: datetime.date | None
    effective_to: datetime.date | None
    rule: Rule
    regime: str | None

    def in_force_on(self, day: datetime.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or self.effective_to >= day
        )


class ProgramRules:
    """A program's fields and criteria, loaded and compiled once; evaluates any number of Facts."""

    def __init__(self, program):
        self.program = program
        fields, rows = _rule_rows(program)
        by_id = {pk: (code, parent, pos) for pk, code, parent, pos in fields}
        self.parent_of = {
            code: (by_id[parent][0] if parent else None) for code, parent, _pos in by_id.values()
        }
        field_pos = {code: pos for code, _parent, pos in by_id.values()}
        compiled = []
        window = getattr(program, "outside_window_years", None)
        for row_id, code, text, field_id, kind, params, types, start, end, pos in rows:
            if (
                kind == RuleKind.OUTSTANDING_RECOGNITION
                and window
                and not (params or {}).get("years")
            ):
                # The program's named parameter, not a number written into the criterion.
                params = {**(params or {}), "years": window}
            rule = compile_rule(kind, params)
            field_code = by_id[field_id][0] if field_id else None
            key = (-1 if field_code is None else field_pos[field_code], pos, code, row_id)
            compiled.append(
                (
                    key,
                    _Compiled(
                        code,
                        text,
                        field_code,
                        kind,
                        frozenset(types),
                        start,
                        end,
                        rule,
                        rule.regime,
                    ),
                )
            )
        self.criteria = [c for _key, c in sorted(compiled, key=lambda kc: kc[0])]
        self._plans: dict[tuple, list[_Compiled]] = {}
        # The days on which a criterion comes into force or lapses: between two of them the
        # same rows are in force, so a plan serves every day of that span (subjects' dates
        # differ, the rows in force seldom do).
        self._changes = sorted(
            {c.effective_from for c in self.criteria if c.effective_from is not None}
            | {
                c.effective_to + datetime.timedelta(days=1)
                for c in self.criteria
                if c.effective_to is not None and c.effective_to < datetime.date.max
            }
        )
        self.field_order = [code for code, _pos in sorted(field_pos.items(), key=lambda kv: kv[1])]
        self._fields_for: dict[str, list[str]] = {}

    def field_chain(self, field_code: str | None) -> list[str | None]:
        """[None, root field, ..., field]: the general standards, then fields from the top."""
        chain: list[str | None] = []
        code = field_code
        while code is not None:
            if code not in self.parent_of:
                raise UnknownField(code)
            chain.append(code)
            code = self.parent_of[code]
        return [None, *reversed(chain)]

    def plan(self, subject_type: str, field_code: str | None, day: datetime.date):
        key = (subject_type, field_code, bisect_right(self._changes, day))
        plan = self._plans.get(key)
        if plan is None:
            chain = self.field_chain(field_code)
            rank = {code: i for i, code in enumerate(chain)}
            chosen = [
                c
                for c in self.criteria
                if c.field_code in rank and subject_type in c.subject_types and c.in_force_on(day)
            ]
            plan = sorted(chosen, key=lambda c: rank[c.field_code])  # stable: keeps positions
            self._plans[key] = plan
        return plan

    def signature(self, facts: Facts) -> tuple:
        """What of `facts` this program's evaluation depends on: subjects with equal signatures
        get equal Evaluations (each criterion that applies contributes what its rule reads,
        `Rule.relevant`, and the attestation of its code)."""
        day = facts.recognition_date
        plan = self.plan(facts.subject_type, facts.field_code, day)
        rated = facts.rated
        attested = facts.attestations
        parts: list[object] = [facts.subject_type, facts.field_code, day, rated]
        for c in plan:
            regime = c.regime
            if regime is None or (rated is not None and rated is (regime == "rated")):
                parts.append(c.rule.relevant(facts))
                parts.append(attested.get(c.code))
        return tuple(parts)

    def evaluate(self, facts: Facts) -> Evaluation:
        plan = self.plan(facts.subject_type, facts.field_code, facts.recognition_date)
        rated = facts.rated
        results = []
        failed = missing = False
        for c in plan:
            regime = c.regime
            if regime is None:
                status, reason = c.rule.check(facts)
            elif rated is None:
                status, reason = MISSING, _RATED_UNKNOWN
            elif rated is (regime == "rated"):
                status, reason = c.rule.check(facts)
            else:
                continue
            if status == ATTEST and (word := facts.attestations.get(c.code)) is not None:
                status, reason = _attested(word)
            if status == FAIL:
                failed = True
            elif status == MISSING:
                missing = True
            results.append(
                CriterionResult(c.code, c.text, status, reason, c.field_code, c.rule_kind)
            )
        not_applicable = False
        if facts.field_code is not None and not any(c.field_code is not None for c in plan):
            line = self._field_line(facts)
            not_applicable = line.status == NOT_APPLICABLE
            missing = True
            results.append(line)
        verdict = (
            VERDICT_NOT_APPLICABLE
            if not_applicable
            else VERDICT_FAIL
            if failed
            else VERDICT_INCOMPLETE
            if missing
            else VERDICT_PASS
        )
        return Evaluation(verdict, results)

    def fields_for(self, subject_type: str) -> list[str]:
        """Codes of the fields whose criteria name `subject_type`, in the program's order."""
        cached = self._fields_for.get(subject_type)
        if cached is None:
            codes = {c.field_code for c in self.criteria if subject_type in c.subject_types}
            cached = [code for code in self.field_order if code in codes]
            self._fields_for[subject_type] = cached
        return cached

    def _field_line(self, facts: Facts) -> CriterionResult:
        """The line standing for a field without a criterion for the subject's type: not
        applicable when the field's criteria name other types, else missing (a parent field)."""
        chain = set(self.field_chain(facts.field_code)) - {None}
        if any(c.field_code in chain for c in self.criteria):
            label = _SUBJECT_LABEL.get(facts.subject_type, facts.subject_type)
            fitting = self.fields_for(facts.subject_type)
            reason = R.Reason(
                R.FIELD_NOT_FOR_TYPE,
                field=facts.field_code,
                subject=R.Lower(label),
                fields=", ".join(fitting) or "—",
            )
            code = facts.field_code or ""
            return CriterionResult(code, "", NOT_APPLICABLE, reason, code, "")
        return _field_empty(facts)


_RATED_UNKNOWN = R.Reason(R.RATED_UNKNOWN)


def _rule_rows(program) -> tuple[list[tuple], list[tuple]]:
    """The program's fields (id, code, parent's id, position) and criteria (id, code, text,
    field's id, rule kind, parameters, subject types, in force from, until, position), in one
    query: the two tables' rows side by side, the JSON and dates read as the models read them."""
    alias = router.db_for_read(Criterion)
    fields_table, criteria_table = Field._meta.db_table, Criterion._meta.db_table
    # A field's row has 0 where a criterion's has its id.
    sql = (
        "SELECT 0, id, code, parent_id, position, NULL, NULL, NULL, NULL, NULL, NULL "  # noqa: S608 - table names and fixed text
        f"FROM {fields_table} WHERE program_id = %s UNION ALL "
        "SELECT id, field_id, code, NULL, position, text, rule_kind, CAST(params AS text), "
        "CAST(subject_types AS text), effective_from, effective_to "
        f"FROM {criteria_table} WHERE program_id = %s"
    )
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [program.pk, program.pk])
        rows = cursor.fetchall()
    fields, criteria = [], []
    for row_id, field_id, code, parent, pos, text, kind, params, types, start, end in rows:
        if not row_id:
            fields.append((field_id, code, parent, pos))
            continue
        criteria.append(
            (
                row_id,
                code,
                text,
                field_id,
                kind,
                json.loads(params),
                json.loads(types),
                _date(start),
                _date(end),
                pos,
            )
        )
    return fields, criteria


def _date(value) -> datetime.date | None:
    """A date column read by a plain cursor: SQLite gives its text."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _attested(word) -> tuple[str, object]:
    """A qualitative criterion a reviewer attested (met) or refused (not met), with who, when,
    on what evidence."""
    reason = R.Reason(
        R.ATTESTED if word.granted else R.REFUSED,
        by=word.by,
        day=word.on,
        evidence=word.evidence or "—",
        note=word.note,
    )
    return (PASS if word.granted else FAIL), reason


_SUBJECT_LABEL = dict(SubjectType.choices)


def _field_empty(facts: Facts) -> CriterionResult:
    """The line standing for a field that has no criterion for the subject's type."""
    label = _SUBJECT_LABEL.get(facts.subject_type, facts.subject_type)
    reason = R.Reason(R.FIELD_EMPTY, field=facts.field_code, subject=R.Lower(label))
    code = facts.field_code or ""
    return CriterionResult(code, "", MISSING, reason, code, "")


def evaluate(program, facts: Facts) -> Evaluation:
    """The verdict of one subject under `program`, with a reason per criterion."""
    return ProgramRules(program).evaluate(facts)


def evaluate_many(program, facts_list) -> list[Evaluation]:
    """Verdicts of many subjects, in order: the criteria are loaded once (one query), the rest
    runs in memory. Treat the Evaluations as read-only: equal facts may share one."""
    rules = ProgramRules(program)
    evaluate_one = rules.evaluate
    signature = rules.signature
    # The same Facts object listed more than once (a caller shares one between subjects with
    # identical facts) is looked up by identity; the list keeps every object alive meanwhile,
    # so an id is never reused. Facts that differ only in what no applicable criterion reads
    # (equal signatures: other years, tables no rule of theirs looks at) share one Evaluation.
    by_object: dict[int, Evaluation] = {}
    by_signature: dict[tuple, Evaluation] = {}
    results: list[Evaluation] = []
    append = results.append
    for facts in facts_list:
        evaluation = by_object.get(id(facts))
        if evaluation is None:
            key = signature(facts)
            evaluation = by_signature.get(key)
            if evaluation is None:
                evaluation = by_signature[key] = evaluate_one(facts)
            by_object[id(facts)] = evaluation
        append(evaluation)
    return results


__all__ = [
    "ATTEST",
    "FAIL",
    "MISSING",
    "PASS",
    "CriterionResult",
    "Evaluation",
    "ProgramRules",
    "UnknownField",
    "evaluate",
    "evaluate_many",
]
