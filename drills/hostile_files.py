"""Hostile files for the importer, and a drill that uploads them to a running server.

    .venv/bin/python drills/hostile_files.py --out var/drills            # write the files
    .venv/bin/python drills/hostile_files.py --server http://127.0.0.1:8000 [--concurrent 3]

With --server (a loopback address only), it signs in as the demo unit officer, times the
portal's home page (in a process of its own) while idle, then while `--concurrent` uploads of
the files that reach the parser run again and again for the same time; then uploads every file
once and prints its outcome (the job's message and first problem or warning). It prints the
portal's p50/p95 idle and under the hostile uploads; it exits 1 when a file's outcome is not
the expected one, a job did not end, a page failed, or the p95 under load is over twice idle.

The files: a styles.xml bomb (3 MB packed, 30 MB unpacked, ratio ~10), a huge
sharedStrings.xml (40 MB), a DOCX with ~2,000 rows of gridSpan/vMerge, rows and merged-cell bombs, a 1 MB
cell, macros (vbaProject.bin), DDE (a formula and a Word field), duplicate archive members,
hidden and very hidden sheets, a hidden row, white-on-white text, names with zero-width spaces.
"""

import argparse
import html
import io
import json
import multiprocessing
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "STT",
    "Đơn vị",
    "Địa chỉ",
    "Người đứng đầu; phụ trách đơn vị",
    "Điển hình thuộc lĩnh vực",
    "Các giải pháp thực hiện xây dựng, nhân rộng điển hình (nêu khái quát)",
    "Ghi chú",
]
GOOD_ROW = ["1", "Khoa Nội", "Lai Châu", "Nguyễn Văn An", "e", "Khám sàng lọc", ""]


