"""Who may export, import and read the summary. Documents read the domain's own rules: a unit's
form is downloaded by its record keepers and imported by its editors (importing is editing,
`registrations.permissions.may_import`); the program's summary is for its standing agency.
Signing: the unit's head signs its form, the standing agency the program's documents."""

from dienhinh.honours import permissions as honours_permissions
from dienhinh.orgs import queries
from dienhinh.orgs.roles import ADMINISTRATORS, HEADS, STANDING, UNIT
from dienhinh.registrations import permissions as registrations


def may_export(user, org, program) -> bool:
    """Download the unit's registration form (DOCX, PDF, XLSX)."""
    return registrations.may_export(user, org, program)


def may_import(user, org, program) -> bool:
    """Import a filled-in registration file for the unit: those who may use the web form."""
    return registrations.may_import(user, org, program)


def may_read_summary(user, program) -> bool:
    """The summary across units of the program: its standing agency."""
    return registrations.may_oversee(user, program)


def may_sign_form(user, org) -> bool:
    """Sign the unit's registration form with the unit's key: its head (thủ trưởng)."""
    return queries.covers(user, org, HEADS)


def may_upload_signed(user, org) -> bool:
    """Upload a PDF signed elsewhere (the signed form, or evidence): the unit's officer and head,
    and the administrators covering it."""
    return queries.covers(user, org, UNIT + ADMINISTRATORS)


# Signing the minutes, review reports and decisions is the honours app's rule (its pages offer
# the button).
may_sign_program_documents = honours_permissions.may_sign_program_documents


def may_print_certificates(user, program) -> bool:
    """Print all certificates of a decision (official layout or on blanks): the standing agency."""
    return queries.covers(user, program.organisation, STANDING)
