"""Search with or without diacritics, in any case, head matches first; the query stays in the URL.

`search.apply` returns the ids of the hits in order (first the stories whose name, organisation,
title or summary hold every word, then the others; newest first within each).
"""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dienhinh.portal import queries, search
from dienhinh.portal.models import Story
from dienhinh.registrations.enums import ExemplarState
from tests.portal import factories

# The demo's own stories are taken off the portal: each test searches the stories it creates.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_stories_unpublished")]


def found(query, stories=None):
    hits, searched = search.apply(queries.public_stories() if stories is None else stories, query)
    assert searched
    return list(hits)


def published(story, days_ago):
    """Give the story an older publication date (the order within a part is newest first)."""
    story.published_at = timezone.now() - datetime.timedelta(days=days_ago)
    story.save()
    return story


@pytest.mark.parametrize("query", ["dien hinh", "ĐIỂN HÌNH", "điển hình", "Dien Hinh"])
def test_search_finds_with_or_without_diacritics(query):
    hit = factories.story(title="Điển hình về cải cách hành chính")
    factories.story(title="Mô hình trồng chè", body="<p>Chè Shan tuyết.</p>")
    assert found(query) == [hit.pk]


def test_search_covers_names_and_organisations():
    person = factories.story(name="Lò Thị Phương", title="Cô giáo vùng cao")
    factories.story(name="Nguyễn Văn A", title="Bác sĩ")
    assert found("lo thi phuong") == [person.pk]
    assert person.pk in found("so y te")


def test_search_ranks_more_relevant_first():
    weak = factories.story(title="Gương sáng", body="<p>Một lần nhắc nhân rộng.</p>")
    strong = factories.story(
        title="Nhân rộng mô hình", body="<p>Nhân rộng, nhân rộng và nhân rộng khắp bản.</p>"
    )
    assert found("nhan rong")[:2] == [strong.pk, weak.pk]


def test_name_or_title_match_ranks_above_a_newer_body_only_match():
    by_name = published(factories.story(name="Vàng A Súa", title="Người gác rừng"), 400)
    by_title = published(factories.story(title="Gương sáng Vàng A Súa"), 300)
    in_body = factories.story(title="Bản làng", body="<p>Học theo anh Vàng A Súa.</p>")
    # Head matches first, newest first among them; the newest story matches in its body only.
    assert found("vang a sua") == [by_title.pk, by_name.pk, in_body.pk]


def test_every_word_and_the_start_of_the_last_must_occur():
    story = factories.story(title="Hợp tác xã chè Tam Đường")
    assert found("hop tac") == [story.pk]
    assert found("hop ta") == [story.pk]
    assert found("hop tac chuoi") == []


def test_words_of_adjacent_paragraphs_are_found():
    # strip_tags runs "dân.</p><p>Sáng" together as "dân.Sáng"; each word must still be found.
    story = factories.story(
        title="Bác sĩ bản", body="<p>Phục vụ nhân dân.</p><p>Sáng kiến hay.</p>"
    )
    assert found("nhan dan") == [story.pk]
    assert found("sang kien") == [story.pk]


def test_search_skips_unpublished_stories():
    factories.story(published=False, title="Điển hình chưa công bố")
    assert found("dien hinh") == []


def test_withdrawn_or_rejected_exemplar_leaves_the_results():
    story = factories.story(title="Điển hình sẽ rút")
    other = factories.story(title="Điển hình ở lại")
    assert set(found("dien hinh")) == {story.pk, other.pk}
    exemplar = story.exemplar
    exemplar.state = ExemplarState.WITHDRAWN
    exemplar.save()
    assert found("dien hinh") == [other.pk]
    exemplar = other.exemplar
    exemplar.state = ExemplarState.REJECTED
    exemplar.save()
    assert found("dien hinh") == []


def test_unpublishing_a_story_takes_it_out_of_the_results():
    story = factories.story(title="Điển hình tạm ẩn")
    assert found("dien hinh") == [story.pk]
    story.is_published = False
    story.save()
    assert found("dien hinh") == []


def test_revoked_honour_leaves_the_honoured_search(client):
    from django.apps import apps

    honour_model = apps.get_model("honours", "Honour")
    decision_model = apps.get_model("honours", "Decision")
    story = factories.story(title="Điển hình được khen")
    factories.story(title="Điển hình chưa khen")
    decision = decision_model.objects.create(
        program=story.exemplar.program,
        number="77/QĐ-UBND",
        date="2024-12-20",
        authority="UBND tỉnh Lai Châu",
        form=decision_model._meta.get_field("form").choices[0][0],
    )
    honour = honour_model.objects.create(decision=decision, exemplar=story.exemplar)
    url = reverse("portal:exemplar_list")
    params = {"q": "dien hinh", "honour": "on"}
    page = client.get(url, params).context["page"]
    assert [s.pk for s in page.object_list] == [story.pk]
    honour.is_revoked = True
    honour.save()
    page = client.get(url, params).context["page"]
    assert list(page.object_list) == []


def test_search_index_follows_edits_and_deletes():
    story = factories.story(title="Cũ")
    story.title = "Hợp tác xã chè Tam Đường"
    story.save()
    assert found("hop tac xa") == [story.pk]
    story.delete()
    assert found("hop tac xa") == []


