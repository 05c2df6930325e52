"""The public verification page: genuine, revoked, forged and unknown codes; the rate limit; only
what the public honour shows."""

import datetime

import pytest
from django.urls import reverse

from dienhinh.honours.domain import decisions
from dienhinh.honours.domain.codes import code_for, honour_id_of
from dienhinh.honours.enums import HonourForm
from dienhinh.registrations.enums import ExemplarState
from tests.honours import factories


@pytest.fixture
def honour(personas):
    exemplar = factories.exemplar(
        "LC-SYT", state=ExemplarState.SELECTED, name="Lò Thị Bình", subject_type="individual"
    )
    candidate = exemplar.candidate
    candidate.address = "Bản Mới, xã Bản Giang"
    candidate.save()
    decision = decisions.record_decision(
        actor=personas["standing"],
        program=exemplar.program,
        exemplars=[exemplar],
        number="88/QĐ-UBND",
        date=datetime.date(2025, 9, 2),
        authority="Chủ tịch Ủy ban nhân dân tỉnh Lai Châu",
        form=HonourForm.CERTIFICATE_OF_MERIT,
        override_reason="Khen thưởng đột xuất",
    )
    return decision.honours.get()


def _get(client, code):
    return client.get(reverse("portal:verify", args=[code]))


def test_codes_round_trip_and_forgeries_fail(settings):
    code = code_for(42)
    assert honour_id_of(code) == 42
    assert honour_id_of(code.lower()) == 42
    assert honour_id_of("43-" + code.split("-")[1]) is None
    assert honour_id_of("not a code") is None
    settings.DIENHINH = {**settings.DIENHINH, "CERTIFICATE_CODE_KEY": "another key"}
    assert honour_id_of(code) is None


def test_genuine_code_shows_the_public_honour_only(client, honour):
    response = _get(client, code_for(honour.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lò Thị Bình" in body and "88/QĐ-UBND" in body and "badge--green" in body
    assert "Bản Mới" not in body  # the residence is personal, not part of the honour
    assert response["Cache-Control"] == "no-store"


def test_forged_code_gets_a_clear_answer(client, honour):
    forged = f"{honour.pk}-AAAAAAAA"
    response = _get(client, forged)
    assert response.status_code == 404
    assert "có thể bị làm giả" in response.content.decode()
    assert "Lò Thị Bình" not in response.content.decode()


def test_unknown_code_gets_a_clear_answer(client, db):
    response = _get(client, code_for(987654))
    assert response.status_code == 404
    assert "Không có khen thưởng nào mang mã" in response.content.decode()


def test_the_box_sends_a_typed_code_to_its_page(client, honour):
    code = code_for(honour.pk)
    response = client.get(reverse("portal:verify_form"), {"code": code})
    assert response.status_code == 302 and response["Location"].endswith(f"/verify/{code}/")


def test_rate_limited_per_address(client, honour, settings):
    from django.core.cache import cache

    cache.clear()
    settings.DIENHINH = {**settings.DIENHINH, "VERIFY_RATE_LIMIT": 3}
    codes = [_get(client, code_for(honour.pk)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "hãy chờ một phút" in _get(client, code_for(honour.pk)).content.decode()
    cache.clear()
