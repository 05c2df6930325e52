"""The honours-built document data: both signatures of the minutes, none in "Nơi nhận"."""

import pytest

from dienhinh.honours.domain import voting
from dienhinh.honours.enums import VoteChoice
from dienhinh.honours.interfaces.documents import SIGN_NOTE, SIGNERS, minutes_document
from dienhinh.registrations.enums import ExemplarState as S
from tests.honours import factories

pytestmark = pytest.mark.django_db


def test_minutes_carry_secretary_and_chair_as_a_signing_block(personas):
    exemplar = factories.exemplar(state=S.RECOGNISED)
    session = factories.session(personas["standing"], [exemplar], threshold=50)
    voting.cast_vote(session, exemplar, member=personas["council"], choice=VoteChoice.AGREE)
    voting.close_session(session, actor=personas["standing"])
    doc = minutes_document(session)
    signing = doc.sections[-1].table
    assert (
        [c.title for c in signing.columns]
        == list(SIGNERS)
        == ["THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG"]
    )
    assert signing.rows[0] == [SIGN_NOTE, SIGN_NOTE]
    assert doc.footer.recipients_label == "Nơi nhận:"
    assert "THƯ KÝ" not in " ".join(doc.footer.recipients)
    assert doc.footer.signature.title == ""  # the chair signs once, in the signing block
