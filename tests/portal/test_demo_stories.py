"""The demo publishes a story of each program, so that a fresh portal shows both: Lai Châu's
standing agency commends directly; Quảng Bình's plan 2690 commends after its council's vote,
which the demo holds (on paper, every member present), closes and follows with a decision."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dienhinh.core.models import AuditEntry
from dienhinh.honours.enums import SessionStatus
from dienhinh.honours.models import Decision, VoteSession
from dienhinh.portal.models import Story
from dienhinh.registrations.enums import ExemplarState
from tests.honours import factories as hf

pytestmark = pytest.mark.django_db


def test_demo_stories_are_published_through_the_domain_and_shown_on_the_portal(before_reform):
    # The demo as it stood on 30/06/2025 stops before the exemplars (the demo of the country now
    # has published its stories already): nurturing ones of each program.
    hf.exemplar()
    qb = [
        hf.exemplar(org_code="QB-SXD-QLXD", program_code="quang-binh-2690", name=name)
        for name in ("Ngô Thị Hồng Nhung", "Tổ Thẩm định dự án", "Phòng Phát triển đô thị")
    ]
    out = io.StringIO()
    call_command("load_demo_stories", stdout=out)
    stories = {
        s.exemplar.program.code: s
        for s in Story.objects.select_related("exemplar__program").filter(is_published=True)
    }
    assert set(stories) == {"lai-chau-2533", "quang-binh-2690"}
    for story in stories.values():
        assert story.exemplar.state == ExemplarState.PUBLISHED
    assert AuditEntry.objects.filter(action="story.publish").count() == 2

    # Quảng Bình: a closed session of its council, all five members on the roll, the first two
    # selected and commended by the director's decision, the third short of the threshold.
    session = VoteSession.objects.get(program__code="quang-binh-2690")
    assert session.status == SessionStatus.CLOSED
    assert session.council.code == "QB-SXD-HDTDKT"
    assert session.roster.count() == session.member_count == 5
    states = [ExemplarState(e.state) for e in (x.__class__.objects.get(pk=x.pk) for x in qb)]
    assert states == [ExemplarState.PUBLISHED, ExemplarState.COMMENDED, ExemplarState.RECOGNISED]
    decision = Decision.objects.get(number="215/QĐ-SXD")
    assert decision.honours.count() == 2 and not decision.override_reason
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "vote.session_create",
        "vote.attendance",
        "vote.paper_count",
        "vote.session_close",
        "decision.record",
    } <= actions
    assert stories["quang-binh-2690"].exemplar.pk == qb[0].pk

    html = Client().get(reverse("portal:home")).content.decode()
    for story in stories.values():
        assert story.title in html
    # Again: nothing more.
    call_command("load_demo_stories", stdout=io.StringIO())
    assert Story.objects.filter(is_published=True).count() == 2
    assert VoteSession.objects.count() == 1
