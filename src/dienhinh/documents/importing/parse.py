"""Read the tables of a filled form (XLSX sheets or DOCX tables) into plain rows, nothing else."""

from dienhinh.documents.importing import docx, layout, xlsx
from dienhinh.documents.importing.layout import RawRow
from dienhinh.documents.importing.problems import Problem

MAX_ROWS = 2000  # rows of candidates a file may hold

__all__ = ["MAX_ROWS", "RawRow", "parse_docx", "parse_xlsx"]


def parse_xlsx(data: bytes, problems: list[Problem], warnings=None) -> list[RawRow]:
    lines = xlsx.read_lines(data, warnings if warnings is not None else [])
    return layout.collect(lines, problems, MAX_ROWS)


def parse_docx(data: bytes, problems: list[Problem], warnings=None) -> list[RawRow]:
    lines = docx.read_lines(data, warnings if warnings is not None else [])
    return layout.collect(lines, problems, MAX_ROWS)
