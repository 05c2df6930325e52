"""Attesting the qualitative criteria ("Cần người thẩm định xác nhận"), issue 13 item 4."""

import pytest
from django.urls import reverse

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import AuditEntry
from dienhinh.registrations.domain import DomainError, attestations
from dienhinh.registrations.domain.facts import evaluate_candidate
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db


def _first_attest(candidate):
    criteria = attestations.attestable(candidate)
    assert criteria, "the program has qualitative criteria for this candidate"
    return next(iter(criteria))


def _result(candidate, code):
    return next(r for r in evaluate_candidate(candidate).results if r.code == code)


def test_attested_criterion_is_met_and_says_who_and_when(personas):
    candidate = f.candidate(name="Lò Thị Mai")
    code = _first_attest(candidate)
    assert _result(candidate, code).status == "attest"
    attestations.attest(
        candidate,
        actor=personas["standing"],
        code=code,
        granted=True,
        note="Gương mẫu, có xác nhận",
    )
    result = _result(candidate, code)
    assert result.status == "pass"
    name = personas["standing"].get_full_name() or personas["standing"].get_username()
    assert name in result.reason and "Gương mẫu, có xác nhận" in result.reason
    entry = AuditEntry.objects.get(action="candidate.attest", object_id=str(candidate.pk))
    assert entry.reason == "Gương mẫu, có xác nhận"


def test_refused_criterion_makes_the_verdict_fail(personas):
    candidate = f.candidate(name="Hoàng Văn Nam")
    code = _first_attest(candidate)
    attestations.attest(
        candidate, actor=personas["standing"], code=code, granted=False, note="Chưa có mô hình mới"
    )
    assert _result(candidate, code).status == "fail"
    assert evaluate_candidate(candidate).verdict == "fail"
    # A later word replaces it; the earlier one stays as history.
    attestations.attest(
        candidate, actor=personas["standing"], code=code, granted=True, note="Đã bổ sung minh chứng"
    )
    assert _result(candidate, code).status == "pass"
    assert candidate.attestations.count() == 2


def test_only_the_standing_agency_attests(personas):
    candidate = f.candidate()
    code = _first_attest(candidate)
    with pytest.raises(NotPermitted):
        attestations.attest(
            candidate, actor=personas["officer_a"], code=code, granted=True, note="x"
        )
    with pytest.raises(NotVisible):
        attestations.attest(
            candidate, actor=personas["qb_standing"], code=code, granted=True, note="x"
        )
    with pytest.raises(DomainError):
        attestations.attest(
            candidate, actor=personas["standing"], code=code, granted=True, note=" "
        )
    with pytest.raises(DomainError):
        attestations.attest(
            candidate, actor=personas["standing"], code="no-such", granted=True, note="x"
        )
    assert not candidate.attestations.exists()


def test_attesting_from_the_candidate_page(personas, client_for):
    candidate = f.candidate(name="Trạm Y tế xã Bình Lư", subject_type="collective")
    code = _first_attest(candidate)
    url = reverse("registrations:candidate_detail", args=[candidate.pk])
    attest_url = reverse("registrations:candidate_attest", args=[candidate.pk])
    assert attest_url not in client_for("officer_a").get(url).content.decode()
    standing = client_for("standing")
    assert attest_url in standing.get(url).content.decode()
    page = standing.post(
        attest_url, {"code": code, "granted": "1", "note": "Đã thẩm định thực tế"}, follow=True
    ).content.decode()
    assert "Đã thẩm định thực tế" in page
