"""The standing agency's province-wide summary: registrations by unit, field and subject type."""

from collections import Counter

from django.utils import timezone, translation

from dienhinh.documents.model import (
    Column,
    Document,
    Footer,
    Header,
    Section,
    Signature,
    Table,
    place_and_date,
)
from dienhinh.programs.enums import SubjectType
from dienhinh.registrations.domain import quotas
from dienhinh.registrations.enums import COUNTED_STATUSES, EntryStatus, RegistrationStatus
from dienhinh.registrations.models import Entry

DOCUMENT_LANGUAGE = "vi"  # official documents are in Vietnamese
TYPE_LABELS = {
    "collective": "Tập thể",
    "individual": "Cá nhân",
    "household": "Hộ gia đình",
    "model": "Mô hình",
}


def summary_rows(program, year: int):
    """(unit name, counts by subject type, in progress, status) and counts by field.

    Counted like the quota dashboard: only submitted and accepted registrations
    (`COUNTED_STATUSES`) add to the counts; the entries of a draft, a registration awaiting the
    head's approval or a returned one are shown apart as "in progress". Status labels are
    Vietnamese, whatever the language of the person downloading: this is an official document.
    """
    entries = (
        Entry.objects.filter(registration__program=program, registration__year=year)
        .exclude(registration__status=RegistrationStatus.WITHDRAWN)
        .select_related("registration__organisation", "registration", "candidate__field")
        .order_by("registration__organisation__path", "position")
    )
    units: dict[int, dict] = {}
    by_field: Counter = Counter()
    with translation.override(DOCUMENT_LANGUAGE):
        for e in entries:
            reg = e.registration
            unit = units.setdefault(
                reg.pk,
                {
                    "name": reg.organisation.name,
                    "status": str(reg.get_status_display()),
                    "counts": Counter(),
                    "in_progress": 0,
                },
            )
            if reg.status not in COUNTED_STATUSES and e.status != EntryStatus.ACCEPTED:
                unit["in_progress"] += 1
                continue
            unit["counts"][e.candidate.subject_type] += 1
            f = e.candidate.field
            by_field[f"{f.code}) {f.name}" if f else "—"] += 1
    return list(units.values()), by_field


def summary_row_count(program, year: int) -> int:
    """How many entries the summary counts (decides inline or background export)."""
    return (
        Entry.objects.filter(registration__program=program, registration__year=year)
        .exclude(registration__status=RegistrationStatus.WITHDRAWN)
        .count()
    )


def quota_status(program, year: int, user=None) -> list[dict]:
    """Each unit's quota status from the registrations app's quota computation (None: all units).

    One dict per unit: name, met, shortfall, `types` [(type, label, registered, required)] and
    `any_of` groups [(types, labels, registered, required)].
    """
    labels = dict(SubjectType.choices)
    dashboard = quotas.build(program, year, user)
    rows = sorted(dashboard.rows, key=lambda r: r.organisation.path)
    return [
        {
            "name": r.organisation.name,
            "code": r.organisation.code,
            "met": r.shortfall == 0,
            "shortfall": r.shortfall,
            "types": [
                (
                    c["type"],
                    str(labels.get(c["type"], c["type"])),
                    c["registered"],
                    c["required"] or 0,
                )
                for c in r.cells_for_types
                if c["required"] or c["registered"]
            ],
            "any_of": [
                (
                    g["types"],
                    [str(labels.get(t, t)) for t in g["types"]],
                    g["registered"],
                    g["required"],
                )
                for g in r.any_of
            ],
        }
        for r in rows
    ]


def _quota_text(unit: dict) -> str:
    parts = [f"{TYPE_LABELS.get(t, t)}: {n}/{req}" for t, _label, n, req in unit["types"]]
    parts += [
        f"{' + '.join(TYPE_LABELS.get(t, t) for t in group)}: {n}/{req}"
        for group, _labels, n, req in unit["any_of"]
    ]
    return "; ".join(parts)


def build_summary(program, year: int) -> Document:
    types = [t for t in TYPE_LABELS if t in (program.subject_types or TYPE_LABELS)]
    units, by_field = summary_rows(program, year)
    table = Table(
        [Column("STT", 12), Column("Đơn vị", 70)]
        + [Column(TYPE_LABELS[t], 22) for t in types]
        + [Column("Tổng số", 22), Column("Đang thực hiện", 26), Column("Trạng thái", 40)]
    )
    totals: Counter = Counter()
    in_progress = 0
    for i, unit in enumerate(units, start=1):
        counts = unit["counts"]
        totals.update(counts)
        in_progress += unit["in_progress"]
        table.rows.append(
            [
                str(i),
                unit["name"],
                *[str(counts[t]) for t in types],
                str(sum(counts.values())),
                str(unit["in_progress"]),
                unit["status"],
            ]
        )
    table.rows.append(
        [
            "",
            "Tổng cộng",
            *[str(totals[t]) for t in types],
            str(sum(totals.values())),
            str(in_progress),
            "",
        ]
    )
    fields = Table([Column("STT", 12), Column("Lĩnh vực", 120), Column("Số lượng", 30)])
    for i, (label, n) in enumerate(sorted(by_field.items()), start=1):
        fields.rows.append([str(i), label, str(n)])
    quota = Table(
        [
            Column("STT", 12),
            Column("Đơn vị", 70),
            Column("Đã đăng ký / chỉ tiêu", 80),
            Column("Kết quả", 30),
        ]
    )
    for i, unit in enumerate(quota_status(program, year), start=1):
        quota.rows.append(
            [
                str(i),
                unit["name"],
                _quota_text(unit),
                "Đạt" if unit["met"] else f"Còn thiếu {unit['shortfall']}",
            ]
        )
    agency = program.standing_agency.name if program.standing_agency_id else program.issuer
    return Document(
        header=Header(
            issuer=agency.upper(), place_date=place_and_date(program.place, timezone.localdate())
        ),
        title="TỔNG HỢP ĐĂNG KÝ",
        subtitle=f"Xây dựng và nhân rộng điển hình tiên tiến năm {year} theo {program.number}",
        sections=[
            Section("I. THEO ĐƠN VỊ VÀ ĐỐI TƯỢNG", table),
            Section("II. THEO LĨNH VỰC", fields),
            Section("III. TÌNH HÌNH THỰC HIỆN CHỈ TIÊU", quota),
        ],
        footer=Footer(recipients=["Lưu: VT."], signature=Signature(title="NGƯỜI TỔNG HỢP")),
        filename=f"tong-hop-{program.code}-{year}",
    )
