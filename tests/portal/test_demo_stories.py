"""The demo publishes a story where its program allows, so that a fresh portal is not empty."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from dienhinh.core.models import AuditEntry
from dienhinh.portal.models import Story
from dienhinh.registrations.enums import ExemplarState
from tests.honours import factories as hf

pytestmark = pytest.mark.django_db


def test_demo_stories_are_published_through_the_domain_and_shown_on_the_portal():
    # The test database's demo stops before the exemplars: one of each program, nurturing.
    hf.exemplar()
    hf.exemplar(org_code="QB-SXD", program_code="quang-binh-2690")
    out = io.StringIO()
    call_command("load_demo_stories", stdout=out)
    story = Story.objects.select_related("exemplar").get(
        exemplar__program__code="lai-chau-2533", is_published=True
    )
    assert story.exemplar.state == ExemplarState.PUBLISHED
    assert AuditEntry.objects.filter(action="story.publish").count() == 1
    # Quảng Bình commends only after a council's vote: said, not forced.
    assert "no story for quang-binh-2690" in out.getvalue()
    html = Client().get(reverse("portal:home")).content.decode()
    assert story.title in html
    # Again: nothing more.
    call_command("load_demo_stories", stdout=io.StringIO())
    assert Story.objects.filter(is_published=True).count() == 1