def test_pages_run_on_from_head_matches_to_body_matches():
    heads = [published(factories.story(title=f"Nhân rộng mô hình {i}"), i) for i in range(3)]
    bodies = [
        published(factories.story(title="Gương sáng", body="<p>Được nhân rộng.</p>"), i)
        for i in range(4)
    ]
    order = [s.pk for s in heads + bodies]
    hits, _ = search.apply(queries.public_stories(), "nhan rong")
    assert hits.count() == 7
    for start in range(8):
        for stop in range(start, 9):
            assert hits[start:stop] == order[start:stop], (start, stop)
    assert hits[4] == order[4]


# 100: more than the published stories, so there is no window and each part is read as before.
@pytest.mark.parametrize("window", [1, 3, 5, 100])
def test_many_hits_read_from_the_newest_stories_give_the_same_pages(monkeypatch, window):
    """With more hits than counted, each part is read first among the `WINDOW` newest stories
    (PostgreSQL), and as before when the window holds too few: the same hits in the same order."""
    heads = [published(factories.story(title=f"Nhân rộng mô hình {i}"), 2 * i) for i in range(3)]
    bodies = [
        published(factories.story(title="Gương sáng", body="<p>Được nhân rộng.</p>"), 2 * i + 1)
        for i in range(3)
    ]
    published(factories.story(title="Gương sáng", body="<p>Trồng chè.</p>"), 0)
    order = [s.pk for s in heads + bodies]
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    monkeypatch.setattr(search, "WINDOW", window)
    hits, _ = search.apply(queries.public_stories(), "nhan rong")
    assert hits.count() == 3  # more than 2: the parts are walked
    for start in range(7):
        for stop in range(start, 8):
            assert hits[start:stop] == order[start:stop], (window, start, stop)


def test_a_published_story_without_a_date_keeps_its_place(monkeypatch):
    """An undated published story comes first in PostgreSQL's newest-first order (last in
    SQLite's); the window, bounded by a date, cannot hold it, so the part is read as before."""
    dated = [published(factories.story(title=f"Nhân rộng mô hình {i}"), i) for i in range(3)]
    undated = factories.story(title="Nhân rộng mô hình chè")
    Story.objects.filter(pk=undated.pk).update(published_at=None)
    expected = list(search.apply(queries.public_stories(), "nhan rong")[0])
    assert sorted(expected) == sorted([undated.pk, *(s.pk for s in dated)])
    if connection.vendor == "postgresql":
        assert expected[0] == undated.pk
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    monkeypatch.setattr(search, "WINDOW", 2)
    hits, _ = search.apply(queries.public_stories(), "nhan rong")
    assert hits[0:1] == expected[0:1]
    assert hits[0:4] == expected


def test_count_stops_at_the_limit(client, monkeypatch):
    monkeypatch.setattr(search, "COUNT_LIMIT", 3)
    monkeypatch.setattr("dienhinh.portal.views.public.PAGE_SIZE", 2)
    stories = [published(factories.story(title="Điển hình tiên tiến"), i) for i in range(5)]
    client.cookies["dienhinh_language"] = "en"
    hits, _ = search.apply(queries.public_stories(), "dien hinh")
    assert hits.count() == 4  # the limit and one more: "more than 3"
    response = client.get(reverse("portal:exemplar_list"), {"q": "dien hinh"})
    page = response.context["page"]
    assert page.paginator.more
    assert page.paginator.count == 3
    assert page.paginator.num_pages == 2
    assert [s.pk for s in page.object_list] == [stories[0].pk, stories[1].pk]
    assert "More than 3 exemplars found" in response.content.decode()
    last = client.get(reverse("portal:exemplar_list"), {"q": "dien hinh", "page": 9})
    assert [s.pk for s in last.context["page"].object_list] == [stories[2].pk]
    assert 'rel="next"' not in last.content.decode()


def test_a_short_list_counts_exactly(client):
    for _ in range(3):
        factories.story()
    response = client.get(reverse("portal:exemplar_list"))
    assert not response.context["page"].paginator.more
    assert response.context["page"].paginator.count == 3


def test_search_page_keeps_the_query_in_the_url(client):
    factories.story(title="Điển hình tiên tiến ngành y")
    response = client.get(reverse("portal:exemplar_list"), {"q": "dien hinh"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="dien hinh"' in html
    assert "Điển hình tiên tiến ngành y" in html


def test_search_with_only_punctuation_changes_nothing():
    factories.story()
    hits, searched = search.apply(queries.public_stories(), '"*()')
    assert not searched
    assert hits.count() == 1


def test_filters_follow_the_candidate_and_the_exemplar(client):
    """Year and subject type are copied onto the story; a candidate's change reaches the copy."""
    s = factories.story(name="Lò Văn Khiêm", subject_type="individual", year=2023)
    factories.story(name="Tổ Sản xuất Bình Lư", subject_type="collective", year=2024)
    url = reverse("portal:exemplar_list")

    def names(**params):
        page = client.get(url, params).context["page"]
        return sorted(story.exemplar.candidate.name for story in page.object_list)

    assert names(subject_type="individual", year=2023, q="khiem") == ["Lò Văn Khiêm"]
    assert names(subject_type="collective", q="khiem") == []
    candidate = s.exemplar.candidate
    candidate.subject_type = "household"
    candidate.name = "Hộ ông Lò Văn Khiêm"
    candidate.save()
    assert names(subject_type="individual", q="khiem") == []
    assert names(subject_type="household", year=2023, q="ho ong khiem") == ["Hộ ông Lò Văn Khiêm"]
    assert names(year=2024, q="khiem") == []
