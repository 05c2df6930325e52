"""Public pages: homes, list with filters, detail, sheet, feeds, sitemap, caching headers."""

import pytest
from django.urls import reverse

from dienhinh.orgs.models import Organisation
from dienhinh.programs.models import Field
from dienhinh.registrations.enums import ExemplarState
from tests.portal import factories

# The demo's own stories are taken off the portal: each test lists the stories it creates.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_stories_unpublished")]


def test_home_shows_latest_and_counts(client):
    story = factories.story(name="Hoàng Thị Mai")
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoàng Thị Mai" in html
    assert reverse("portal:exemplar_detail", args=[story.exemplar_id]) in html


def test_program_home_counts_by_district(client):
    factories.story(org_code="LC-SGDDT")
    response = client.get(reverse("portal:program_home", args=["lai-chau-2533"]))
    assert response.status_code == 200
    districts = response.context["counts"]["districts"]
    assert [(d["org"].code, d["n"]) for d in districts] == [("LC-SGDDT", 1)]


OTHER = "the other province"


def other_province() -> str:
    """The code of the province of Quảng Bình's plan today (Quảng Trị after the merger of
    01/07/2025, Quảng Bình before it)."""
    return Organisation.objects.get(code="QB-SXD").parent.code


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"subject_type": "collective"}, ["Tập thể khoa Nhi"]),
        ({"organisation": "LC-SGDDT"}, ["Hộ ông Lò Văn Pâng"]),
        ({"province": "LC"}, ["Hộ ông Lò Văn Pâng", "Tập thể khoa Nhi"]),
        ({"province": OTHER}, []),
        ({"province": OTHER, "organisation": "LC-SGDDT"}, ["Hộ ông Lò Văn Pâng"]),
        ({"year": "2023"}, ["Hộ ông Lò Văn Pâng"]),
        ({"program": "lai-chau-2533"}, ["Hộ ông Lò Văn Pâng", "Tập thể khoa Nhi"]),
    ],
)
def test_list_filters(client, params, expected):
    factories.story(name="Tập thể khoa Nhi", subject_type="collective", year=2024)
    factories.story(
        name="Hộ ông Lò Văn Pâng", subject_type="household", org_code="LC-SGDDT", year=2023
    )
    params = {key: other_province() if value == OTHER else value for key, value in params.items()}
    response = client.get(reverse("portal:exemplar_list"), params)
    names = sorted(s.exemplar.candidate.name for s in response.context["page"].object_list)
    assert names == expected


def test_list_offers_the_units_of_the_chosen_province_and_the_fields_of_the_program(client):
    factories.story(org_code="LC-SGDDT")
    url = reverse("portal:exemplar_list")
    field = Field.objects.filter(program__code="lai-chau-2533").order_by("position").first()
    other = Field.objects.exclude(program__code="lai-chau-2533").first()
    html = client.get(url).content.decode()
    assert 'value="LC"' in html and f'value="{other_province()}"' in html  # the provinces
    assert 'value="LC-SGDDT"' not in html and f'value="{field.pk}"' not in html
    html = client.get(url, {"province": "LC", "program": "lai-chau-2533"}).content.decode()
    assert 'value="LC-SGDDT"' in html and 'value="QB-' not in html
    assert f'value="{field.pk}"' in html and f'value="{other.pk}"' not in html
    # A unit or a field given alone: the choices of its province or program, it selected.
    html = client.get(url, {"organisation": "LC-SGDDT", "field": field.pk}).content.decode()
    assert '<option value="LC-SGDDT" selected>' in html
    assert f'<option value="{field.pk}" selected>' in html


def test_choices_for_the_filters_come_one_province_or_program_at_a_time(client):
    units = reverse("portal:organisation_choices")
    html = client.get(units, {"province": "LC"}).content.decode()
    assert 'value="LC-SGDDT"' in html and 'value="QB-' not in html
    assert client.get(units, {"province": "LC-SGDDT"}).content.decode().count("<option") == 1
    assert client.get(units).content.decode().count("<option") == 1
    fields = reverse("portal:field_choices")
    field = Field.objects.filter(program__code="lai-chau-2533").first()
    assert (
        f'value="{field.pk}"' in client.get(fields, {"program": "lai-chau-2533"}).content.decode()
    )
    assert client.get(fields, {"program": "nope"}).content.decode().count("<option") == 1


def test_the_program_and_province_choices_are_the_models_in_their_order(client):
    """Read as plain values, they read as the models write them, the chosen one selected."""
    import re
    from html import unescape

    from dienhinh.programs.models import Program

    html = client.get(reverse("portal:exemplar_list"), {"program": "lai-chau-2533"}).content
    page = html.decode()

    def options(name):
        select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
        return [
            (value, unescape(label))
            for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
        ][1:]

    programs = Program.objects.exclude(status="draft")
    assert options("program") == [(p.code, str(p)) for p in programs]
    provinces = Organisation.objects.filter(depth=0, status="active").order_by("name")
    assert options("province") == [(o.code, str(o)) for o in provinces]
    assert '<option value="lai-chau-2533" selected>' in page


def test_list_paginates_and_keeps_filters(client):
    for _ in range(23):
        factories.story()
    response = client.get(reverse("portal:exemplar_list"), {"program": "lai-chau-2533"})
    assert len(response.context["page"].object_list) == 20
    assert "program=lai-chau-2533&amp;page=2" in response.content.decode()


