"""Pinned query counts of the public pages and the publicity pages, with one and three items."""

import datetime

import pytest
from django.urls import reverse

from dienhinh.honours.domain import replication
from dienhinh.honours.enums import ReplicationOutcome
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.enums import ExemplarState
from tests.portal import factories

pytestmark = pytest.mark.django_db

UNITS = ("LC-SYT", "LC-TAMDUONG", "LC-SGDDT")


def _stories(items):
    return [
        factories.story(org_code=code, state=ExemplarState.PUBLISHED, title=f"Câu chuyện {code}")
        for code in UNITS[:items]
    ]


# Each page reads when the data last changed and the honours' fingerprint (its ETag and
# Last-Modified) in one query (`queries.freshness`).
PUBLIC = {
    "portal:home": ({}, 15),
    "portal:province_home": ({"code": "LC"}, 17),
    "portal:program_home": ({"code": "lai-chau-2533"}, 18),
    "portal:exemplar_list": ({}, 7),
}


@pytest.mark.parametrize("name", list(PUBLIC))
@pytest.mark.parametrize("items", [1, 3])
def test_public_pages(client, assert_page_queries, name, items):
    stories = _stories(items)
    kwargs, n = PUBLIC[name]
    html = assert_page_queries(client, reverse(name, kwargs=kwargs), n).content.decode()
    for story in stories:
        assert story.title in html


@pytest.mark.parametrize(
    ("name", "query", "n"),
    [
        ("portal:exemplar_list", "?province=LC&program=lai-chau-2533&organisation=LC-TAMDUONG", 12),
        ("portal:organisation_choices", "?province=LC", 2),
        ("portal:field_choices", "?program=lai-chau-2533", 2),
    ],
)
def test_list_filters_and_their_choices(client, assert_page_queries, name, query, n):
    _stories(3)
    assert_page_queries(client, reverse(name) + query, n)


@pytest.mark.parametrize("items", [1, 3])
def test_public_exemplar_detail(client, personas, assert_page_queries, items):
    # Items: places the exemplar is replicated in.
    (story,) = _stories(1)
    places = Organisation.objects.filter(code__in=UNITS[:items])
    for place in places:
        replication.add_replication(
            story.exemplar,
            actor=personas["standing"],
            organisation=place,
            date=datetime.date(2025, 8, 1),
            outcome=ReplicationOutcome.SUCCEEDED,
        )
    url = reverse("portal:exemplar_detail", kwargs={"pk": story.exemplar.pk})
    html = assert_page_queries(client, url, 5).content.decode()
    for place in places:
        assert place.name in html


@pytest.mark.parametrize("items", [1, 3])
def test_publicity_worklist(client_for, assert_page_queries, items):
    stories = _stories(items)
    html = assert_page_queries(client_for("standing"), reverse("portal:publicity"), 4)
    for story in stories:
        assert story.exemplar.candidate.name in html.content.decode()
    # Filtered by the story's state, name and year: the same queries.
    draft = stories[0]
    draft.is_published = False
    draft.save(update_fields=["is_published"])
    params = {
        "story": "draft",
        "year": str(draft.exemplar.year),
        "q": draft.exemplar.candidate.name,
    }
    html = assert_page_queries(client_for("standing"), reverse("portal:publicity"), 4, params)
    assert draft.exemplar.candidate.name in html.content.decode()
    for story in stories[1:]:
        assert story.exemplar.candidate.name not in html.content.decode()


@pytest.mark.parametrize("items", [1, 3])
def test_appearance_list(client_for, assert_page_queries, items):
    (story,) = _stories(1)
    for i in range(items):
        factories.appearance(story.exemplar, title=f"Bài báo {i}")
    html = assert_page_queries(client_for("standing"), reverse("portal:appearance_list"), 4)
    assert f"Bài báo {items - 1}" in html.content.decode()
    # Searched by title and year: the same queries, only what matches.
    url = reverse("portal:appearance_list")
    params = {"q": "bài báo 0", "year": "2000"}
    html = assert_page_queries(client_for("standing"), url, 4, params).content.decode()
    assert "Bài báo 0" not in html
    year = story.exemplar.media_appearances.first().date.year
    params = {"q": "Bài báo 0", "year": str(year)}
    html = assert_page_queries(client_for("standing"), url, 4, params).content.decode()
    assert "Bài báo 0" in html and "Bài báo 1" not in html
