"""Checks on an uploaded file before any parser opens it: type, sizes of every part, counts.

`screen` reads only the archive's directory (no decompression): cheap enough for the web request.
`inspect` decompresses the parts a parser would read, in chunks, and counts what they hold
(sheets, rows, cells, merged cells, tables): it runs in the isolated child, before parsing.
Python's zipfile never inflates a member beyond the size its directory declares (a lie fails the
CRC), so the declared sizes checked here bound what the parsers can be made to read.
"""

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dienhinh.documents.importing import parse
from dienhinh.documents.importing.problems import ImportRejected, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 40 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REQUIRED = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
MB = 1024 * 1024
# Uncompressed size limits per part (the first pattern that matches): a real form's styles are
# tens of kB, its strings and sheets a few MB at the row limit.
PART_LIMITS = [
    (re.compile(r"xl/worksheets/sheet\d+\.xml"), 24 * MB),
    (re.compile(r"xl/sharedStrings\.xml"), 12 * MB),
    (re.compile(r"word/document\.xml"), 12 * MB),
    (re.compile(r"(xl|word)/media/.*"), 8 * MB),
    (re.compile(r".*\.xml|.*\.rels"), 2 * MB),
    (re.compile(r".*"), 8 * MB),
]
MACRO_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\.bin)$", re.I)
EXTERNAL_LINK_PARTS = re.compile(r"^xl/externalLinks/externalLink\d*\.xml$", re.IGNORECASE)
# Counts a form never reaches; each guards a parser's quadratic or memory-hungry path.
MAX_SHEETS = 30
MAX_TABLES = 50
MAX_MERGED = 2000
CELLS_PER_ROW = 40


def max_rows() -> int:
    """Rows of every kind (headings, blanks, footer) a file may hold: the data limit plus margin."""
    return parse.MAX_ROWS * 2 + 500  # read now: the benchmark raises it


def _reject(message: str, sheet: str = ""):
    raise ImportRejected([Problem(message, sheet)])


def part_limit(name: str) -> int:
    for pattern, limit in PART_LIMITS:
        if pattern.fullmatch(name):
            return limit
    return 0  # unreachable: the last pattern matches everything


@dataclass
class Screened:
    kind: str  # "xlsx" or "docx"
    warnings: list[Problem] = field(default_factory=list)


