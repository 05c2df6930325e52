"""Signed files of a unit: the form signed here, PDFs signed elsewhere uploaded as the signed form
or as evidence. Each is checked (size, a real PDF), verified in a child process under limits, and
kept with its verdict; every addition is audited."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.errors import DomainError, NotPermitted
from dienhinh.documents import permissions
from dienhinh.documents.forms.registration import build_registration_form
from dienhinh.documents.importing import sandbox
from dienhinh.documents.models import SignedFile
from dienhinh.documents.signing.keys import config
from dienhinh.documents.signing.service import sign_document
from dienhinh.documents.signing.verify import Verdict, verify_pdf
from dienhinh.documents.sources import registration_form_data

MB = 1024 * 1024


class UploadRejected(DomainError):
    """The upload is not a PDF, is empty or too large: nothing was kept."""


def check_pdf(data: bytes) -> None:
    """A PDF by its content, not its name, within the size limit; UploadRejected otherwise."""
    limit = int(config()["MAX_UPLOAD_BYTES"])
    if not data:
        raise UploadRejected(_("The file is empty."))
    if len(data) > limit:
        raise UploadRejected(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(data) / MB, 1), "limit": round(limit / MB, 1)}
        )
    if not data[:1024].lstrip().startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise UploadRejected(
            _("The file is not a PDF (it should start with %PDF and end with %%EOF).")
        )


def _verify_in_child(data: bytes, progress=None) -> dict:
    return verify_pdf(data).as_dict()


def verify_isolated(data: bytes) -> Verdict:
    """verify_pdf in a child process under the import limits: a hostile file cannot take the
    server down; a file that breaks the limits is simply not verified."""
    try:
        result = sandbox.run(_verify_in_child, data, limits=sandbox.Limits.from_settings())
    except (sandbox.LimitExceeded, RuntimeError):
        return Verdict(problems=["unreadable"])
    return Verdict.from_dict(result)


def add_signed_file(
    *, actor, program, organisation, year: int, kind: str, data: bytes, filename: str,
    origin: str = SignedFile.Origin.UPLOADED,
) -> SignedFile:  # fmt: skip
    """Check, verify and keep a signed PDF of the unit.

    Raises NotPermitted unless permissions.may_upload_signed; UploadRejected for a file that is
    not a PDF or too large. Side effects: the file under MEDIA_ROOT/documents/signed/, an audit
    entry "signed_file.add" with the verdict's outcome.
    """
    if origin == SignedFile.Origin.UPLOADED and not permissions.may_upload_signed(
        actor, organisation
    ):
        raise NotPermitted(_("You may not upload signed files for this unit."))
    if kind not in SignedFile.Kind.values:
        raise UploadRejected(_("Choose what the file is: the signed form or evidence."))
    check_pdf(data)
    verdict = verify_isolated(data)
    name = (filename or "signed.pdf").rsplit("/", 1)[-1][:190]
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    with transaction.atomic():
        signed = SignedFile(
            program=program,
            organisation=organisation,
            year=year,
            kind=kind,
            origin=origin,
            filename=name,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            verdict=verdict.as_dict(),
            verified_at=timezone.now(),
            added_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        signed.file.save("signed.pdf", ContentFile(data), save=False)
        signed.save()
        audit.record(
            "signed_file.add",
            signed,
            actor=actor,
            after={
                "kind": kind,
                "origin": origin,
                "file": name,
                "sha256": signed.sha256,
                "intact": verdict.intact,
                "trusted": verdict.trusted,
                "signer": verdict.signer,
            },
        )
    return signed


def sign_form(*, actor, program, organisation, year: int) -> SignedFile:
    """The unit head signs the unit's registration form with the unit's key; the signed PDF is
    kept (and verified) as the unit's signed form. NotPermitted unless may_sign_form;
    SigningError when the unit has no key."""
    if not permissions.may_sign_form(actor, organisation):
        raise NotPermitted(_("Only the unit's head signs its registration form."))
    with translation.override("vi"):
        doc = build_registration_form(registration_form_data(program, organisation, year))
    data = sign_document(doc, organisation, inherit=False, reason=doc.title)
    return add_signed_file(
        actor=actor,
        program=program,
        organisation=organisation,
        year=year,
        kind=SignedFile.Kind.SIGNED_FORM,
        data=data,
        filename=f"{doc.filename}-signed.pdf",
        origin=SignedFile.Origin.PRODUCED,
    )
