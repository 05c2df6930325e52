"""`evaluate_candidates`: many candidates' verdicts from set-based facts, equal to one by one."""

import datetime

import pytest
from django.utils import translation

from dienhinh.core.actors import system
from dienhinh.registrations.domain import attestations
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain.facts import evaluate_candidate, evaluate_candidates
from dienhinh.registrations.models import (
    Attestation,
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
    # Two words on one criterion: the latest counts, by when it was given (the earlier row is
    # given the later moment), not by its id.
    changed = f.candidate(name="Lò Văn Pấu", rated=True, recognition_date=D(2025, 3, 31))
    f.five_good_years(changed, 2024, excellent=2023)
    first = attestations.attest(
        changed, actor=personas["standing"], code=code, granted=False, note="Chưa đủ"
    )
    second = attestations.attest(
        changed, actor=personas["standing"], code=code, granted=True, note="Đủ, có minh chứng"
    )
    Attestation.objects.filter(pk=first.pk).update(
        attested_at=second.attested_at + datetime.timedelta(minutes=5)
    )
    # Several rows of a year, text with commas and quotes, figures with decimals.
    Recognition.objects.create(candidate=unrated, year=2023, text='Giấy khen "Lao động", 2023')
    Recognition.objects.create(candidate=unrated, year=2021, text="Bằng khen của UBND tỉnh")
    FieldMetric.objects.create(
        candidate=collective, year=2023, par_index=79.25, satisfaction_index=91.5
    )
    return [*made, below, unrated, household, punished, collective, model, attested, changed]


def test_verdicts_and_reasons_equal_those_of_each_candidate_alone(personas):
    made = _mixed(personas)
    expected = {c.pk: _described(evaluate_candidate(c)) for c in made}
    loaded = list(Candidate.objects.filter(pk__in=[c.pk for c in made]).select_related("program"))
    chosen = Candidate.objects.filter(pk__in=[c.pk for c in made])
    # A list and a queryset of a few are read candidate by candidate in one query; a queryset
    # of any number table by table.
    for evaluated in (
        evaluate_candidates(loaded),
        evaluate_candidates(chosen),
        evaluate_candidates(chosen, few=True),
    ):
        assert {pk: _described(e) for pk, e in evaluated.items()} == expected
    assert {lines[0]["verdict"] for lines in expected.values()} >= {"pass", "fail", "incomplete"}
    # The later word (by its moment) is the one read: refused, although its row came first.
    attested, changed = made[-2:]
    code = Attestation.objects.filter(candidate=changed).values_list("criterion_code").first()[0]
    statuses = {
        pk: {line["code"]: line["status"] for line in expected[pk][1]["criteria"]}
        for pk in (attested.pk, changed.pk)
    }
    assert statuses[changed.pk][code] == statuses[attested.pk][code] == "fail"


def test_identical_histories_are_evaluated_once(personas):
    made = _mixed(personas)
    result = evaluate_candidates(Candidate.objects.filter(pk__in=[c.pk for c in made]))
    first, second, third = (result[c.pk] for c in made[:3])
    assert first is second is third
    assert result[made[3].pk] is not first


def test_queries_do_not_grow_with_the_candidates(personas, django_assert_num_queries):
    made = _mixed(personas)
    loaded = list(Candidate.objects.filter(pk__in=[c.pk for c in made]).select_related("program"))
    # One for the facts (two for a queryset of any number), one for the program's fields and
    # criteria (one program).
    with django_assert_num_queries(2):
        evaluate_candidates(loaded[:2])
    with django_assert_num_queries(2):
        evaluate_candidates(loaded)
    chosen = Candidate.objects.filter(pk__in=[c.pk for c in made])
    with django_assert_num_queries(3):
        evaluate_candidates(chosen, programs=[loaded[0].program])
    with django_assert_num_queries(2):
        evaluate_candidates(chosen, programs=[loaded[0].program], few=True)
    assert evaluate_candidates([]) == {}
    assert evaluate_candidates(Candidate.objects.none()) == {}
