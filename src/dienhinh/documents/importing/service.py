"""Import a filled form: check the file, parse, validate, then save in one transaction (or not at all)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dienhinh.core.errors import require
from dienhinh.documents import permissions
from dienhinh.documents.importing import checks, parse, sandbox, validate
from dienhinh.documents.importing.matching import Match
from dienhinh.documents.importing.problems import ImportRejected, Problem
from dienhinh.documents.importing.save import NeedsConfirmation, Saved, check_target, save_rows
from dienhinh.documents.sources import CandidateRow


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: list[CandidateRow] = field(default_factory=list)
    saved: Saved | None = None
    dry_run: bool = False
    # Rows that may be people the unit registered before: the officer confirms or marks new.
    matches: list[Match] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.ok:
            return _("%(n)s problem(s) found; nothing was imported.") % {"n": len(self.problems)}
        if self.matches and not self.dry_run:
            return _(
                "%(n)s row(s) may be candidates the unit registered before: say for each whether "
                "it is the same one or a new one; nothing was imported yet."
            ) % {"n": len(self.matches)}
        if self.saved is None:
            return _("The file is valid: %(n)s row(s) would be imported.") % {"n": len(self.rows)}
        return _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": self.saved.created,
            "updated": self.saved.updated,
            "unchanged": self.saved.unchanged,
        }


def _none(_percent: int) -> None:
    return None


def read_rows(data: bytes, fields, subject_types, progress=_none) -> Report:
    """Check and parse the file into candidate rows; no database, nothing written.

    Runs the cheap checks (`checks.screen`, `checks.inspect`) before any parser opens the file.
    `progress(percent)` is told how far it got.
    """
    report = Report()
    try:
        screened = checks.screen(data)
        report.warnings.extend(screened.warnings)
        checks.inspect(data, screened.kind)
        progress(30)
        parser = parse.parse_xlsx if screened.kind == "xlsx" else parse.parse_docx
        raw_rows = parser(data, report.problems, report.warnings)
    except ImportRejected as exc:
        report.problems.extend(exc.problems)
        return report
    progress(70)
    checked = validate.check_rows(raw_rows, fields, subject_types)
    report.problems.extend(checked.problems)
    report.warnings.extend(checked.warnings)
    report.rows = [row for _raw, row in checked.rows]
    progress(90)
    return report


def read(data: bytes, program) -> Report:
    """Check and parse the file into candidate rows, in this process; nothing is written."""
    return read_rows(data, list(program.fields.all()), program.subject_types)


def read_isolated(data: bytes, program, *, progress=None, heartbeat=None) -> Report:
    """`read` in a child process under the operating system's memory and time limits."""
    fields = list(program.fields.all())  # read here: the child never touches the database
    try:
        return sandbox.run(
            read_rows,
            data,
            fields,
            list(program.subject_types),
            limits=sandbox.Limits.from_settings(),
            on_progress=progress,
            on_tick=heartbeat,
        )
    except sandbox.LimitExceeded as exc:
        return Report(problems=[Problem(exc.message)])


def import_file(
    data: bytes,
    *,
    program,
    organisation,
    year: int,
    actor,
    dry_run=False,
    isolated=False,
    progress=None,
    heartbeat=None,
    decisions=None,
) -> Report:
    """Read the file (in a limited child process when `isolated`), then save its rows unless
    it is a dry run or has problems. The actor must be one who may edit the unit's registration
    (`permissions.may_import`): NotVisible for an outsider, NotPermitted for another role, before
    anything is read."""
    require(
        permissions.may_import(actor, organisation, program),
        visible=permissions.may_export(actor, organisation, program),
        message=_("You may not import registrations of %(unit)s.") % {"unit": organisation.name},
    )
    if isolated:
        report = read_isolated(data, program, progress=progress, heartbeat=heartbeat)
    else:
        report = read(data, program)
    report.dry_run = dry_run
    target = {"program": program, "organisation": organisation, "year": year}
    if dry_run:
        # The same checks as the real import, so a valid check means the import will pass.
        problems, report.matches = check_target(rows=report.rows, decisions=decisions, **target)
        report.problems.extend(problems)
    elif report.ok:
        try:
            report.saved = save_rows(rows=report.rows, actor=actor, decisions=decisions, **target)
        except ImportRejected as exc:
            report.problems.extend(exc.problems)
        except NeedsConfirmation as exc:
            report.matches = exc.matches
    return report
