"""`evaluate_candidates`: many candidates' verdicts from set-based facts, equal to one by one."""

import datetime

import pytest
from django.utils import translation

from dienhinh.core.actors import system
from dienhinh.registrations.domain import attestations
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain.facts import evaluate_candidate, evaluate_candidates
from dienhinh.registrations.models import (
    Candidate,
    Discipline,
    FieldMetric,
    Recognition,
    Violation,
)
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def _described(evaluation):
    lines = []
    for language in ("vi", "en"):
        with translation.override(language):
            lines.append(evaluation.to_dict())
    return lines


def _mixed(personas):
    """Candidates whose facts touch every table, several with identical histories."""
    made = []
    for i in range(3):  # three identical good histories
        c = f.candidate(name=f"Cán bộ {i}", rated=True, recognition_date=D(2025, 3, 31))
        f.five_good_years(c, 2024, excellent=2023)
        made.append(c)
    below = f.candidate(name="Lò Văn Dũng", rated=True, recognition_date=D(2025, 3, 31))
    cand_domain.save_facts(
        below, actor=system("test"), version=None, ratings={2020: "htt", 2021: "ht", 2023: "htxs"}
    )
    unrated = f.candidate(name="Tòng Thị Hoa", rated=False, recognition_date=D(2025, 3, 31))
    Recognition.objects.create(candidate=unrated, year=2023, text="Bằng khen của Bộ trưởng")
    household = f.candidate(
        name="Vàng A Sử", subject_type="household", recognition_date=D(2025, 3, 31)
    )
    cand_domain.save_facts(
        household,
        actor=system("test"),
        version=None,
        cultural_years={y: True for y in range(2020, 2024)},
    )
    Violation.objects.create(candidate=household, year=2022, kind="traffic")
    punished = f.candidate(name="Hà Văn Tú", rated=True, field_code="e")
    f.five_good_years(punished, 2025)
    Discipline.objects.create(candidate=punished, year=2025, level="canh_cao")
    collective = f.candidate(
        name="Phòng Kế hoạch", subject_type="collective", field_code="e", rated=True
    )
    FieldMetric.objects.create(candidate=collective, year=2024, par_index=86.5, late_dossiers=0)
    model = f.candidate(
        name="Mô hình chè", subject_type="model", stable_years=3, jobs_created=6, rated=None
    )
    attested = f.candidate(name="Lò Thị Mai", rated=True, recognition_date=D(2025, 3, 31))
    f.five_good_years(attested, 2024, excellent=2023)
    code = next(iter(attestations.attestable(attested)))
    attestations.attest(
        attested, actor=personas["standing"], code=code, granted=False, note="Chưa đủ"
    )
    return [*made, below, unrated, household, punished, collective, model, attested]


def test_verdicts_and_reasons_equal_those_of_each_candidate_alone(personas):
    made = _mixed(personas)
    expected = {c.pk: _described(evaluate_candidate(c)) for c in made}
    loaded = list(Candidate.objects.filter(pk__in=[c.pk for c in made]).select_related("program"))
    from_list = evaluate_candidates(loaded)
    from_queryset = evaluate_candidates(Candidate.objects.filter(pk__in=[c.pk for c in made]))
    assert {pk: _described(e) for pk, e in from_list.items()} == expected
    assert {pk: _described(e) for pk, e in from_queryset.items()} == expected
    assert {e.verdict for e in from_list.values()} >= {"pass", "fail", "incomplete"}


def test_identical_histories_are_evaluated_once(personas):
    made = _mixed(personas)
    result = evaluate_candidates(Candidate.objects.filter(pk__in=[c.pk for c in made]))
    first, second, third = (result[c.pk] for c in made[:3])
    assert first is second is third
    assert result[made[3].pk] is not first


def test_queries_do_not_grow_with_the_candidates(personas, django_assert_num_queries):
    made = _mixed(personas)
    loaded = list(Candidate.objects.filter(pk__in=[c.pk for c in made]).select_related("program"))
    # Seven for the facts, two for the program's criteria (one program).
    with django_assert_num_queries(9):
        evaluate_candidates(loaded[:2])
    with django_assert_num_queries(9):
        evaluate_candidates(loaded)
    assert evaluate_candidates([]) == {}
    assert evaluate_candidates(Candidate.objects.none()) == {}
