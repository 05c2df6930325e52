"""Evidence files: the type is read from the content (magic bytes), never from the name."""

import zipfile
from typing import TypeAlias

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from dienhinh.core import audit, files
from dienhinh.core.actors import Actor, user_of
from dienhinh.registrations.domain import DomainError
from dienhinh.registrations.domain.candidates import check_change
from dienhinh.registrations.domain.dossiers import freeze
from dienhinh.registrations.enums import EvidenceKind
from dienhinh.registrations.models import Candidate, DossierKind, Evidence

#: A file sent by a browser or read by an import (its bytes, name and size).
Upload: TypeAlias = "UploadedFile[bytes]"

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
CONTENT_TYPES = {
    EvidenceKind.PDF: "application/pdf",
    EvidenceKind.PNG: "image/png",
    EvidenceKind.JPEG: "image/jpeg",
    EvidenceKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def max_bytes() -> int:
    return int(settings.DIENHINH.get("EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(upload: Upload) -> str | None:
    """The EvidenceKind the file's bytes show, or None when it is none of the accepted types."""
    upload.seek(0)
    kind = files.sniff(upload.read(16))
    upload.seek(0)
    if kind in (EvidenceKind.PDF, EvidenceKind.PNG, EvidenceKind.JPEG):
        return EvidenceKind(kind)
    if kind == "zip":
        # A DOCX is a ZIP holding word/document.xml; other ZIPs (xlsx, plain archives) are not.
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return EvidenceKind.DOCX
    return None


def check(upload: Upload) -> str:
    """The file's kind, or DomainError saying what is wrong with it."""
    size = upload.size or 0
    if size > max_bytes():
        raise DomainError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(size),
                "limit": filesizeformat(max_bytes()),
            }
        )
    kind = sniff(upload)
    if kind is None:
        raise DomainError(
            _("“%(name)s” is not a PDF, PNG, JPEG or Word (DOCX) file; its content says otherwise.")
            % {"name": upload.name}
        )
    return kind


@transaction.atomic
def add_evidence(
    candidate: Candidate,
    upload: Upload,
    *,
    actor: Actor,
    description: str = "",
    reason: str = "",
) -> Evidence:
    """Store an upload under a random name. Refused unless the actor may edit the candidate
    (`permissions.may_edit_candidate`) or, once accepted, it is the standing agency's
    correction with a reason. Side effects: file written, audit "evidence.add"."""
    accepted = check_change(actor, candidate, reason)
    kind = check(upload)
    evidence = Evidence(
        candidate=candidate,
        kind=kind,
        original_name=(upload.name or "")[:255],
        size=upload.size or 0,
        description=description,
        uploaded_by=user_of(actor),
    )
    evidence.file.save("upload", upload, save=False)
    evidence.save()
    audit.record(
        "evidence.add",
        candidate,
        actor=actor,
        after={"file": evidence.original_name, "kind": kind, "size": evidence.size},
        reason=reason.strip(),
    )
    if accepted:
        freeze(accepted, kind=DossierKind.CORRECTED, actor=actor, reason=reason.strip())
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, *, actor: Actor, reason: str = "") -> None:
    """Delete an evidence file (after commit), with the same refusals as `add_evidence`.
    Side effects: audit "evidence.remove"."""
    candidate = evidence.candidate
    accepted = check_change(actor, candidate, reason)
    name = evidence.original_name
    stored = evidence.file.name or ""
    evidence.delete()
    transaction.on_commit(lambda: evidence.file.storage.delete(stored))
    audit.record(
        "evidence.remove", candidate, actor=actor, before={"file": name}, reason=reason.strip()
    )
    if accepted:
        freeze(accepted, kind=DossierKind.CORRECTED, actor=actor, reason=reason.strip())
