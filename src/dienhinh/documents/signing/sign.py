"""PAdES signing with pyHanko: a visible signature block at a given box, the signing time inside
the signed attributes, the chain embedded so a reader can validate offline."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone

from dienhinh.documents.render.pdf import SignatureBox
from dienhinh.documents.signing.appearance import block_image
from dienhinh.documents.signing.keys import KeySource

FIELD_NAME = "Signature1"


@dataclass(frozen=True)
class SignerInfo:
    """What the visible block says: who signs, as what, for which organisation."""

    name: str
    title: str
    organisation: str
    reason: str = ""
    location: str = ""


def signed_at_text(when) -> str:
    local = timezone.localtime(when)
    return f"Ký số lúc {local:%H:%M} ngày {local:%d/%m/%Y}"


def sign_pdf(
    data: bytes, key: KeySource, info: SignerInfo, where: SignatureBox | None = None
) -> bytes:
    """`data` signed by `key`; with `where`, the visible block (signature, seal, name, title,
    time) is drawn there, else the signature is invisible."""
    from pyhanko.pdf_utils import images
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle

    signer = key.signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    field = FIELD_NAME
    existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    n = 1
    while field in existing:
        n += 1
        field = f"Signature{n}"
    stamp_style = None
    if where is not None:
        fields.append_signature_field(
            writer, fields.SigFieldSpec(field, on_page=where.page, box=where.box)
        )
        picture = block_image(
            name=info.name,
            title=info.title,
            organisation=info.organisation,
            signed_at=signed_at_text(timezone.now()),
        )
        stamp_style = StaticStampStyle(
            background=images.PdfImage(picture), background_opacity=1, border_width=0
        )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        reason=info.reason or None,
        location=info.location or None,
        name=info.name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=stamp_style)
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()
