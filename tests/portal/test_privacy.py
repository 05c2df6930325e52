"""Only what was published reaches the public pages: never private or revoked data."""

import pytest
from django.urls import reverse

from dienhinh.programs.enums import Rating
from dienhinh.registrations.models import AnnualRating, Evidence
from tests.portal import factories

pytestmark = pytest.mark.django_db


def test_no_private_data_on_any_public_page(client):
    published = factories.story(name="Công Khai Một")
    candidate = published.exemplar.candidate
    AnnualRating.objects.create(candidate=candidate, year=2023, level=Rating.EXCELLENT)
    Evidence.objects.create(
        candidate=candidate, file="evidence/x.pdf", kind="pdf", original_name="bi-mat.pdf", size=1
    )
    hidden = factories.story(name="Chưa Công Bố Hai", published=False)
    withdrawn = factories.story(name="Đã Rút Ba", state="withdrawn")
    pk = published.exemplar_id
    field = candidate.field
    urls = [
        reverse("portal:home"),
        reverse("portal:province_home", args=["LC"]),
        reverse("portal:program_home", args=["lai-chau-2533"]),
        reverse("portal:exemplar_list"),
        reverse("portal:exemplar_list") + "?q=cong",
        reverse("portal:exemplar_detail", args=[pk]),
        reverse("portal:exemplar_sheet", args=[pk]),
        reverse("portal:feed_program", args=["lai-chau-2533"]),
        reverse("portal:feed_field", args=["lai-chau-2533", field.code]),
        reverse("portal:sitemap"),
    ]
    forbidden = [
        factories.SECRET_ADDRESS,
        factories.SECRET_NOTE,
        factories.SECRET_SOLUTION,
        "bi-mat.pdf",
        "evidence/",
        str(Rating.EXCELLENT.label),
        "Chưa Công Bố Hai",
        "Đã Rút Ba",
        reverse("portal:exemplar_detail", args=[hidden.exemplar_id]),
        reverse("portal:exemplar_detail", args=[withdrawn.exemplar_id]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Công Khai Một" in text or url.endswith("sitemap.xml"), url
        for secret in forbidden:
            assert secret not in text, (url, secret)
