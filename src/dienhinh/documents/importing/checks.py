"""Checks on an uploaded file's content before any parser opens it: type, size, zip bombs."""

import io
import zipfile

from django.utils.translation import gettext as _

from dienhinh.documents.importing.problems import ImportRejected, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 2000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REQUIRED = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}


def _reject(message: str):
    raise ImportRejected([Problem(message)])


def sniff(data: bytes) -> str:
    """'xlsx' or 'docx' from the file's content (never its name); ImportRejected otherwise."""
    if len(data) > MAX_BYTES:
        _reject(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(data) / 1048576, 1), "limit": MAX_BYTES // 1048576}
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
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        _reject(_("The file is damaged and cannot be opened."))
    if len(infos) > MAX_MEMBERS:
        _reject(_("The file has too many parts to be an ordinary form."))
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        _reject(_("The file unpacks to far more data than a form holds and was refused."))
    if any(i.flag_bits & 0x1 for i in infos):
        _reject(_("The file is encrypted; remove the password and try again."))
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        _reject(_("The file is not an Excel (.xlsx) or Word (.docx) file."))
    for kind, part in REQUIRED.items():
        if part in names:
            try:
                if archive.testzip() is not None:  # the name of a member whose CRC fails
                    _reject(_("The file is damaged and cannot be opened."))
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
                _reject(_("The file is damaged and cannot be opened."))
            return kind
    _reject(_("The file is not an Excel (.xlsx) or Word (.docx) file."))
    return ""  # unreachable
