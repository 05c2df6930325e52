"""The law in force by date: the acts in `data/legal-acts.json` and the "Căn cứ" lines they give.

A document cites the acts in force on its own date: a decision of 2024 cites Decree
98/2023/NĐ-CP, one of 2026 Decree 152/2025/NĐ-CP, which replaced it on 01/07/2025.
"""

import dataclasses
import datetime
import json
from functools import cache
from pathlib import Path

from dienhinh.documents.model import short_date

DATA = Path(__file__).resolve().parent / "data" / "legal-acts.json"


@dataclasses.dataclass(frozen=True)
class LegalAct:
    number: str
    kind: str  # "Luật", "Nghị định"
    issuer: str
    title: str
    issued_on: datetime.date | None
    starts: datetime.date
    ends: datetime.date | None  # the last day in force
    cited: str  # "basis": cited in "Căn cứ" lines; "format": governs the layout

    def in_force(self, day: datetime.date) -> bool:
        return self.starts <= day and (self.ends is None or day <= self.ends)

    def citation(self) -> str:
        """'Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022'; a decree names its issuer."""
        on = f" ngày {short_date(self.issued_on)}" if self.issued_on else ""
        if self.kind == "Luật":
            return f"{self.title} số {self.number}{on}"
        return f"{self.kind} số {self.number}{on} của {self.issuer} {self.title}"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@cache
def acts() -> tuple[LegalAct, ...]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(
        LegalAct(
            number=a["number"],
            kind=a["kind"],
            issuer=a["issuer"],
            title=a["title"],
            issued_on=_date(a["issued_on"]),
            starts=_date(a["from"]),
            ends=_date(a["until"]),
            cited=a["cited"],
        )
        for a in data["acts"]
    )


def in_force(day: datetime.date, cited: str = "basis") -> list[LegalAct]:
    return [act for act in acts() if act.cited == cited and act.in_force(day)]


def basis_lines(day: datetime.date, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The "Căn cứ" lines of a document dated `day`: the acts in force, then `extra` (a program's
    own grounds, cited as written), each line ending with ";"."""
    lines = [f"Căn cứ {act.citation()};" for act in in_force(day)]
    for text in extra:
        text = text.strip().rstrip(";.")
        if text:
            lines.append(text if text.startswith("Căn cứ") else f"Căn cứ {text};")
    return [line if line.endswith(";") else f"{line};" for line in lines]
