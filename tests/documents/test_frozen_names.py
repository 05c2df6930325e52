"""Closed minutes, review reports and decisions name candidates as their dossiers stood then."""

import pytest

from dienhinh.documents.honours import minutes_document
from dienhinh.honours.domain import voting
from dienhinh.honours.enums import VoteChoice
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain.workflow import transition
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.models import Exemplar
from tests.honours import factories
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db

NAME = "Trạm Y tế xã Nậm Tăm"
CORRECTED = "Trạm Y tế xã Nậm Tăm, huyện Sìn Hồ"


@pytest.fixture
def accepted(personas):
    c = f.candidate(name=NAME, subject_type="collective", workplace="")
    reg = f.registration("LC-SYT", [c], year=2024)
    transition(reg, "request_approval", actor=personas["officer_a"])
    transition(reg, "approve", actor=personas["head_a"])
    transition(reg, "accept", actor=personas["standing"])
    exemplar = Exemplar.objects.get(candidate=c)
    Exemplar.objects.filter(pk=exemplar.pk).update(state=ExemplarState.RECOGNISED)
    exemplar.refresh_from_db()
    return exemplar


def _names(doc) -> str:
    return " ".join(cell for s in doc.sections for row in s.table.rows for cell in row)


def test_closed_minutes_keep_the_name_after_a_correction(personas, accepted):
    members = factories.council_of(3)
    session = factories.session(personas["standing"], [accepted], threshold=50)
    for member in members:
        voting.cast_vote(session, accepted, member=member, choice=VoteChoice.AGREE)
    factories.close(session, personas["standing"])
    before = minutes_document(session)
    c = accepted.candidate
    cand_domain.update_candidate(
        c, actor=personas["standing"], version=c.version, name=CORRECTED, reason="Tên đầy đủ"
    )
    after = minutes_document(session)
    assert NAME in _names(after)
    assert CORRECTED not in _names(after)
    assert _names(before) == _names(after)


def test_the_closed_minutes_page_keeps_the_name_after_a_correction(personas, client_for, accepted):
    from django.urls import reverse

    members = factories.council_of(3)
    session = factories.session(personas["standing"], [accepted], threshold=50)
    for member in members:
        voting.cast_vote(session, accepted, member=member, choice=VoteChoice.AGREE)
    factories.close(session, personas["standing"])
    c = accepted.candidate
    cand_domain.update_candidate(
        c, actor=personas["standing"], version=c.version, name=CORRECTED, reason="Tên đầy đủ"
    )
    url = reverse("honours:session_minutes", kwargs={"pk": session.pk})
    page = client_for("standing").get(url).content.decode()
    assert NAME in page and CORRECTED not in page


def test_only_the_standing_agency_is_offered_the_signed_minutes(personas, client_for, accepted):
    from django.urls import reverse

    members = factories.council_of(3)
    session = factories.session(personas["standing"], [accepted], threshold=50)
    for member in members:
        voting.cast_vote(session, accepted, member=member, choice=VoteChoice.AGREE)
    factories.close(session, personas["standing"])
    url = reverse("honours:session_minutes", kwargs={"pk": session.pk})
    signed = reverse("documents:minutes_signed", kwargs={"pk": session.pk})
    assert signed in client_for("standing").get(url).content.decode()
    council_page = client_for("council").get(url)
    assert council_page.status_code == 200
    assert signed not in council_page.content.decode()
