"""Problems found while importing: each names the sheet or table, the row and the column."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass
class Problem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self):
        if self.row is not None and self.column:
            return _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        if self.sheet:
            return _("Sheet “%(sheet)s”: %(message)s") % {
                "sheet": self.sheet,
                "message": self.message,
            }
        return self.message


class ImportRejected(Exception):
    """The file cannot be imported; `problems` says every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
