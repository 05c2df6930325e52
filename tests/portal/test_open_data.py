"""The open dataset: honoured exemplars with a public story, JSON and CSV, licence, dictionary,
paginated and cacheable, without what the public pages do not show."""

import csv
import datetime
import io

import pytest

from dienhinh.honours.models import Decision, Honour
from dienhinh.portal import opendata
from dienhinh.registrations.enums import ExemplarState
from tests.portal import factories as pf

pytestmark = pytest.mark.django_db


def _honoured(name, published=True, revoked=False):
    exemplar = pf.exemplar(name=name, state=ExemplarState.COMMENDED)
    pf.story(exemplar, published=published)
    decision = Decision.objects.create(
        program=exemplar.program,
        number=f"{name[:3]}/QĐ-UBND",
        date=datetime.date(2025, 3, 1),
        authority="UBND tỉnh Lai Châu",
        form="certificate",
        level="tỉnh",
    )
    Honour.objects.create(decision=decision, exemplar=exemplar, is_revoked=revoked)
    return exemplar


def test_json_lists_honoured_public_exemplars_only(client):
    shown = _honoured("Lường Thị Dữ Liệu")
    _honoured("Chưa Công Bố", published=False)
    _honoured("Đã Thu Hồi", revoked=True)
    response = client.get("/portal/open-data/exemplars.json")
    assert response.status_code == 200
    body = response.json()
    names = [r["name"] for r in body["results"]]
    assert "Lường Thị Dữ Liệu" in names
    assert "Chưa Công Bố" not in names and "Đã Thu Hồi" not in names
    assert body["licence"]["name"].startswith("Creative Commons")
    row = next(r for r in body["results"] if r["exemplar_id"] == shown.pk)
    assert set(row) == {c[0] for c in opendata.COLUMNS}
    text = response.content.decode()
    for secret in (pf.SECRET_ADDRESS, pf.SECRET_NOTE, pf.SECRET_SOLUTION):
        assert secret not in text


def test_csv_has_the_dictionarys_columns(client):
    _honoured("Lường Văn Bảng")
    response = client.get("/portal/open-data/exemplars.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == [c[0] for c in opendata.COLUMNS]
    assert any(r["name"] == "Lường Văn Bảng" for r in rows)


def test_cacheable_and_paginated(client, monkeypatch):
    monkeypatch.setattr(opendata, "PAGE_SIZE", 1)
    _honoured("Một"), _honoured("Hai")
    first = client.get("/portal/open-data/exemplars.json")
    assert first.json()["next"].endswith("?page=2")
    assert 'rel="next"' in first["Link"]
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/portal/open-data/exemplars.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get("/portal/open-data/exemplars.json", {"page": 999}).status_code == 404


def test_dictionary_page_states_the_licence(client):
    page = client.get("/portal/open-data/")
    assert page.status_code == 200
    assert b"creativecommons.org/licenses/by/4.0" in page.content
    assert b"decision_number" in page.content


def test_json_queries_pinned(client, assert_page_queries):
    # The data's last change and honours fingerprint (ETag, one query), COUNT, the page with its
    # relations.
    for n in (1, 3):
        for i in range(n):
            _honoured(f"Đếm {n}.{i}")
        assert_page_queries(client, "/portal/open-data/exemplars.json", 4)
