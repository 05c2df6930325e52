import pytest

from dienhinh.demo.country import RECEIVERS
from dienhinh.portal import publicity
from dienhinh.portal.models import Story
from tests.conftest import PERSONAS


@pytest.fixture
def demo_stories_unpublished(db):
    """The demo's published stories taken off the portal by their program's standing agency, so
    that a test's lists, searches and counts hold only the stories it creates."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(list(PERSONAS.values()), field_name="username")
    for story in Story.objects.filter(is_published=True).select_related("exemplar__program"):
        publicity.unpublish_story(story, actor=users[RECEIVERS[story.exemplar.program.code]])
