"""A program may require the signed form before the unit head approves a registration
(`Program.approval_requires_signed_form`, issue 16): signed in the product, or uploaded as a
PDF whose signature is verified; otherwise the approval is refused with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dienhinh.documents.models import SignedFile
from dienhinh.programs.domain import editing
from dienhinh.registrations.domain.workflow import TransitionError, transition
from dienhinh.registrations.enums import RegistrationStatus as S
from dienhinh.registrations.models import Registration

LC = "lai-chau-2533"


@pytest.fixture
def awaiting(filled, personas, lc, demo_keys):
    """Unit A's 2024 registration waiting for its head, in a program that requires the
    signed form."""
    editing.update_program(lc, actor=personas["standing"], approval_requires_signed_form=True)
    registration = Registration.objects.get(organisation__code="LC-SYT", year=2024)
    return transition(registration, "request_approval", actor=personas["officer_a"])


def _approve(client, registration):
    return client.post(
        reverse("registrations:registration_transition", args=[registration.pk]),
        {"action": "approve", "version": registration.version},
        follow=True,
    )


def _sign(client):
    return client.post(reverse("documents:form_sign", args=[LC, "LC-SYT"]), {"year": "2024"})


def _upload(client, data, name="ky-so.pdf"):
    return client.post(
        reverse("documents:signed_upload", args=[LC, "LC-SYT"]),
        {"year": "2024", "kind": "signed_form", "file": SimpleUploadedFile(name, data)},
    )


def test_without_a_signed_form_the_approval_is_refused_with_a_message(awaiting, client_for):
    page = _approve(client_for("head_a"), awaiting).content.decode()
    assert "yêu cầu biểu đăng ký đã ký số" in page
    awaiting.refresh_from_db()
    assert awaiting.status == S.AWAITING_APPROVAL and awaiting.approved_by is None


def test_signed_in_the_product_the_head_approves(awaiting, client_for, personas):
    head = client_for("head_a")
    page_url = reverse("registrations:registration_detail", args=[awaiting.pk])
    before = head.get(page_url).content.decode()
    assert 'id="signed-form"' in before and "Chưa ký số" in before
    assert _sign(head).status_code == 302
    after = client_for("standing").get(page_url).content.decode()
    panel = after[
        after.index('id="signed-form"') : after.index("</details>", after.index('id="signed-form"'))
    ]
    assert "Chữ ký hợp lệ" in panel and "Hoàng Văn Thắng" in panel
    _approve(head, awaiting)
    awaiting.refresh_from_db()
    assert awaiting.status == S.SUBMITTED and awaiting.approved_by == personas["head_a"]


def test_an_uploaded_pdf_with_a_valid_signature_counts(awaiting, client_for, personas):
    _sign(client_for("head_a"))
    produced = SignedFile.objects.get()
    data = produced.file.open("rb").read()
    produced.delete()  # only the copy signed elsewhere and uploaded remains
    _upload(client_for("officer_a"), data)
    assert SignedFile.objects.get().verdict["trusted"]
    transition(awaiting, "approve", actor=personas["head_a"])
    awaiting.refresh_from_db()
    assert awaiting.status == S.SUBMITTED


def test_an_uploaded_pdf_changed_after_signing_does_not_count(awaiting, client_for, personas):
    _sign(client_for("head_a"))
    produced = SignedFile.objects.get()
    data = bytearray(produced.file.open("rb").read())
    produced.delete()
    at = data.find(b"/Contents <") - 200
    data[at] = ord("A") if data[at] != ord("A") else ord("B")
    _upload(client_for("officer_a"), bytes(data), name="sua.pdf")
    assert SignedFile.objects.get().verdict["intact"] is False
    with pytest.raises(TransitionError, match="chưa được xác minh"):
        transition(awaiting, "approve", actor=personas["head_a"])
    awaiting.refresh_from_db()
    assert awaiting.status == S.AWAITING_APPROVAL


def test_an_unsigned_form_of_another_year_does_not_count(awaiting, client_for, personas):
    client_for("head_a").post(reverse("documents:form_sign", args=[LC, "LC-SYT"]), {"year": "2025"})
    with pytest.raises(TransitionError):
        transition(awaiting, "approve", actor=personas["head_a"])


def test_without_the_setting_no_signed_form_is_needed(filled, personas, lc):
    assert lc.approval_requires_signed_form is False
    registration = Registration.objects.get(organisation__code="LC-SYT", year=2024)
    transition(registration, "request_approval", actor=personas["officer_a"])
    transition(registration, "approve", actor=personas["head_a"])
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED


def test_the_program_page_says_the_head_needs_the_signed_form(awaiting, client_for):
    page = client_for("officer_a").get(reverse("programs:detail", args=[LC])).content.decode()
    assert 'id="approval-signed-form"' in page and "đã ký số" in page