def _workbook(rows=(GOOD_ROW,), edit=None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu đăng ký"
    ws.append(["I. TẬP THỂ"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    if edit:
        edit(wb, ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes], add=(), method=zipfile.ZIP_DEFLATED) -> bytes:
    """The archive with some members replaced and others added (duplicates allowed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", method) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in add:
            dst.writestr(name, content)
    return out.getvalue()


def _noise(n_bytes: int, template: str, seed: int) -> bytes:
    """Repetitive XML with random numbers: packs about 10 to 1, like the drill's bomb. A block
    of 1 MB repeated (deflate looks back 32 kB only, so repeating does not pack better)."""
    rng = random.Random(seed)  # noqa: S311 - test data
    parts, size = [], 0
    while size < 1024 * 1024:
        piece = template.format(rng.randrange(1000), rng.randrange(100))
        parts.append(piece)
        size += len(piece)
    block = "".join(parts).encode()
    return block * (n_bytes // len(block) + 1)


def styles_bomb() -> bytes:
    fonts = _noise(
        30 * 1024 * 1024, '<font><sz val="{0}"/><color rgb="FF{1:06d}"/><name val="A"/></font>', 1
    )
    styles = (
        b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><fonts>' + fonts + b"</fonts></styleSheet>"
    )
    return _rezip(_workbook(), {"xl/styles.xml": styles})


def shared_strings_bomb() -> bytes:
    strings = _noise(40 * 1024 * 1024, "<si><t>{1}</t></si>", 2)
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">' + strings + b"</sst>"
    )
    data = _workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
    if "xl/sharedStrings.xml" in names:
        return _rezip(data, {"xl/sharedStrings.xml": xml})
    return _rezip(data, {}, add=[("xl/sharedStrings.xml", xml)])


def docx_merge_bomb(rows: int = 1990) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("BIỂU ĐĂNG KÝ")
    doc.add_table(rows=1, cols=7)
    out = io.BytesIO()
    doc.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        xml = z.read("word/document.xml").decode()
    cells = "".join(
        f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/><w:vMerge{attr}/></w:tcPr><w:p/></w:tc>'
        for span, attr in ((7, ' w:val="restart"'), (7, ""), (7, ""))
    )
    body = "".join(f"<w:tr>{cells}</w:tr>" for _ in range(rows))
    xml = re.sub(r"<w:tr[ >].*?</w:tr>", "", xml, flags=re.DOTALL)
    xml = xml.replace("</w:tbl>", body + "</w:tbl>", 1)
    return _rezip(out.getvalue(), {"word/document.xml": xml.encode()})


def rows_bomb(rows: int = 200_000) -> bytes:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    body = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, rows))
    sheet = f'<worksheet xmlns="{ns}"><sheetData>{body}</sheetData></worksheet>'.encode()
    return _rezip(_workbook(), {"xl/worksheets/sheet1.xml": sheet})


def merged_bomb(count: int = 50_000) -> bytes:
    data = _workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    merges = "".join(f'<mergeCell ref="A{i}:B{i}"/>' for i in range(10, count + 10))
    merged = f'<mergeCells count="{count}">{merges}</mergeCells>'
    sheet = sheet.replace("</sheetData>", "</sheetData>" + merged, 1)
    return _rezip(data, {"xl/worksheets/sheet1.xml": sheet.encode()})


def huge_cell() -> bytes:
    return _workbook([["1", "Khoa Nội", "", "", "e", "Giải pháp " * 100_000, ""]])


def macros() -> bytes:
    return _rezip(_workbook(), {}, add=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 512)])


def dde_formula() -> bytes:
    def edit(wb, ws):
        ws["G3"] = "=cmd|' /C calc'!A0"

    return _workbook(edit=edit)


def dde_docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("x")
    out = io.BytesIO()
    doc.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        xml = z.read("word/document.xml").decode()
    field = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"</w:instrText></w:r><w:r>'
        '<w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    xml = xml.replace("<w:body>", "<w:body>" + field, 1)
    return _rezip(out.getvalue(), {"word/document.xml": xml.encode()})


def duplicate_members() -> bytes:
    data = _workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _rezip(data, {}, add=[("xl/worksheets/sheet1.xml", sheet)])


def hidden_sheet() -> bytes:
    def edit(wb, ws):
        other = wb.create_sheet("Ẩn")
        other.append(HEADER)
        other.append(["1", "Khoa Ẩn", "", "", "e", "", ""])
        other.sheet_state = "veryHidden"

    return _workbook(edit=edit)


def hidden_row() -> bytes:
    def edit(wb, ws):
        ws.append(["2", "Khoa Ngoại", "", "", "e", "", ""])
        ws.row_dimensions[4].hidden = True

    return _workbook(edit=edit)


def white_text() -> bytes:
    from openpyxl.styles import Font

    def edit(wb, ws):
        ws["F3"].font = Font(color="FFFFFFFF")

    return _workbook(edit=edit)


def zero_width_name() -> bytes:
    return _workbook([["1", "Khoa\u200b Nội\u202e", "", "", "e", "", ""]])


def heavy_but_legal(rows: int = 2000) -> bytes:
    """Within every limit yet as heavy as a form may be: 2,000 rows of 40 cells of text."""
    wide = [*HEADER, *[f"Cột {i}" for i in range(33)]]
    body = [
        [
            str(i),
            f"Đơn vị {i}",
            "Lai Châu",
            "Nguyễn Văn An",
            "e",
            "Giải pháp " * 20,
            "",
            *[f"{i}"] * 33,
        ]
        for i in range(1, rows + 1)
    ]
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Biểu đăng ký")
    ws.append(wide)
    for row in body:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# name -> (builder, what the outcome must say, in English)
FILES = {
    "heavy-but-legal.xlsx": (heavy_but_legal, "Imported"),
    "styles-bomb.xlsx": (styles_bomb, "xl/styles.xml"),
    "shared-strings-bomb.xlsx": (shared_strings_bomb, "xl/sharedStrings.xml"),
    "docx-merge-bomb.docx": (docx_merge_bomb, "merged cells"),
    "rows-bomb.xlsx": (rows_bomb, "rows"),
    "merged-bomb.xlsx": (merged_bomb, "merged cells"),
    "huge-cell.xlsx": (huge_cell, "longer than 4000 characters"),
    "macros.xlsm": (macros, "macros"),
    "dde-formula.xlsx": (dde_formula, "DDE"),
    "dde-field.docx": (dde_docx, "DDE"),
    "duplicate-members.xlsx": (duplicate_members, "more than once"),
    "hidden-sheet.xlsx": (hidden_sheet, "hidden"),
    "hidden-row.xlsx": (hidden_row, "hidden"),
    "white-text.xlsx": (white_text, "coloured like its background"),
    "zero-width-name.xlsx": (zero_width_name, "invisible character"),
}
# Files that pass the checks of the request and reach the isolated parser.
HEAVY = ("heavy-but-legal.xlsx", "docx-merge-bomb.docx", "rows-bomb.xlsx")


def build(name: str) -> bytes:
    return FILES[name][0]()


# ---- the drill against a server -------------------------------------------------------------


class Session:
    def __init__(self, base: str):
        host = urllib.parse.urlsplit(base).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            sys.exit("drills only talk to loopback addresses")
        self.base = base.rstrip("/")
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, str, str]:
        request = urllib.request.Request(  # noqa: S310 - loopback only, checked above
            self.base + path,
            data=body,
            headers={
                "Content-Type": content_type,
                "X-CSRFToken": self.csrf(),
                "Referer": self.base + path,
            },
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.url, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, "", error.read().decode("utf-8", "replace")

    def login(self, username: str, password: str) -> None:
        status, page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        status, url, _page = self.post(
            "/accounts/login/", body, "application/x-www-form-urlencoded"
        )
        if "/accounts/login/" in url:
            sys.exit(f"sign-in as {username} failed")

    def upload(self, path: str, name: str, data: bytes) -> tuple[int, str, str]:
        boundary = "----drill" + str(random.randrange(10**12))  # noqa: S311
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                f"\r\n\r\n{self.csrf()}\r\n--{boundary}\r\nContent-Disposition: form-data; "
                f'name="file"; filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.post(path, body, f"multipart/form-data; boundary={boundary}")


def _probe(base: str, seconds: float, pause: float, out) -> None:
    """Time the portal's home page for `seconds`, in a process of its own (no shared GIL)."""
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/", timeout=60) as response:  # noqa: S310
                response.read()
            times.append(time.perf_counter() - start)
        except Exception:  # noqa: BLE001 - a failed page counts as a minute
            times.append(60.0)
        time.sleep(pause)
    out.send(times)


class Probe:
    def __init__(self, base: str, seconds: float, pause: float = 0.1):
        self.receiver, sender = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.Process(target=_probe, args=(base, seconds, pause, sender))
        self.process.start()

    def result(self) -> list[float]:
        times = self.receiver.recv()
        self.process.join()
        return times


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 3),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
    }


