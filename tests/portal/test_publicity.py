"""The standing agency writes and publishes stories and records media appearances."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from dienhinh.portal.content import sanitise
from dienhinh.portal.exports import neutralise
from dienhinh.portal.models import Story
from dienhinh.registrations.enums import ExemplarState
from tests.portal import factories

pytestmark = pytest.mark.django_db


def _png(width=1600, height=1600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def test_sanitise_keeps_only_the_small_tag_set():
    html = sanitise(
        '<h2>T</h2><p style="x">a <strong>b</strong> <img src=x onerror=y>'
        '<a href="javascript:alert(1)">j</a><a href="https://a.vn">k</a></p><iframe></iframe>'
    )
    assert html == (
        '<h2>T</h2><p>a <strong>b</strong> <a rel="noopener">j</a>'
        '<a href="https://a.vn" rel="noopener">k</a></p>'
    )


def test_story_edit_saves_and_publish_needs_commendation(client_for):
    exemplar = factories.exemplar()
    client = client_for("standing")
    url = reverse("portal:story_edit", args=[exemplar.pk])
    response = client.post(
        url,
        {
            "title": "Gương sáng",
            "summary": "Tóm tắt",
            "body": "<p>ok</p><script>x</script>",
            "photo": SimpleUploadedFile("a.png", PNG, content_type="image/png"),
            "photo_alt": "Ảnh",
        },
    )
    assert response.status_code == 302
    story = Story.objects.get(exemplar=exemplar)
    assert story.body == "<p>ok</p>"
    # The square photo is cropped to 3:2 and reduced to the portal's width, as JPEG.
    with Image.open(story.photo.open("rb")) as photo:
        assert (photo.format, photo.size) == ("JPEG", (1200, 800))
    # Nurturing: no publish button is offered...
    page = client.get(url).content.decode()
    assert reverse("portal:story_publish", args=[exemplar.pk]) not in page
    # ...and the lifecycle refuses "publish" if asked anyway.
    # Nurturing: the lifecycle refuses "publish", so the story stays unpublished.
    client.post(reverse("portal:story_publish", args=[exemplar.pk]))
    story.refresh_from_db()
    assert not story.is_published


def test_publish_moves_a_commended_exemplar(client_for, client):
    exemplar = factories.exemplar(state=ExemplarState.COMMENDED)
    story = factories.story(exemplar, published=False)
    page = client_for("standing").get(reverse("portal:story_edit", args=[exemplar.pk]))
    assert reverse("portal:story_publish", args=[exemplar.pk]) in page.content.decode()
    client_for("standing").post(reverse("portal:story_publish", args=[exemplar.pk]))
    story.refresh_from_db()
    exemplar.refresh_from_db()
    assert story.is_published
    assert exemplar.state == ExemplarState.PUBLISHED
    assert client.get(reverse("portal:exemplar_detail", args=[exemplar.pk])).status_code == 200
    photo = client.get(reverse("portal:photo", args=[exemplar.pk]))
    assert photo.status_code == 404


def test_photo_must_be_png_or_jpeg_by_content(client_for):
    exemplar = factories.exemplar()
    response = client_for("standing").post(
        reverse("portal:story_edit", args=[exemplar.pk]),
        {
            "title": "T",
            "photo": SimpleUploadedFile(
                "a.png", b"GIF89a" + b"\x00" * 20, content_type="image/png"
            ),
        },
    )
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors


def test_appearances_export_neutralises_formulas(client_for):
    exemplar = factories.exemplar(name="=HYPERLINK(1)")
    factories.appearance(exemplar, title="+cmd", channel="radio_tv")
    factories.appearance(exemplar, title="Bài trên báo", channel="press")
    client = client_for("standing")
    response = client.get(
        reverse("portal:appearance_list"), {"channel": "radio_tv", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][3] == "'+cmd"
    assert rows[0][5] == "'=HYPERLINK(1)"


def test_neutralise():
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-1") == "'-1"
    assert neutralise("Bình thường") == "Bình thường"
    assert neutralise(5) == 5


def test_appearance_recorded(client_for):
    exemplar = factories.exemplar()
    client_for("standing").post(
        reverse("portal:appearance_new", args=[exemplar.pk]),
        {"channel": "website", "date": "2024-10-01", "title": "Tin trên trang", "link": ""},
    )
    assert exemplar.media_appearances.get().title == "Tin trên trang"


def test_other_province_cannot_open_publicity(client_for):
    exemplar = factories.exemplar()
    url = reverse("portal:story_edit", args=[exemplar.pk])
    assert client_for("qb_standing").get(url).status_code == 404
    assert client_for("officer_a").get(url).status_code == 404


def test_a_photo_that_is_not_an_image_is_refused(client_for):
    exemplar = factories.exemplar()
    fake = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # a PNG's signature, then nothing readable
    response = client_for("standing").post(
        reverse("portal:story_edit", args=[exemplar.pk]),
        {
            "title": "Gương sáng",
            "photo": SimpleUploadedFile("a.png", fake, content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert not Story.objects.filter(exemplar=exemplar).exists()


def test_preview_shows_the_sanitised_story_without_saving(client_for):
    exemplar = factories.exemplar()
    response = client_for("standing").post(
        reverse("portal:story_edit", args=[exemplar.pk]),
        {
            "title": "Gương sáng",
            "body": "<p>Đoạn <em>một</em></p><script>x()</script>",
            "preview": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="preview"' in html
    assert '<div class="story__body"><p>Đoạn <em>một</em></p></div>' in html
    assert "x()</script>" not in html.split('id="preview"')[1]
    assert not Story.objects.filter(exemplar=exemplar).exists()
