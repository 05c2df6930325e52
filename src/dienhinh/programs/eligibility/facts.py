"""The facts the engine needs about one subject (candidate), independent of where they are stored.

The registrations app builds these in bulk from its tables (a few queries for many subjects);
the `eligibility` command builds one from a JSON file. Absent data is None or empty, never 0.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Violation:
    year: int
    kind: str  # ViolationKind: law | traffic | social_evil


@dataclass(frozen=True)
class Discipline:
    year: int
    level: str  # DisciplineLevel


@dataclass(frozen=True)
class Recognition:
    year: int
    text: str


@dataclass(frozen=True)
class Attestation:
    """A reviewer's word on a qualitative criterion ("attest"): confirmed or refused, by whom,
    when, on what evidence."""

    code: str
    granted: bool
    by: str
    on: datetime.date
    note: str = ""
    evidence: str = ""


@dataclass
class Facts:
    subject_type: str  # SubjectType
    field_code: str | None  # the field of work the subject registers in ("k", "c.1"...)
    recognition_date: datetime.date
    rated: bool | None = None  # under the annual rating regime? None: unknown
    ratings: dict[int, str] = field(default_factory=dict)  # year -> Rating value
    recognitions: list[Recognition] = field(default_factory=list)
    cultural_family_years: set[int] = field(default_factory=set)
    violations: list[Violation] = field(default_factory=list)
    disciplines: list[Discipline] = field(default_factory=list)
    # year -> {"par_index": 86.5, "satisfaction_index": 96.1, "late_dossiers": 0, "revenue": ...}
    metrics: dict[int, dict[str, float]] = field(default_factory=dict)
    # household/model production model: {"stable_years": 3, "households_helped": 2, "jobs_created": 6}
    model: dict[str, float] = field(default_factory=dict)
    # criterion code -> the latest attestation of that qualitative criterion
    attestations: dict[str, Attestation] = field(default_factory=dict)
