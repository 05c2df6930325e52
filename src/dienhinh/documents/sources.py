"""The one place that reads the registrations app: a unit's registration as plain document data."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from dienhinh.orgs.models import Organisation
from dienhinh.programs.enums import SubjectType
from dienhinh.programs.models import Program
from dienhinh.registrations.domain.dossiers import dossiers_as_submitted
from dienhinh.registrations.enums import EDITABLE_STATUSES, EntryStatus
from dienhinh.registrations.models import Registration


@dataclass
class CandidateRow:
    subject_type: str
    name: str
    address: str = ""
    head_name: str = ""
    position: str = ""
    workplace: str = ""
    field_code: str = ""
    field_name: str = ""
    solutions: str = ""
    notes: str = ""
    birth_year: int | None = None  # an individual's, from a "Năm sinh" / "Ngày sinh" column

    @property
    def subject_type_label(self) -> str:
        return (
            str(SubjectType(self.subject_type).label)
            if self.subject_type in SubjectType.values
            else self.subject_type
        )


@dataclass
class ProgramInfo:
    code: str
    number: str
    doc_kind: str
    title: str
    issued_on: datetime.date
    place: str
    issuer: str
    subject_types: list[str]
    standing_agency: str = ""


@dataclass
class UnitInfo:
    code: str
    name: str
    parent_name: str = ""
    address: str = ""
    head_name: str = ""


@dataclass
class FormData:
    program: ProgramInfo
    unit: UnitInfo
    year: int
    day: datetime.date | None = None  # date of the signed form; None for a draft
    rows: list[CandidateRow] = field(default_factory=list)
    status: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)  # (letter, name) of the program


def program_info(program: Program) -> ProgramInfo:
    return ProgramInfo(
        code=program.code,
        number=program.number,
        doc_kind=program.doc_kind,
        title=program.title,
        issued_on=program.issued_on,
        place=program.place,
        issuer=program.issuer,
        subject_types=list(program.subject_types or []),
        standing_agency=program.standing_agency.name if program.standing_agency else "",
    )


def unit_info(org: Organisation, day=None) -> UnitInfo:
    """The unit as a document dated `day` names it (its name and parent as they were then)."""
    parent = org.parent_on(day) if day else org.parent
    # The governing body goes above the unit's name, except the province itself.
    parent_name = ""
    if parent is not None and parent.kind != "province":
        parent_name = parent.name_on(day)
    return UnitInfo(
        code=org.code,
        name=org.name_on(day),
        parent_name=parent_name,
        address=org.address,
        head_name=org.head_name,
    )


def candidate_row(candidate) -> CandidateRow:
    fld = candidate.field
    return CandidateRow(
        subject_type=candidate.subject_type,
        name=candidate.name,
        address=candidate.address,
        head_name=candidate.head_name,
        position=candidate.position,
        workplace=candidate.workplace,
        field_code=fld.code if fld else "",
        field_name=fld.name if fld else "",
        solutions=candidate.solutions,
        notes=candidate.notes,
        birth_year=candidate.birth_year,
    )


def dossier_row(data: dict, notes: str | None = None) -> CandidateRow:
    """A row from an entry's frozen dossier (`registrations.domain.dossiers`)."""
    return CandidateRow(
        subject_type=data.get("subject_type", ""),
        name=data.get("name", ""),
        address=data.get("address", ""),
        head_name=data.get("head_name", ""),
        position=data.get("position", ""),
        workplace=data.get("workplace", ""),
        field_code=data.get("field_code", ""),
        field_name=data.get("field_name", ""),
        solutions=data.get("solutions", ""),
        notes=data.get("notes", "") if notes is None else notes,
    )


def entry_row(entry, dossier: dict | None, editable: bool) -> CandidateRow:
    """The form's row of an entry: as submitted once the unit can no longer change it (the
    frozen dossier), the live candidate while it can; the standing agency's decision in the
    notes (the reason of a returned entry). Notes are Vietnamese: an official document."""
    frozen = dossier is not None and (not editable or entry.status == EntryStatus.ACCEPTED)
    row = dossier_row(dossier) if frozen and dossier else candidate_row(entry.candidate)
    if entry.status == EntryStatus.RETURNED and entry.return_reason:
        note = f"Trả lại: {entry.return_reason}"
        row.notes = f"{row.notes}\n{note}" if row.notes else note
    return row


def find_registration(program: Program, org: Organisation, year: int | None):
    qs = Registration.objects.filter(program=program, organisation=org)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-id").first()


def registration_form_data(
    program: Program, org: Organisation, year: int | None = None
) -> FormData:
    """The rows of the unit's registration for `year` (the latest when None), in form order."""
    registration = find_registration(program, org, year)
    rows: list[CandidateRow] = []
    day = None
    status = ""
    if registration is not None:
        year = registration.year
        status = registration.status
        entries = list(
            registration.entries.select_related("candidate", "candidate__field").order_by(
                "position", "id"
            )
        )
        frozen = dossiers_as_submitted(entries)
        editable = registration.status in EDITABLE_STATUSES
        rows = [
            entry_row(e, frozen[e.pk].data if e.pk in frozen else None, editable) for e in entries
        ]
        if registration.submitted_at:
            day = timezone.localtime(registration.submitted_at).date()
    return FormData(
        program=program_info(program),
        unit=unit_info(org),
        fields=[(f.code, f.name) for f in program.fields.all()],
        year=year or timezone.localdate().year,
        day=day,
        rows=rows,
        status=status,
    )


def template_data(program: Program) -> FormData:
    """An empty form for the program, the unit's name left to fill."""
    return FormData(
        program=program_info(program),
        unit=UnitInfo(code="", name="ĐƠN VỊ..."),
        year=timezone.localdate().year,
        fields=[(f.code, f.name) for f in program.fields.all()],
    )


def registration_row_count(program: Program, org: Organisation, year: int | None = None) -> int:
    """How many rows the unit's form for `year` holds (decides inline or background export)."""
    registration = find_registration(program, org, year)
    return registration.entries.count() if registration is not None else 0
