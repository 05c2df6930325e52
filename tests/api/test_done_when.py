"""Issue 17's "done when", without a browser: a token made on the web page lists the unit's
candidates, a registration goes through the API to submission, another unit's record is 404,
and every write names the token in the audit trail."""

import re

import pytest
from django.test import Client

from dienhinh.core.models import AuditEntry
from dienhinh.registrations.models import Registration
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db


def make_token(client, name="Cổng dữ liệu", scope="read_write") -> str:
    response = client.post(
        "/api/tokens/", {"name": name, "scope": scope, "days": 30, "kind": "personal"}
    )
    assert response.status_code == 200
    match = re.search(r'<code id="token-secret">(dh_[\w-]+)</code>', response.content.decode())
    assert match, "the secret is shown once on the answer"
    return match.group(1)


def api(token, language="vi"):
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)


def test_token_lists_candidates_and_submits_a_registration(client_for):
    own = f.candidate("LC-SYT", "Hoàng Thị Lan (API)")
    other = f.candidate("LC-TAMDUONG", "Lò Thị Mai (API)")
    officer = api(make_token(client_for("officer_a")))
    head = api(make_token(client_for("head_a"), "Thủ trưởng"))

    listed = officer.get("/api/v1/candidates/", {"q": "api", "page_size": 500}).json()
    assert [c["id"] for c in listed["results"]] == [own.pk]
    assert officer.get(f"/api/v1/candidates/{other.pk}/").status_code == 404

    created = officer.post(
        "/api/v1/candidates/",
        {
            "program": "lai-chau-2533",
            "organisation": "LC-SYT",
            "subject_type": "individual",
            "name": "Vàng Văn Sinh",
            "workplace": "Khoa Nội",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    new = created.json()["id"]

    reg = officer.post(
        "/api/v1/registrations/",
        {"program": "lai-chau-2533", "organisation": "LC-SYT", "year": 2027},
        content_type="application/json",
    ).json()
    reg = officer.put(
        f"/api/v1/registrations/{reg['id']}/entries/",
        {"candidates": [own.pk, new], "version": reg["version"]},
        content_type="application/json",
    ).json()
    assert [e["candidate"]["id"] for e in reg["entries"]] == [own.pk, new]
    moved = officer.post(
        f"/api/v1/registrations/{reg['id']}/transition/",
        {"action": "request_approval", "version": reg["version"]},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.json()
    submitted = head.post(
        f"/api/v1/registrations/{reg['id']}/transition/",
        {"action": "approve", "version": moved.json()["version"]},
        content_type="application/json",
    )
    assert submitted.status_code == 200, submitted.json()
    assert Registration.objects.get(pk=reg["id"]).status == "submitted"

    trail = AuditEntry.objects.filter(object_id=str(reg["id"]), action="registration.approve")
    assert "token «Thủ trưởng»" in trail.get().actor_name


def test_foreign_registration_is_404_and_a_wrong_move_is_refused_in_the_callers_language(
    client_for,
):
    reg = f.registration("LC-TAMDUONG", [f.candidate("LC-TAMDUONG", "Lò Văn Páo")], year=2027)
    officer = api(make_token(client_for("officer_a")))
    assert officer.get(f"/api/v1/registrations/{reg.pk}/").status_code == 404
    assert client_for("officer_a").get(f"/registrations/{reg.pk}/").status_code == 404

    mine = f.registration("LC-SYT", [f.candidate("LC-SYT", "Lò Văn Sáng")], year=2027)
    body = {"action": "approve", "version": mine.version}
    vi = officer.post(
        f"/api/v1/registrations/{mine.pk}/transition/", body, content_type="application/json"
    )
    en = api(make_token(client_for("officer_a"), "en")).post(
        f"/api/v1/registrations/{mine.pk}/transition/",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert vi.status_code == en.status_code == 400
    assert vi.json()["errors"][0]["message"] != en.json()["errors"][0]["message"]


def test_candidate_form_errors_come_back_per_field(client_for):
    officer = api(make_token(client_for("officer_a")), language="en")
    response = officer.post(
        "/api/v1/candidates/",
        {"program": "lai-chau-2533", "organisation": "LC-SYT", "subject_type": "individual"},
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert "name" in fields


def test_read_token_cannot_write_and_a_revoked_token_is_refused(client_for):
    client = client_for("officer_a")
    secret = make_token(client, "chỉ đọc", scope="read")
    reader = api(secret)
    assert reader.get("/api/v1/candidates/").status_code == 200
    refused = reader.post(
        "/api/v1/registrations/",
        {"program": "lai-chau-2533", "organisation": "LC-SYT", "year": 2027},
        content_type="application/json",
    )
    assert refused.status_code == 403
    from dienhinh.api.models import ApiToken

    token = ApiToken.objects.get(name="chỉ đọc")
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    assert reader.get("/api/v1/candidates/").status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()


def test_only_the_owner_or_an_administrator_revokes(client_for):
    make_token(client_for("officer_a"), "của A")
    from dienhinh.api.models import ApiToken

    token = ApiToken.objects.get(name="của A")
    assert client_for("officer_b").post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    assert client_for("admin").post(f"/api/tokens/{token.pk}/revoke/").status_code == 302


def test_rate_limit_is_per_token(client_for, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/minute"},
    }
    from django.core.cache import cache

    cache.clear()
    first = api(make_token(client_for("officer_a"), "một"))
    second = api(make_token(client_for("officer_a"), "hai"))
    answers = [first.get("/api/v1/programs/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert second.get("/api/v1/programs/").status_code == 200


def test_me_names_the_token(client_for):
    officer = api(make_token(client_for("officer_a"), "kiểm tra"))
    body = officer.get("/api/v1/me/").json()
    assert body["username"] == "lc.canbo"
    assert body["token"] == "kiểm tra"
    assert body["scope"] == "read_write"
