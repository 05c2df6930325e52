"""Signed files on the form page: the head signs, the standing agency sees the badge; PDFs signed
elsewhere are uploaded, checked and verified; a changed byte turns the badge red."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dienhinh.core.audit import AuditEntry
from dienhinh.documents.models import SignedFile

LC = "lai-chau-2533"


def _form_url(org="LC-SYT"):
    return reverse("documents:form", args=[LC, org]) + "?year=2024"


def _sign(client):
    return client.post(reverse("documents:form_sign", args=[LC, "LC-SYT"]), {"year": "2024"})


def _upload(client, data, name="ky-so.pdf", kind="signed_form"):
    return client.post(
        reverse("documents:signed_upload", args=[LC, "LC-SYT"]),
        {"year": "2024", "kind": kind, "file": SimpleUploadedFile(name, data)},
    )


@pytest.fixture
def signed(client_for, filled, demo_keys):
    """The head of unit A signed the form for 2024 on the form page."""
    assert _sign(client_for("head_a")).status_code == 302
    return SignedFile.objects.get(organisation__code="LC-SYT", year=2024)


def test_head_signs_and_standing_sees_it_verified(signed, client_for):
    assert signed.origin == "produced" and signed.kind == "signed_form"
    assert signed.verdict["trusted"] and signed.verdict["signer"] == "Hoàng Văn Thắng"
    page = client_for("standing").get(_form_url()).content.decode()
    assert "badge--green" in page and "Chữ ký hợp lệ" in page
    assert "Hoàng Văn Thắng" in page
    entry = AuditEntry.objects.filter(action="signed_file.add").latest("id")
    assert entry.actor_name == "Hoàng Văn Thắng"
    download = client_for("standing").get(reverse("documents:signed_download", args=[signed.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_badge_in_english(signed, client_for):
    client = client_for("standing")
    client.cookies["django_language"] = "en"
    page = client.get(_form_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Signature valid" in page or "Chữ ký hợp lệ" in page


def test_officer_may_not_sign(client_for, filled, demo_keys):
    assert _sign(client_for("officer_a")).status_code == 404
    assert not SignedFile.objects.exists()


def test_uploaded_signed_pdf_is_verified(signed, client_for):
    data = signed.file.open("rb").read()
    response = _upload(client_for("officer_a"), data, kind="evidence")
    assert response.status_code == 302
    uploaded = SignedFile.objects.get(origin="uploaded")
    assert uploaded.kind == "evidence"
    assert uploaded.verdict["intact"] and uploaded.verdict["trusted"]


def test_a_changed_byte_turns_the_badge_red(signed, client_for):
    data = bytearray(signed.file.open("rb").read())
    at = data.find(b"/Contents <") - 200
    data[at] = ord("A") if data[at] != ord("A") else ord("B")
    _upload(client_for("officer_a"), bytes(data), name="sua.pdf")
    changed = SignedFile.objects.get(origin="uploaded")
    assert changed.verdict["intact"] is False
    page = client_for("standing").get(_form_url()).content.decode()
    assert "badge--red" in page
    assert "Tệp đã bị thay đổi sau khi ký." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp không có dữ liệu."),
        (b"PK\x03\x04 not a pdf %%EOF", "không phải là tệp PDF"),
    ],
)
def test_not_a_pdf_is_refused_with_a_message(client_for, filled, demo_keys, data, message):
    client = client_for("officer_a")
    response = _upload(client, data, name="gia.pdf")
    assert response.status_code == 302
    assert not SignedFile.objects.exists()
    page = client.get(_form_url()).content.decode()
    assert message in page


def test_too_large_is_refused(client_for, filled, demo_keys, settings):
    settings.DIENHINH = {
        **settings.DIENHINH,
        "SIGNING": {**settings.DIENHINH["SIGNING"], "MAX_UPLOAD_BYTES": 100},
    }
    client = client_for("officer_a")
    _upload(client, b"%PDF-1.7\n" + b"x" * 200 + b"\n%%EOF")
    assert not SignedFile.objects.exists()
    assert "giới hạn" in client.get(_form_url()).content.decode()


def test_other_unit_may_not_upload(client_for, filled, demo_keys):
    assert _upload(client_for("officer_b"), b"%PDF-1.7\n%%EOF").status_code == 404


def test_registration_page_leads_the_head_to_signing(client_for, filled, demo_keys):
    """The head may not import, yet reaches the form page (where the signing button is) from the
    registration page; the officer's link there is the import."""
    from dienhinh.registrations.models import Registration

    registration = Registration.objects.get(organisation__code="LC-SYT", year=2024)
    page_url = reverse("registrations:registration_detail", args=[registration.pk])
    head = client_for("head_a")
    page = head.get(page_url).content.decode()
    assert _form_url() in page and "Biểu đăng ký và minh chứng đã ký số" in page
    assert "Ký số biểu đăng ký" in head.get(_form_url()).content.decode()
    officer_page = client_for("officer_a").get(page_url).content.decode()
    assert _form_url() in officer_page and "Nhập biểu đã điền" in officer_page
