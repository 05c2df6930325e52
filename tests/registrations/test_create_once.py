"""A new-candidate form sent twice (a double click, a resend) records one candidate: the form
carries a token, the second request is sent to the first one's candidate. A form without the
token still records, a token is the sender's alone, and a failed save frees it."""

import re

import pytest

from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.models import Candidate
from tests.registrations import factories as f

pytestmark = pytest.mark.django_db

URL = "/registrations/candidates/new/?program=lai-chau-2533"


def _token(client) -> str:
    page = client.get(URL).content.decode()
    match = re.search(r'name="once" value="([^"]+)"', page)
    assert match, "the form carries no token"
    assert "data-once" in page  # the second click is ignored in the browser too
    return match.group(1)


def _values(name: str, **more) -> dict:
    unit = f.program().organisation.subtree().get(code="LC-SYT")
    return {"organisation": unit.pk, "subject_type": "collective", "name": name, **more}


def test_the_same_form_sent_twice_records_one_candidate(client_for):
    client = client_for("officer_a")
    token = _token(client)
    first = client.post(URL, _values("Khoa Hai Lần", once=token))
    assert first.status_code == 302
    again = client.post(URL, _values("Khoa Hai Lần", once=token), follow=True)
    assert Candidate.objects.filter(name="Khoa Hai Lần").count() == 1
    assert again.redirect_chain[0][0] == first["Location"]
    assert "đã được gửi trước đó" in again.content.decode()
    # A new form (a new token) records another.
    assert client.post(URL, _values("Khoa Hai Lần", once=_token(client))).status_code == 302
    assert Candidate.objects.filter(name="Khoa Hai Lần").count() == 2


def test_a_form_with_errors_keeps_its_token_and_records_once_corrected(client_for):
    client = client_for("officer_a")
    token = _token(client)
    wrong = client.post(URL, _values("Khoa Sửa Lỗi", once=token, recognition_date="2025/31/03"))
    assert wrong.status_code == 200
    assert f'name="once" value="{token}"' in wrong.content.decode()
    assert client.post(URL, _values("Khoa Sửa Lỗi", once=token)).status_code == 302
    assert client.post(URL, _values("Khoa Sửa Lỗi", once=token)).status_code == 302
    assert Candidate.objects.filter(name="Khoa Sửa Lỗi").count() == 1


def test_without_a_token_each_form_records(client_for):
    """An older page, or a script posting the form: not held back (nothing to tell repeats by)."""
    client = client_for("officer_a")
    for _ in range(2):
        assert client.post(URL, _values("Khoa Không Mã")).status_code == 302
    assert Candidate.objects.filter(name="Khoa Không Mã").count() == 2


def test_a_token_is_the_senders_alone(client_for, personas):
    token = _token(client_for("officer_a"))
    assert client_for("officer_a").post(URL, _values("Khoa Của A", once=token)).status_code == 302
    # The same token from another editor of the unit's candidates is another form.
    other = client_for("lc_admin")
    assert other.post(URL, _values("Khoa Của B", once=token)).status_code == 302
    assert Candidate.objects.filter(name="Khoa Của B").count() == 1


def test_a_failed_save_frees_the_token(client_for, monkeypatch):
    client = client_for("officer_a")
    token = _token(client)
    real = cand_domain.create_candidate

    def failing(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(cand_domain, "create_candidate", failing)
    with pytest.raises(RuntimeError):
        client.post(URL, _values("Khoa Thử Lại", once=token))
    monkeypatch.setattr(cand_domain, "create_candidate", real)
    assert client.post(URL, _values("Khoa Thử Lại", once=token)).status_code == 302
    assert Candidate.objects.filter(name="Khoa Thử Lại").count() == 1
