"""Which existing candidate of the unit an imported row is: no person registered twice.

A row is the candidate already listed in the registration with the same folded name and subject
type. Otherwise it is looked for among the unit's other candidates of the program: a unit,
household or model of the same folded name is the same; a person of the same folded name is the
same when both years of birth are given and equal, another person when both are given and
differ; when a year of birth is missing on either side, the same when the positions agree (both
given and equal once folded). A person whose name matches but whose position differs or is
missing on one side, or several candidates of that name, is a `Match` for the officer to decide:
one of the candidates, or a new person.
"""

from dataclasses import asdict, dataclass, field

from dienhinh.core.text import fold
from dienhinh.documents.sources import CandidateRow
from dienhinh.registrations.models import Candidate

NEW = "new"


@dataclass
class Match:
    index: int  # of the row among the file's rows, in order
    subject_type: str
    name: str
    position: str
    workplace: str
    candidates: list[dict] = field(default_factory=list)  # id, name, position, workplace,
    # address, birth_year
    birth_year: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Resolved:
    targets: list[Candidate | None]  # per row: the candidate it is, or None for a new one
    matches: list[Match]  # rows the officer must decide


def _key(subject_type: str, name: str) -> tuple[str, str]:
    return subject_type, fold(name)


def resolve(
    program, organisation, listed: list[Candidate], rows: list[CandidateRow], decisions: dict
) -> Resolved:
    """listed: the candidates already in the registration; decisions: row index (str) -> a
    candidate id (str) or NEW, as the officer chose."""
    in_registration = {_key(c.subject_type, c.name): c for c in listed}
    others: dict[tuple[str, str], list[Candidate]] = {}
    wanted = {_key(r.subject_type, r.name) for r in rows} - set(in_registration)
    if wanted:
        pool = Candidate.objects.filter(
            program=program, organisation=organisation, subject_type__in={k[0] for k in wanted}
        ).exclude(pk__in=[c.pk for c in listed])
        for candidate in pool.order_by("pk"):
            key = _key(candidate.subject_type, candidate.name)
            if key in wanted:
                others.setdefault(key, []).append(candidate)
    targets: list[Candidate | None] = []
    matches: list[Match] = []
    for index, row in enumerate(rows):
        key = _key(row.subject_type, row.name)
        target = in_registration.get(key)
        found = others.get(key, [])
        if target is None and found:
            target, ask = _choose(row, found, decisions.get(str(index)))
            if ask:
                matches.append(
                    Match(
                        index,
                        row.subject_type,
                        row.name,
                        row.position,
                        row.workplace,
                        [
                            {
                                "id": c.pk,
                                "name": c.name,
                                "position": c.position,
                                "workplace": c.workplace,
                                "address": c.address,
                                "birth_year": c.birth_year,
                            }
                            for c in found
                        ],
                        row.birth_year,
                    )
                )
        targets.append(target)
    return Resolved(targets, matches)


def _choose(row: CandidateRow, found: list[Candidate], decision: str | None):
    """(the candidate, whether the officer must be asked)."""
    if decision == NEW:
        return None, False
    if decision:
        chosen = next((c for c in found if str(c.pk) == decision), None)
        return chosen, chosen is None  # a stale choice is asked again
    if row.subject_type != "individual":
        return (found[0], False) if len(found) == 1 else (None, True)
    if row.birth_year is not None:
        born = [c for c in found if c.birth_year is not None]
        same = [c for c in born if c.birth_year == row.birth_year]
        if len(same) == 1:
            return same[0], False
        if born and not same and len(born) == len(found):
            return None, False  # namesakes born in other years: a new person
        found = [c for c in found if c.birth_year is None]  # the unknown are asked
        if not found:
            return None, True
    same = [c for c in found if row.position and fold(c.position) == fold(row.position)]
    if len(same) == 1:
        return same[0], False
    return None, True
