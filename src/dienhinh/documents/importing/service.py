"""Import a filled form: check the file, parse, validate, then save in one transaction (or not at all)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dienhinh.documents.importing import checks, parse, validate
from dienhinh.documents.importing.problems import ImportRejected, Problem
from dienhinh.documents.importing.save import Saved, check_target, save_rows
from dienhinh.documents.sources import CandidateRow


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: list[CandidateRow] = field(default_factory=list)
    saved: Saved | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.ok:
            return _("%(n)s problem(s) found; nothing was imported.") % {"n": len(self.problems)}
        if self.saved is None:
            return _("The file is valid: %(n)s row(s) would be imported.") % {"n": len(self.rows)}
        return _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": self.saved.created,
            "updated": self.saved.updated,
            "unchanged": self.saved.unchanged,
        }


def read(data: bytes, program) -> Report:
    """Check and parse the file into candidate rows; nothing is written."""
    report = Report()
    try:
        kind = checks.sniff(data)
        parser = parse.parse_xlsx if kind == "xlsx" else parse.parse_docx
        raw_rows = parser(data, report.problems)
    except ImportRejected as exc:
        report.problems.extend(exc.problems)
        return report
    checked = validate.check_rows(raw_rows, list(program.fields.all()), program.subject_types)
    report.problems.extend(checked.problems)
    report.warnings.extend(checked.warnings)
    report.rows = [row for _raw, row in checked.rows]
    return report


def count_rows(data: bytes) -> int:
    """How many rows the file holds before validation (0 when it cannot be read)."""
    try:
        kind = checks.sniff(data)
        parser = parse.parse_xlsx if kind == "xlsx" else parse.parse_docx
        return len(parser(data, []))
    except ImportRejected:
        return 0


def import_file(data: bytes, *, program, organisation, year: int, actor, dry_run=False) -> Report:
    report = read(data, program)
    report.dry_run = dry_run
    target = {"program": program, "organisation": organisation, "year": year}
    if dry_run:
        # The same checks as the real import, so a valid check means the import will pass.
        report.problems.extend(check_target(**target))
    elif report.ok:
        try:
            report.saved = save_rows(rows=report.rows, actor=actor, **target)
        except ImportRejected as exc:
            report.problems.extend(exc.problems)
    return report
