"""Search with or without diacritics, in any case, ranked; the query stays in the URL."""

import pytest
from django.urls import reverse

from dienhinh.portal import queries, search
from tests.portal import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["dien hinh", "ĐIỂN HÌNH", "điển hình", "Dien Hinh"])
def test_search_finds_with_or_without_diacritics(query):
    hit = factories.story(title="Điển hình về cải cách hành chính")
    factories.story(title="Mô hình trồng chè", body="<p>Chè Shan tuyết.</p>")
    found, searched = search.apply(queries.public_stories(), query)
    assert searched
    assert [s.pk for s in found] == [hit.pk]


def test_search_covers_names_and_organisations():
    person = factories.story(name="Lò Thị Phương", title="Cô giáo vùng cao")
    factories.story(name="Nguyễn Văn A", title="Bác sĩ")
    assert [s.pk for s in search.apply(queries.public_stories(), "lo thi phuong")[0]] == [person.pk]
    by_org = search.apply(queries.public_stories(), "so y te")[0]
    assert person.pk in {s.pk for s in by_org}


def test_search_ranks_more_relevant_first():
    weak = factories.story(title="Gương sáng", body="<p>Một lần nhắc nhân rộng.</p>")
    strong = factories.story(
        title="Nhân rộng mô hình", body="<p>Nhân rộng, nhân rộng và nhân rộng khắp bản.</p>"
    )
    found = list(search.apply(queries.public_stories(), "nhan rong")[0])
    assert [s.pk for s in found][:2] == [strong.pk, weak.pk]


def test_search_skips_unpublished_stories():
    factories.story(published=False, title="Điển hình chưa công bố")
    assert list(search.apply(queries.public_stories(), "dien hinh")[0]) == []


def test_search_index_follows_edits_and_deletes():
    story = factories.story(title="Cũ")
    story.title = "Hợp tác xã chè Tam Đường"
    story.save()
    assert [s.pk for s in search.apply(queries.public_stories(), "hop tac xa")[0]] == [story.pk]
    story.delete()
    assert list(search.apply(queries.public_stories(), "hop tac xa")[0]) == []


def test_search_page_keeps_the_query_in_the_url(client):
    factories.story(title="Điển hình tiên tiến ngành y")
    response = client.get(reverse("portal:exemplar_list"), {"q": "dien hinh"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="dien hinh"' in html
    assert "Điển hình tiên tiến ngành y" in html


def test_search_with_only_punctuation_changes_nothing():
    factories.story()
    stories, searched = search.apply(queries.public_stories(), '"*()')
    assert not searched
    assert stories.count() == 1