def test_detail_shows_sanitised_story_and_json_ld(client):
    story = factories.story(
        body='<p>Tốt</p><script>alert(1)</script><a href="https://x.vn" onclick="e()">x</a>'
    )
    response = client.get(reverse("portal:exemplar_detail", args=[story.exemplar_id]))
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "onclick" not in html
    assert 'rel="noopener"' in html
    assert '<script type="application/ld+json">' in html
    assert 'property="og:title"' in html
    assert 'rel="canonical"' in html


def test_json_ld_cannot_close_its_script(client):
    story = factories.story(title="</script><b>x</b>")
    html = client.get(reverse("portal:exemplar_detail", args=[story.exemplar_id])).content
    assert b"</script><b>" not in html


def test_sheet_is_printable(client):
    story = factories.story()
    response = client.get(reverse("portal:exemplar_sheet", args=[story.exemplar_id]))
    assert response.status_code == 200
    assert b"sheet__title" in response.content


def test_withdrawn_exemplar_is_gone(client):
    story = factories.story(state=ExemplarState.WITHDRAWN)
    assert (
        client.get(reverse("portal:exemplar_detail", args=[story.exemplar_id])).status_code == 404
    )


def test_unpublished_story_is_gone(client):
    story = factories.story(published=False)
    assert (
        client.get(reverse("portal:exemplar_detail", args=[story.exemplar_id])).status_code == 404
    )


def test_feeds_and_sitemap(client):
    story = factories.story(name="Vàng Thị Dung")
    field = story.exemplar.candidate.field
    feed = client.get(reverse("portal:feed_program", args=["lai-chau-2533"]))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "Vàng Thị Dung" in feed.content.decode()
    by_field = client.get(reverse("portal:feed_field", args=["lai-chau-2533", field.code]))
    assert "Vàng Thị Dung" in by_field.content.decode()
    sitemap = client.get(reverse("portal:sitemap")).content.decode()
    assert reverse("portal:exemplar_detail", args=[story.exemplar_id]) in sitemap


def test_detail_sends_etag_and_answers_304(client):
    story = factories.story()
    url = reverse("portal:exemplar_detail", args=[story.exemplar_id])
    first = client.get(url)
    assert first.has_header("ETag")
    assert first.has_header("Last-Modified")
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_revoking_an_honour_changes_the_etag(client):
    from django.apps import apps

    honour_model = apps.get_model("honours", "Honour")
    decision_model = apps.get_model("honours", "Decision")
    story = factories.story()
    exemplar = story.exemplar
    decision = decision_model.objects.create(
        program=exemplar.program,
        number="123/QĐ-UBND",
        date="2024-12-20",
        authority="UBND tỉnh Lai Châu",
        form=decision_model._meta.get_field("form").choices[0][0],
    )
    honour = honour_model.objects.create(decision=decision, exemplar=exemplar)
    url = reverse("portal:exemplar_detail", args=[exemplar.pk])
    before = client.get(url)
    assert "123/QĐ-UBND" in before.content.decode()
    honour.is_revoked = True
    honour.save()
    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "123/QĐ-UBND" not in after.content.decode()


def test_english_switch(client):
    factories.story()
    client.cookies["dienhinh_language"] = "en"
    assert b"Latest exemplars" in client.get(reverse("portal:home")).content


def test_body_written_in_bulk_is_still_sanitised_on_display(client):
    from dienhinh.portal.models import Story

    story = factories.story()
    Story.objects.filter(pk=story.pk).update(body="<p>ok</p><script>alert(1)</script>")
    html = client.get(reverse("portal:exemplar_detail", args=[story.exemplar_id])).content
    assert b"alert(1)" not in html


def test_program_home_has_a_canonical_url(client):
    html = client.get(reverse("portal:program_home", args=["lai-chau-2533"])).content.decode()
    assert '<link rel="canonical" href="http://testserver/portal/programs/lai-chau-2533/">' in html


def test_home_tells_an_ended_province_from_todays_of_the_same_name(client):
    """Tỉnh Quảng Trị before the merger of 1 July 2025 and after it: today's first, the old one
    with the last day it existed."""
    import datetime

    old = Organisation.objects.create(code="QT-OLD", kind="province", name="Tỉnh Quảng Trị")
    Organisation.objects.filter(pk=old.pk).update(ended_on=datetime.date(2025, 7, 1))
    new = Organisation.objects.create(code="QT-NEW", kind="province", name="Tỉnh Quảng Trị")
    html = client.get(reverse("portal:home")).content.decode()
    old_link = reverse("portal:province_home", args=[old.code])
    new_link = reverse("portal:province_home", args=[new.code])

    def item(link):  # the province's line in the list
        start = html.index(link)
        return html[start : html.index("</li>", start)]

    assert html.index(new_link) < html.index(old_link)
    assert "(đến 30/06/2025)" in item(old_link)
    assert "(đến" not in item(new_link)


def test_freshness_is_read_where_the_pages_stories_are(monkeypatch):
    """The ETag's stamp comes from the database the page's stories come from (the replica for
    the public pages, `core.dbrouter`), so that it describes what the page shows."""
    from django.db import router

    from dienhinh.portal import queries
    from dienhinh.portal.models import Story

    asked = []

    def db_for_read(model, **hints):
        asked.append(model)
        return "default"

    monkeypatch.setattr(router, "db_for_read", db_for_read)
    last, honours = queries.freshness()
    assert Story in asked
    assert last is not None and ":" in honours
