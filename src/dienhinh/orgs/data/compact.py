"""Rebuild admin-units-2025.json.gz from the public lists (see README.md beside this file).

    python src/dienhinh/orgs/data/compact.py DIR    # DIR holds the three source files

Keeps what the organisation tree needs: codes, names, types and the old→new links.
"""

import csv
import gzip
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def main(source: Path) -> None:
    before = json.loads((source / "units-2025-03-01.json").read_text("utf-8"))
    after = json.loads((source / "units-2025-07-01-with-predecessors.json").read_text("utf-8"))
    with (source / "provinces-2025-07-01.csv").open(encoding="utf-8") as fh:
        codes_after = {row["Mã số"].zfill(2) for row in csv.DictReader(fh)}
    provinces, districts, communes = [], [], []
    for p in before["data"]:
        provinces.append([p["level1_id"], nfc(p["name"]), nfc(p["type"])])
        for d in p["level2s"]:
            districts.append([d["level2_id"], p["level1_id"], nfc(d["name"]), nfc(d["type"])])
            for c in d["level3s"]:
                communes.append([c["level3_id"], d["level2_id"], nfc(c["name"]), nfc(c["type"])])
    new_provinces, new_communes = [], []
    for p in after["data"]:
        assert p["level1_id"] in codes_after, p["level1_id"]
        links = [[m["old_id"], m["type"] == "full"] for m in p["merges"]]
        new_provinces.append([p["level1_id"], nfc(p["name"]), links])
        for c in p["level2s"]:
            links = [[m["old_id"], m["type"] == "full"] for m in c["merges"]]
            new_communes.append([c["level2_id"], p["level1_id"], nfc(c["name"]), links])
    data = {
        "sources": "see README.md",
        "before": {
            "date": "2025-03-01",
            "provinces": provinces,
            "districts": districts,
            "communes": communes,
        },
        "after": {"date": "2025-07-01", "provinces": new_provinces, "communes": new_communes},
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with gzip.GzipFile(HERE / "admin-units-2025.json.gz", "wb", mtime=0) as fh:
        fh.write(raw)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
