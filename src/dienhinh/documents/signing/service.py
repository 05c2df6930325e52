"""Signing the product's documents: which key signs what, and the demo signers of `make run`."""

from __future__ import annotations

from dienhinh.documents.model import Document
from dienhinh.documents.render.pdf import render_signable
from dienhinh.documents.signing.demo import DemoSigner
from dienhinh.documents.signing.keys import KeySource, SigningError, key_for
from dienhinh.documents.signing.sign import SignerInfo, sign_pdf
from dienhinh.orgs.enums import Role
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.programs.models import Program

__all__ = ["SigningError", "demo_signers", "sign_document", "signer_info"]


def signer_info(key: KeySource, *, reason: str = "", location: str = "") -> SignerInfo:
    """Name, title and organisation as the signing certificate states them."""
    cert = key.signer().signing_cert
    subject = cert.subject.native
    return SignerInfo(
        name=subject.get("common_name", ""),
        title=subject.get("title", ""),
        organisation=subject.get("organization_name", ""),
        reason=reason,
        location=location,
    )


def sign_document(
    doc: Document, org: Organisation, *, inherit: bool = True, reason: str = ""
) -> bytes:
    """The document as a PAdES-signed PDF with its visible block, signed with the key of `org`
    (or of its nearest ancestor with one, when `inherit`). SigningError when there is no key."""
    key = key_for(org, inherit=inherit)
    info = signer_info(key, reason=reason, location=doc.header.place_date.split(",")[0])
    data, where = render_signable(doc)
    return sign_pdf(data, key, info, where)


def demo_signers() -> list[DemoSigner]:
    """Every unit head of the demo (their unit's key) and every program's issuer."""
    signers: dict[str, DemoSigner] = {}
    heads = (
        Membership.objects.current()
        .filter(role=Role.UNIT_HEAD)
        .select_related("user", "organisation")
        .order_by("organisation__code", "id")
    )
    for m in heads:
        name = m.user.get_full_name() or m.user.get_username()
        signers.setdefault(
            m.organisation.code,
            DemoSigner(
                m.organisation.code, name, m.title or "Thủ trưởng đơn vị", m.organisation.name
            ),
        )
    for program in Program.objects.select_related("organisation"):
        org = program.organisation
        title = (program.signer_title or "").splitlines()
        signers.setdefault(
            org.code,
            DemoSigner(
                org.code, program.signer_name or org.name, title[-1] if title else "", org.name
            ),
        )
    return list(signers.values())