def _errors(page: str) -> list[str]:
    block = re.search(r'<ul class="form__errors">(.*?)</ul>', page, re.DOTALL)
    items = re.findall(r"<li>(.*?)</li>", block.group(1), re.DOTALL) if block else []
    return [html.unescape(i.strip()) for i in items]


def _outcome(session: Session, job_url: str, deadline: float) -> dict:
    job_path = urllib.parse.urlsplit(job_url).path
    while time.monotonic() < deadline:
        status, page = session.get(job_path + "progress/")
        if "hx-trigger" not in page:
            alerts = re.findall(r"<p class=\"alert__title\">(.*?)</p>", page, re.DOTALL)
            warnings = re.findall(r"alert--warning\"><ul><li>(.*?)</li>", page, re.DOTALL)
            said = _errors(page) or warnings
            message = html.unescape(" ".join(alerts).strip())
            return {
                "ended": True,
                "message": message,
                "first": [html.unescape(w) for w in said][:1],
            }
        time.sleep(1)
    return {"ended": False, "message": "did not end", "first": []}


def _upload(session: Session, path: str, name: str, data: bytes, timeout: float) -> dict:
    status, url, page = session.upload(path, name, data)
    if "/documents/jobs/" in url:
        return _outcome(session, url, time.monotonic() + timeout)
    return {"ended": True, "message": f"refused at upload ({status})", "first": _errors(page)[:1]}


def drill(args) -> int:
    session = Session(args.server)
    session.login(args.user, args.password)
    session.post("/i18n/setlang/", b"language=en", "application/x-www-form-urlencoded")
    path = f"/documents/form/{args.program}/{args.org}/import/?year={args.year}"
    Probe(session.base, 3, pause=0.02).result()  # every worker loads its code first
    idle = Probe(session.base, args.seconds).result()

    # Three uploads at a time, again and again for the whole window, of the files that reach the
    # parser (the others are refused from the archive's directory, in the request).
    heavy = {name: build(name) for name in HEAVY}
    probe = Probe(session.base, args.seconds)
    end = time.monotonic() + args.seconds
    parsed: list[dict] = []

    def hammer(name: str) -> None:
        while time.monotonic() < end:
            parsed.append(_upload(session, path, name, heavy[name], args.job_timeout))

    threads = [threading.Thread(target=hammer, args=(n,)) for n in HEAVY[: args.concurrent]]
    for thread in threads:
        thread.start()
    loaded = probe.result()
    for thread in threads:
        thread.join()

    failed = False
    for name in FILES:
        data = build(name)
        result = _upload(session, path, name, data, args.job_timeout)
        expected = FILES[name][1]
        said = result["message"] + " " + " ".join(result["first"])
        ok = result["ended"] and expected.lower() in said.lower()
        failed |= not ok
        print(f"{'ok ' if ok else 'BAD'} {name:28} {len(data) / 1e6:6.2f} MB  {said[:160]}")
    idle_s, loaded_s = _summary(idle), _summary(loaded)
    ended = sum(1 for r in parsed if r["ended"])
    print(
        json.dumps(
            {
                "idle": idle_s,
                "under_hostile_uploads": loaded_s,
                "hostile_jobs_during_window": {"run": len(parsed), "ended": ended},
                "ratio_p95": round(loaded_s["p95"] / idle_s["p95"], 2),
            }
        )
    )
    if loaded_s["p95"] > 2 * idle_s["p95"] or any(t >= 60 for t in loaded) or ended < len(parsed):
        print("the portal slowed down more than 2x, or a job did not end")
        failed = True
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the files into this folder")
    parser.add_argument("--server", help="e.g. http://127.0.0.1:8000 (loopback only)")
    parser.add_argument("--user", default="lc.canbo")
    parser.add_argument("--password", default="dienhinh-demo-2026")
    parser.add_argument("--program", default="lai-chau-2533")
    parser.add_argument("--org", default="LC-SYT")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--concurrent", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0, help="idle, then under load")
    parser.add_argument("--job-timeout", type=float, default=180.0)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.out:
        folder = Path(args.out)
        folder.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            data = build(name)
            (folder / name).write_bytes(data)
            print(f"{name:28} {len(data) / 1e6:6.2f} MB")
    if args.server:
        return drill(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