def _archive(data: bytes) -> list[zipfile.ZipInfo]:
    if len(data) > MAX_BYTES:
        _reject(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(data) / MB, 1), "limit": MAX_BYTES // MB}
        )
    if not data:
        _reject(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        _reject(
            _(
                "The file is password-protected or in the old Office format (.xls/.doc). Remove "
                "the password and save it as .xlsx or .docx."
            )
        )
    if not data.startswith(b"PK"):
        _reject(_("The file is not an Excel (.xlsx) or Word (.docx) file."))
    try:
        return zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        _reject(_("The file is damaged and cannot be opened."))
    return []  # unreachable


def screen(data: bytes) -> Screened:
    """The file's kind from its content (never its name), reading only the archive's directory.

    Refuses (ImportRejected) a file too big, not an Office file, encrypted, with duplicate parts,
    with macros, with any part larger than its limit or unpacking to far more than a form holds.
    """
    infos = _archive(data)
    if len(infos) > MAX_MEMBERS:
        _reject(_("The file has too many parts to be an ordinary form."))
    names = Counter(i.filename for i in infos)
    twice = sorted(n for n, count in names.items() if count > 1)
    if twice:
        _reject(
            _("The file holds the part “%(name)s” more than once, which a real form never does.")
            % {"name": twice[0][:100]}
        )
    if any(i.flag_bits & 0x1 for i in infos):
        _reject(_("The file is encrypted; remove the password and try again."))
    for info in infos:
        if info.file_size > part_limit(info.filename):
            _reject(
                _(
                    "The part “%(name)s” of the file unpacks to %(size)s MB, far more than a "
                    "form holds; the file was refused."
                )
                % {"name": info.filename[:100], "size": round(info.file_size / MB, 1)}
            )
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        _reject(_("The file unpacks to far more data than a form holds and was refused."))
    if "[Content_Types].xml" not in names:
        _reject(_("The file is not an Excel (.xlsx) or Word (.docx) file."))
    macros = [n for n in names if MACRO_PARTS.search(n)]
    if macros:
        _reject(
            _(
                "The file contains macros (%(name)s). Save it as an ordinary .xlsx or .docx "
                "(without macros) and upload it again."
            )
            % {"name": macros[0][:100]}
        )
    for kind, part in REQUIRED.items():
        if part in names:
            screened = Screened(kind)
            links = sorted(n for n in names if EXTERNAL_LINK_PARTS.match(n))
            if links:
                screened.warnings.append(
                    Problem(
                        _(
                            "The workbook links to other files (%(n)s external link(s)); the "
                            "links were not followed, only the values typed in this file were read."
                        )
                        % {"n": len(links)}
                    )
                )
            return screened
    _reject(_("The file is not an Excel (.xlsx) or Word (.docx) file."))
    return Screened("")  # unreachable


def sniff(data: bytes) -> str:
    """'xlsx' or 'docx' (see `screen`)."""
    return screen(data).kind


# Tags counted by `inspect`, with any namespace prefix. Each chunk is cut at its last "<", so a
# tag is never split between two chunks.
_TAG = {
    "row": re.compile(rb"<(?:\w+:)?row[\s>/]"),
    "cell": re.compile(rb"<(?:\w+:)?c[\s>/]"),
    "merged": re.compile(rb"<(?:\w+:)?mergeCell[\s>/]"),
    "table": re.compile(rb"<w:tbl[\s>]"),
    "trow": re.compile(rb"<w:tr[\s>/]"),
    "tcell": re.compile(rb"<w:tc[\s>/]"),
    "span": re.compile(rb"<w:(?:gridSpan|vMerge|hMerge)[\s>/]"),
    "dde": re.compile(rb"DDE(?:AUTO)?\b|<(?:\w+:)?ddeLink[\s>]", re.IGNORECASE),
}
_XLSX_TAGS = ("row", "cell", "merged")
_DOCX_TAGS = ("table", "trow", "tcell", "span", "dde")


def _count(archive: zipfile.ZipFile, name: str, tags) -> Counter:
    counts: Counter = Counter()
    rest = b""
    with archive.open(name) as fh:
        while True:
            chunk = fh.read(1024 * 1024)
            buffer = rest + chunk
            if chunk:
                cut = buffer.rfind(b"<")
                if cut <= 0:
                    rest = buffer
                    continue
                buffer, rest = buffer[:cut], buffer[cut:]
            for tag in tags:
                counts[tag] += len(_TAG[tag].findall(buffer))
            if not chunk:
                return counts


def inspect(data: bytes, kind: str) -> None:
    """Count what the parts hold before a parser reads them; ImportRejected past any limit.

    Also refuses a damaged member (CRC) and dynamic data exchange (DDE) links, which make
    a spreadsheet or word processor run commands when the file is opened.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        if archive.testzip() is not None:  # the name of a member whose CRC fails
            _reject(_("The file is damaged and cannot be opened."))
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        _reject(_("The file is damaged and cannot be opened."))
    names = archive.namelist()
    rows_limit = max_rows()
    if kind == "xlsx":
        sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        if len(sheets) > MAX_SHEETS:
            _reject(_("The workbook has more than %(n)s sheets.") % {"n": MAX_SHEETS})
        total: Counter = Counter()
        for name in sheets:
            total += _count(archive, name, _XLSX_TAGS)
        for name in names:
            if EXTERNAL_LINK_PARTS.match(name) and _count(archive, name, ("dde",))["dde"]:
                _reject(_dde_message())
        if total["merged"] > MAX_MERGED:
            _reject(_("The workbook has more than %(n)s merged cells.") % {"n": MAX_MERGED})
    else:
        total = _count(archive, "word/document.xml", _DOCX_TAGS)
        if total["dde"]:
            _reject(_dde_message())
        if total["table"] > MAX_TABLES:
            _reject(_("The document has more than %(n)s tables.") % {"n": MAX_TABLES})
        if total["span"] > MAX_MERGED:
            _reject(_("The document has more than %(n)s merged cells.") % {"n": MAX_MERGED})
        total["row"], total["cell"] = total["trow"], total["tcell"]
    if total["row"] > rows_limit:
        _reject(_("The file has more than %(n)s rows; split it.") % {"n": rows_limit})
    if total["cell"] > rows_limit * CELLS_PER_ROW:
        _reject(
            _("The file has more than %(n)s cells; split it.") % {"n": rows_limit * CELLS_PER_ROW}
        )


def _dde_message() -> str:
    return _(
        "The file contains a dynamic data exchange (DDE) link, which can run programs when the "
        "file is opened; it was refused. Paste the values only and upload it again."
    )
