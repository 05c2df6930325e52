"""Who may export, import and read the summary. Documents read the domain's own rules: a unit's
form is downloaded by its record keepers and imported by its editors (importing is editing,
`registrations.permissions.may_import`); the program's summary is for its standing agency."""

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
