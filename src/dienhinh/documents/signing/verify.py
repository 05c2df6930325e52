"""Validation of a signed PDF: integrity, signer, signing time, the chain to the configured trust
roots, revocation when it can be fetched. The verdict is plain data, stored beside uploads and
printed by `manage.py verify_pdf`."""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy as _

from dienhinh.documents.signing.keys import config, trust_roots

logger = logging.getLogger(__name__)

# Problems, by code: the badge and the JSON name them; the page words them in the reader's language.
PROBLEMS = {
    "unsigned": _("The file carries no digital signature."),
    "unreadable": _("The file is not a readable PDF."),
    "modified": _("The file was changed after it was signed."),
    "not_covering": _("The signature does not cover the whole file (pages were added after it)."),
    "untrusted": _("The signer's certificate does not lead to a trusted root."),
    "revoked": _("The signer's certificate has been revoked."),
    "expired": _("The signer's certificate was not valid at the signing time."),
    "no_time": _("The signature carries no signing time."),
}


@dataclass
class Verdict:
    signed: bool = False
    intact: bool = False
    trusted: bool = False
    signer: str = ""
    signer_organisation: str = ""
    signed_at: str = ""  # ISO 8601
    signatures: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.trusted

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Verdict:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)

    def problem_texts(self) -> list[str]:
        return [str(PROBLEMS.get(code, code)) for code in self.problems]


def _name_attr(cert, attr: str) -> str:
    try:
        return str(cert.subject.native.get(attr, "") or "")
    except Exception:
        return ""


def verify_pdf(data: bytes) -> Verdict:
    """The verdict on `data`; the last signature speaks for the document, the others must be
    intact too."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    verdict = Verdict()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as exc:
        logger.info("Unreadable PDF: %s", exc)
        verdict.problems.append("unreadable")
        return verdict
    verdict.signatures = len(sigs)
    if not sigs:
        verdict.problems.append("unsigned")
        return verdict
    verdict.signed = True
    fetch = bool(config()["FETCH_REVOCATION"])
    context = ValidationContext(
        trust_roots=trust_roots(),
        allow_fetching=fetch,
        revocation_mode="soft-fail",
    )
    verdict.intact = True
    verdict.trusted = True
    problems: set[str] = set()
    for sig in sigs:
        try:
            status = validate_pdf_signature(sig, context)
        except Exception as exc:  # a broken signature dictionary or CMS blob
            logger.info("Signature could not be validated: %s", exc)
            verdict.intact = verdict.trusted = False
            problems.add("modified")
            continue
        if not (status.intact and status.valid):
            verdict.intact = False
            problems.add("modified")
        if not status.trusted:
            verdict.trusted = False
            problems.add("revoked" if status.revoked else "untrusted")
        if status.coverage is not None and status.coverage.name not in (
            "ENTIRE_FILE",
            "ENTIRE_REVISION",
        ):
            verdict.intact = False
            problems.add("not_covering")
        cert = status.signing_cert
        verdict.signer = _name_attr(cert, "common_name")
        verdict.signer_organisation = _name_attr(cert, "organization_name")
        when = status.signer_reported_dt or (
            status.timestamp_validity.timestamp if status.timestamp_validity else None
        )
        verdict.signed_at = when.isoformat() if when else ""
        if when is None:
            problems.add("no_time")
    # The last signature must cover the whole file: nothing appended after it.
    last = sigs[-1]
    try:
        from pyhanko.sign.validation import SignatureCoverageLevel

        if last.evaluate_signature_coverage() < SignatureCoverageLevel.ENTIRE_FILE:
            verdict.intact = False
            problems.add("not_covering")
    except Exception:
        verdict.intact = False
        problems.add("modified")
    verdict.problems = sorted(problems)
    return verdict
