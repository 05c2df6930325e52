"""The facts the engine needs about one subject (candidate), independent of where they are stored.

The registrations app builds these in bulk from its tables (a few queries for many subjects);
the `eligibility` command builds one from a JSON file. Absent data is None or empty, never 0.
"""

import datetime
from dataclasses import dataclass, field
from types import MappingProxyType


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
    # Optional: a hashable summary of every fact above. `evaluate_many` evaluates subjects with
    # equal keys (and equal type, field, date, rated) once. Leave None unless it is exact.
    bulk_key: str | None = None

    @classmethod
    def from_ratings(
        cls,
        subject_type: str,
        field_code: str | None,
        recognition_date: datetime.date,
        ratings: dict[int, str],
        rated: bool | None = True,
    ) -> "Facts":
        """Fast path for bulk rating checks (100,000 subjects): only the ratings are known, the
        other facts are shared empty read-only values, and no per-field default runs."""
        facts = object.__new__(cls)
        facts.__dict__ = {
            "subject_type": subject_type,
            "field_code": field_code,
            "recognition_date": recognition_date,
            "rated": rated,
            "ratings": ratings,
            "recognitions": _EMPTY_TUPLE,
            "cultural_family_years": _EMPTY_SET,
            "violations": _EMPTY_TUPLE,
            "disciplines": _EMPTY_TUPLE,
            "metrics": _EMPTY_MAP,
            "model": _EMPTY_MAP,
            "bulk_key": None,
        }
        return facts


class PackedRatingsFacts(Facts):
    """Bulk fast path: a subject's ratings packed by the database into one integer.

    Decimal digit k (from the right) is the rank of the rating of year `first_year + k`
    (`RATING_ORDER`: 4 htxs, 3 htt, 2 ht, 1 kht; 0 no rating), so a plain SUM in SQL packs them
    and 100,000 subjects come back as 100,000 small integers. Equal integers share one Facts
    object and `evaluate_many` evaluates it once; the ratings are unpacked only then.
    """

    @classmethod
    def create_many(
        cls,
        subject_type: str,
        field_code: str | None,
        recognition_date: datetime.date,
        packed_list,
        *,
        first_year: int,
        rated: bool | None = True,
    ) -> list["PackedRatingsFacts"]:
        """One Facts per packed integer, in order; equal integers share one read-only object."""
        seen: dict[int, PackedRatingsFacts] = {}
        out: list[PackedRatingsFacts] = []
        append = out.append
        for packed in packed_list:
            facts = seen.get(packed)
            if facts is None:
                facts = seen[packed] = object.__new__(cls)
                facts.__dict__ = {
                    "subject_type": subject_type,
                    "field_code": field_code,
                    "recognition_date": recognition_date,
                    "rated": rated,
                    "recognitions": _EMPTY_TUPLE,
                    "cultural_family_years": _EMPTY_SET,
                    "violations": _EMPTY_TUPLE,
                    "disciplines": _EMPTY_TUPLE,
                    "metrics": _EMPTY_MAP,
                    "model": _EMPTY_MAP,
                    "bulk_key": (first_year, packed),
                }
            append(facts)
        return out

    @property  # read-only here: unpacked on first read
    def ratings(self) -> dict[int, str]:  # type: ignore[override]
        cached = self.__dict__.get("_ratings")
        if cached is None:
            from dienhinh.programs.enums import RATING_ORDER

            level = {rank: str(rating) for rating, rank in RATING_ORDER.items()}
            year, packed = self.__dict__["bulk_key"]
            cached = {}
            while packed:
                packed, digit = divmod(packed, 10)
                if digit:
                    cached[year] = level[digit]
                year += 1
            self.__dict__["_ratings"] = cached
        return cached


_EMPTY_TUPLE: tuple = ()
_EMPTY_SET: frozenset = frozenset()
_EMPTY_MAP: MappingProxyType[str, object] = MappingProxyType({})
