"""The signed form a program may require before the unit head approves a registration
(`Program.approval_requires_signed_form`): checked by the registrations workflow, to which the
documents app adds `signed_form_problem` when it starts (it keeps the signed files)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from dienhinh.documents.models import SignedFile
from dienhinh.documents.signing.verify import Verdict


def has_signed_form(program, organisation, year: int) -> bool:
    """The unit's form for the year is signed: signed in the product, or uploaded as a PDF
    whose signature was verified (intact, by a trusted signer)."""
    files = SignedFile.objects.filter(
        program=program, organisation=organisation, year=year, kind=SignedFile.Kind.SIGNED_FORM
    ).only("origin", "verdict")
    return any(
        f.origin == SignedFile.Origin.PRODUCED or Verdict.from_dict(f.verdict or {}).ok
        for f in files
    )


def signed_form_problem(registration) -> str:
    """What the head's approval lacks ("" when nothing)."""
    program = registration.program
    if not program.approval_requires_signed_form:
        return ""
    if has_signed_form(program, registration.organisation, registration.year):
        return ""
    return _(
        "This program requires the registration form signed before the head approves it: sign "
        "the form in the system (the form page) or upload the form as a PDF with a valid "
        "signature. A file whose signature is not verified does not count."
    )


def registration_signed_panel(user, registration) -> str:
    """The registration page's line on its signed form: the latest one with its badge, or,
    where the program requires it, that none is there yet. The page's reader sees the unit,
    hence its form page."""
    signed = (
        SignedFile.objects.filter(
            program_id=registration.program_id,
            organisation_id=registration.organisation_id,
            year=registration.year,
            kind=SignedFile.Kind.SIGNED_FORM,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if signed is None and not registration.program.approval_requires_signed_form:
        return ""
    return render_to_string(
        "documents/_registration_signed.html", {"signed": signed, "registration": registration}
    )
