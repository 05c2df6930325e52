"""Reads through the API are scoped as the web pages: the unit's own records, 404 for others."""

import pytest

from tests.registrations import factories as f

pytestmark = pytest.mark.django_db


def test_candidates_list_only_the_units_in_scope(client_for):
    own = f.candidate("LC-SYT", "Trần Thị Ngọc (API)")
    other = f.candidate("LC-TAMDUONG", "Lò Văn Khánh (API)")
    data = client_for("officer_a").get("/api/v1/candidates/", {"page_size": 500}).json()
    ids = {c["id"] for c in data["results"]}
    assert own.pk in ids
    assert other.pk not in ids
    assert data["count"] == len(ids) or data["next"]


def test_foreign_candidate_is_404_as_on_the_web(client_for):
    other = f.candidate("LC-TAMDUONG", "Lò Văn Khánh (API)")
    client = client_for("officer_a")
    assert client.get(f"/api/v1/candidates/{other.pk}/").status_code == 404
    assert client.get(f"/registrations/candidates/{other.pk}/").status_code == 404
    body = client.get(f"/api/v1/candidates/{other.pk}/").json()
    assert body["errors"][0]["field"] is None


def test_candidate_detail_has_facts_and_an_etag(client_for):
    own = f.candidate("LC-SYT", "Trần Thị Ngọc (API)")
    client = client_for("officer_a")
    response = client.get(f"/api/v1/candidates/{own.pk}/")
    assert response.status_code == 200
    assert response.json()["facts"]["ratings"] == []
    etag = response["ETag"]
    again = client.get(f"/api/v1/candidates/{own.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_candidates_filter_and_order(client_for):
    f.candidate("LC-SYT", "Bùi Văn Bảy (API)")
    f.candidate("LC-SYT", "Âu Thị An (API)", subject_type="individual")
    client = client_for("officer_a")
    data = client.get(
        "/api/v1/candidates/", {"q": "api", "ordering": "-name_key", "organisation": "LC-SYT"}
    ).json()
    names = [c["name"] for c in data["results"]]
    assert names == ["Bùi Văn Bảy (API)", "Âu Thị An (API)"]


def test_candidates_of_a_program_by_its_code(client_for):
    """The program is given by its code (looked up, then filtered by id): only its candidates,
    and none for a code no program has."""
    f.candidate("LC-SYT", "Bùi Văn Bảy (API)")
    client = client_for("officer_a")
    params = {"q": "api", "organisation": "LC-SYT"}
    mine = client.get("/api/v1/candidates/", {**params, "program": f.LC}).json()
    assert [c["name"] for c in mine["results"]] == ["Bùi Văn Bảy (API)"]
    other = client.get("/api/v1/candidates/", {**params, "program": f.QB}).json()
    assert other["count"] == 0
    unknown = client.get("/api/v1/candidates/", {**params, "program": "no-such-program"}).json()
    assert unknown["count"] == 0


def test_eligibility_verdict(client_for):
    own = f.candidate("LC-SYT", "Trần Thị Ngọc (API)")
    data = client_for("officer_a").get(f"/api/v1/candidates/{own.pk}/eligibility/").json()
    assert data["candidate"] == own.pk
    assert data["verdict"] in ("pass", "fail", "incomplete")
    assert data["criteria"]


def test_registration_detail_has_entries(client_for):
    c = f.candidate("LC-SYT", "Trần Thị Ngọc (API)")
    reg = f.registration("LC-SYT", [c], year=2027)
    data = client_for("head_a").get(f"/api/v1/registrations/{reg.pk}/").json()
    assert [e["candidate"]["id"] for e in data["entries"]] == [c.pk]
    assert client_for("officer_b").get(f"/api/v1/registrations/{reg.pk}/").status_code == 404


def test_anonymous_is_refused(client_for):
    response = client_for("anonymous").get("/api/v1/candidates/")
    assert response.status_code in (401, 403)


def test_schema_and_docs(client_for):
    client = client_for("anonymous")
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/candidates/" in schema["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui-bundle.js" in docs.content
    assert b"<script>" not in docs.content


def test_exemplar_pages_follow_the_candidates_names(client_for):
    """Each page of the exemplar list holds the next exemplars by their candidate's name (the key
    kept on the exemplar), none twice and none left out."""
    from tests.honours import factories as hf

    for i in range(7):
        hf.exemplar("LC-SYT", name=f"Xuyzo {chr(ord('G') - i)}{i} (API)")
    client = client_for("officer_a")
    params = {"organisation": "LC-SYT", "page_size": 3}
    names, page = [], 1
    while True:
        data = client.get("/api/v1/exemplars/", {**params, "page": page}).json()
        names += [e["candidate"]["name"] for e in data["results"]]
        if not data["next"]:
            break
        page += 1
    whole = client.get("/api/v1/exemplars/", {**params, "page_size": 500}).json()["results"]
    assert names == [e["candidate"]["name"] for e in whole] and len(names) == data["count"]
    ours = [n for n in names if n.startswith("Xuyzo")]
    assert ours == sorted(ours, key=lambda n: n.split()[1]) and len(ours) == 7
