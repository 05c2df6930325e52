"""Files crossing the boundary: what an upload really is, and spreadsheet cells safe to open."""

import decimal

# A spreadsheet runs a cell starting with one of these as a formula ("formula injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # legacy Office or an encrypted OOXML file
)


def sniff(head: bytes) -> str | None:
    """The kind of file its first bytes show (pdf, png, jpeg, zip, ole), never its name."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def safe_cell(value: object) -> str:
    """Text for a spreadsheet cell that no program will run as a formula (leading quote mark)."""
    if isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool):
        return str(value)  # a number, even a negative one, is data, not a formula
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
