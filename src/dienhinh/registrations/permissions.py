"""Who may do what with candidates, evidence and registrations.

- Record keepers (unit officers and heads, the standing agency, administrators) read the
  candidates, registrations and exemplars of the units they cover.
- Editors (unit officers and administrators) write candidates, their facts and evidence, and
  a registration's entries while it is editable, through the web form or an imported file
  alike: importing is editing.
- The workflow's moves (ask for approval, approve, accept, return...) are in
  `registrations.domain.workflow.WORKFLOW`; `may_move` asks it.
- The standing agency of a program's organisation oversees it (summary, all units' quotas).
- A unit formed from others (the communes of 01/07/2025) reads, without changing them, the
  candidates and registrations of the units it was formed from (`may_read_unit`, `read_q`):
  registrations stay with the unit that sent them, and its successors carry on its work.

A role covers its organisation's subtree (`orgs.queries`). Domain functions call these
predicates and raise `core.errors.NotVisible` / `NotPermitted`; views only ask.
"""

from django.db.models import Q, QuerySet

from dienhinh.orgs.models import Organisation
from dienhinh.orgs.queries import covers, has_role, inherited_roots, scope_q, scope_roots
from dienhinh.orgs.roles import EDITORS, HEADS, RECORD_KEEPERS, STANDING
from dienhinh.registrations.domain import workflow
from dienhinh.registrations.enums import EDITABLE_STATUSES


def may_keep_records(user) -> bool:
    """The pages of unit records exist for those who hold a record-keeping role somewhere."""
    return has_role(user, *RECORD_KEEPERS)


def record_roots(user) -> list[str] | None:
    """Paths of the subtrees whose records the user reads (None: everything)."""
    return scope_roots(user, RECORD_KEEPERS)


def editing_roots(user) -> list[str] | None:
    """Paths of the subtrees whose records the user writes (None: everything)."""
    return scope_roots(user, EDITORS)


def predecessor_roots(user) -> list[str]:
    """Paths of the units the user's units were formed from, whose records the user reads only."""
    return inherited_roots(user, RECORD_KEEPERS)


def may_read_unit(user, org: Organisation) -> bool:
    """Read a unit's candidates, registrations and exemplars: the units the user covers, and the
    units those were formed from (read only: nothing else grants a change through this)."""
    return covers(user, org, RECORD_KEEPERS) or any(
        org.path.startswith(root) for root in predecessor_roots(user)
    )


def read_q(user, field: str = "organisation") -> Q:
    """A filter on `field` (a foreign key to Organisation) for the records `may_read_unit` lets
    the user read."""
    q = scope_q(user, field, RECORD_KEEPERS)
    for root in predecessor_roots(user):
        q |= Q(**{f"{field}__path__startswith": root})
    return q


def may_edit_unit(user, org: Organisation) -> bool:
    """Write a unit's candidates, facts, evidence and registration entries."""
    return covers(user, org, EDITORS)


def _in_program(org: Organisation, program) -> bool:
    return org.path.startswith(program.organisation.path)


def editable_units(user, program=None) -> QuerySet:
    """Active units (under the program, when given) whose records the user writes."""
    units = Organisation.objects.filter(scope_q(user, "", EDITORS), status="active")
    if program is not None:
        units = units.filter(path__startswith=program.organisation.path)
    return units.order_by("path")


def may_create_candidate(user, org: Organisation, program) -> bool:
    """Add a candidate of the unit to the program: an editor covering a unit the program
    applies to."""
    return _in_program(org, program) and may_edit_unit(user, org)


def may_edit_candidate(user, candidate) -> bool:
    """Change a candidate, its facts and its evidence."""
    return may_edit_unit(user, candidate.organisation)


def may_read_candidate(user, candidate) -> bool:
    return may_read_unit(user, candidate.organisation)


def may_attest(user, candidate) -> bool:
    """Attest or refuse a candidate's qualitative criteria: the standing agency covering it
    (the reviewer, not the unit that proposes the candidate)."""
    return covers(user, candidate.organisation, STANDING)


def may_create_registration(user, org: Organisation, program) -> bool:
    """Open a unit's registration for a program: its editors."""
    return _in_program(org, program) and may_edit_unit(user, org)


def may_edit_entries(user, registration) -> bool:
    """Choose a registration's candidates: its unit's editors, while the unit may still edit it."""
    return registration.status in EDITABLE_STATUSES and may_edit_unit(
        user, registration.organisation
    )


def may_read_registration(user, registration) -> bool:
    return may_read_unit(user, registration.organisation)


def may_import(user, org: Organisation, program) -> bool:
    """Import a registration file: the same people as the web form (importing is editing)."""
    return may_create_registration(user, org, program)


def may_export(user, org: Organisation, program) -> bool:
    """Download a unit's registration form: its record keepers (a successor reads a predecessor's
    registration on its page; the form is its predecessor's to export)."""
    return _in_program(org, program) and covers(user, org, RECORD_KEEPERS)


def may_move(user, registration, action: str) -> bool:
    """Make a workflow move now (the table of moves and who makes them: `workflow.WORKFLOW`)."""
    return workflow.WORKFLOW.may(user, registration, action)


def may_move_somewhere(user, action: str) -> bool:
    """Whether the user holds a role that makes this workflow move on some unit (the home page
    lists the registrations waiting for it)."""
    who = workflow.WORKFLOW[action].who
    return has_role(user, *who) if isinstance(who, tuple) else False


def may_oversee(user, program) -> bool:
    """The standing agency covering the program's organisation: the summary across units."""
    return covers(user, program.organisation, STANDING)


def may_correct_candidate(user, candidate) -> bool:
    """Change the record of a candidate accepted as an exemplar: the standing agency over its
    unit, with a reason (a correction renewing the frozen dossier); the unit's own people no
    longer may."""
    return covers(user, candidate.organisation, STANDING)


def may_freeze_dossiers(user, org: Organisation) -> bool:
    """Keep the dossiers of the unit's entries as they stand now: its head, who submits them
    (approval), and the standing agency covering it, which corrects an accepted one."""
    return covers(user, org, HEADS + STANDING)


def may_export_personal_data(user, candidate) -> bool:
    """Export everything held about one candidate (a person's request, Law 91/2025/QH15): the
    data subject's unit and the standing agency covering it."""
    return covers(user, candidate.organisation, RECORD_KEEPERS)


def may_erase_candidate(user, candidate) -> bool:
    """Erase a candidate's personal data (never honoured ones only, a rule of
    `domain.privacy`): the standing agency covering the unit."""
    return covers(user, candidate.organisation, STANDING)


def may_apply_retention(user) -> bool:
    """Erase the candidates whose retention period is over, everywhere: the operator's
    scheduled task (`core.actors.system`) and superusers."""
    return scope_roots(user, STANDING) is None
