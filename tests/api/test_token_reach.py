"""An application token reaches its organisation's subtree and no further, whoever issued it:
a superuser's token for a province reads that province and answers 404 for another, while the
superuser in person still sees everything."""

import pytest
from django.test import Client

from dienhinh.api.domain import tokens
from dienhinh.api.models import TokenKind
from dienhinh.orgs import queries
from dienhinh.orgs.models import Organisation
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db


def _bearer(secret):
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _application_token(actor, code):
    token, secret = tokens.create_token(
        actor=actor,
        name="LGSP tỉnh",
        scope="read",
        kind=TokenKind.APPLICATION,
        organisation=Organisation.objects.get(code=code),
    )
    return token, secret


def test_a_superusers_application_token_cannot_read_another_province(personas, client_for):
    lai_chau = f.candidate("LC-SYT", "Lò Thị Phạm Vi (LC)")
    quang_binh = f.candidate("QB-SXD-QLXD", "Hoàng Văn Ngoài (QB)", program_code=f.QB)
    _, secret = _application_token(personas["admin"], "LC")
    client = _bearer(secret)
    assert client.get(f"/api/v1/candidates/{lai_chau.pk}/").status_code == 200
    assert client.get(f"/api/v1/candidates/{quang_binh.pk}/").status_code == 404
    listed = client.get("/api/v1/candidates/", {"page_size": 500}).json()["results"]
    assert quang_binh.pk not in {c["id"] for c in listed}
    assert client.get("/api/v1/organisations/", {"code": "QB"}).json()["results"] == []
    # In person (signed in, or a personal token), the superuser still reads both.
    assert client_for("admin").get(f"/api/v1/candidates/{quang_binh.pk}/").status_code == 200
    _, own = tokens.create_token(actor=personas["admin"], name="của tôi", scope="read")
    assert _bearer(own).get(f"/api/v1/candidates/{quang_binh.pk}/").status_code == 200


def test_the_reach_holds_the_token_not_the_person(personas):
    token, _ = _application_token(personas["admin"], "LC")
    held = tokens.acting_as(token)
    assert held.is_superuser and held.pk == personas["admin"].pk
    assert not queries.is_admin(held)
    assert queries.scope_roots(held, ("administrator",)) == [token.organisation.path]
    assert queries.is_admin(token.user) and token.user.acting_reach is None


def test_an_administrators_application_token_is_held_to_its_organisation(personas):
    token, secret = _application_token(personas["admin"], "LC-SYT")
    own = f.candidate("LC-SYT", "Của Sở Y tế")
    other = f.candidate("LC-TAMDUONG", "Của Huyện Tam Đường")
    client = _bearer(secret)
    assert client.get(f"/api/v1/candidates/{own.pk}/").status_code == 200
    assert client.get(f"/api/v1/candidates/{other.pk}/").status_code == 404
