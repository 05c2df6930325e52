"""An individual's year of birth: read from a "Năm sinh" / "Ngày sinh" column of an imported
form, and used to tell namesakes apart (same name and year: the same person; another year:
another person; a year missing on either side: asked as before)."""

import datetime

import pytest
from openpyxl import Workbook

from dienhinh.documents.importing.service import import_file, read
from dienhinh.registrations.domain import DomainError
from dienhinh.registrations.domain.candidates import create_candidate
from dienhinh.registrations.models import Candidate
from tests.documents.annex_forms import INDIVIDUAL, _save

pytestmark = pytest.mark.django_db


def _form(*people, title="Năm sinh"):
    """people: (name, birth, details); the birth column after the name, as offices add it."""
    wb = Workbook()
    ws = wb.active
    ws.append(["II. CÁ NHÂN"])
    ws.append([*INDIVIDUAL[:2], title, *INDIVIDUAL[2:]])
    for i, (name, birth, details) in enumerate(people, 1):
        ws.append([i, name, birth, details, "e", "", ""])
    return _save(wb)


def _import(lc, unit, personas, data, year=2027):
    # (Sở Y tế's 2025 registration is accepted and its 2026 draft the demo's: next year's.)
    """Into the unit's registration of `year`: a later import into another year's registration
    finds the people of the earlier one."""
    return import_file(data, program=lc, organisation=unit, year=year, actor=personas["officer_a"])


def _people(lc, unit, name):
    return list(Candidate.objects.filter(program=lc, organisation=unit, name=name).order_by("pk"))


@pytest.mark.parametrize(
    ("title", "value", "year"),
    [
        ("Năm sinh", "1985", 1985),
        ("NĂM SINH", 1985, 1985),
        ("Ngày sinh", "12/03/1985", 1985),
        ("Ngày, tháng, năm sinh", datetime.datetime(1985, 3, 12), 1985),
    ],
)
def test_the_year_of_birth_is_read_from_the_form(lc, title, value, year):
    report = read(_form(("Hoàng Thị Mai", value, "Y sĩ; Trạm Y tế xã Bản Hon"), title=title), lc)
    assert report.ok, report.problems
    [row] = report.rows
    assert (row.name, row.position, row.birth_year) == ("Hoàng Thị Mai", "Y sĩ", year)


@pytest.mark.parametrize("value", ["198", "khoảng năm 80", "12/03/2099", "1850"])
def test_a_year_of_birth_that_is_not_one_is_refused_naming_its_cell(lc, value):
    report = read(_form(("Hoàng Thị Mai", value, "Y sĩ; Trạm Y tế xã Bản Hon")), lc)
    assert not report.ok
    [problem] = report.problems
    assert (problem.row, problem.column) == (3, "C")


def test_same_name_and_year_is_the_same_person_whatever_the_position(lc, org, personas):
    unit = org("LC-SYT")
    first = _import(
        lc, unit, personas, _form(("Hoàng Thị Mai", 1985, "Y sĩ; Trạm Y tế xã A")), year=2024
    )
    assert first.ok and first.saved.created == 1
    [mai] = _people(lc, unit, "Hoàng Thị Mai")
    assert mai.birth_year == 1985
    again = _import(
        lc, unit, personas, _form(("HOÀNG THỊ MAI", "1985", "Trưởng trạm; Trạm Y tế xã A"))
    )
    assert again.ok and again.matches == [] and again.saved.created == 0
    assert len(_people(lc, unit, "HOÀNG THỊ MAI")) == 1


def test_same_name_another_year_is_another_person_without_asking(lc, org, personas):
    unit = org("LC-SYT")
    _import(lc, unit, personas, _form(("Hoàng Thị Mai", 1985, "Y sĩ; Trạm Y tế xã A")), 2024)
    other = _import(lc, unit, personas, _form(("Hoàng Thị Mai", 1992, "Y sĩ; Trạm Y tế xã A")))
    assert other.ok and other.matches == [] and other.saved.created == 1
    assert [p.birth_year for p in _people(lc, unit, "Hoàng Thị Mai")] == [1985, 1992]


def test_a_namesake_without_a_year_is_asked_as_before(lc, org, personas):
    unit = org("LC-SYT")
    _import(lc, unit, personas, _form(("Hoàng Thị Mai", "", "Y sĩ; Trạm Y tế xã A")), 2024)
    [mai] = _people(lc, unit, "Hoàng Thị Mai")
    assert mai.birth_year is None
    asked = _import(lc, unit, personas, _form(("Hoàng Thị Mai", 1985, "Điều dưỡng; Xã B")))
    assert asked.saved is None
    [match] = asked.matches
    assert match.birth_year == 1985 and match.candidates[0]["id"] == mai.pk
    assert len(_people(lc, unit, "Hoàng Thị Mai")) == 1


def test_the_year_of_birth_is_checked_when_a_candidate_is_recorded(lc, org, personas):
    with pytest.raises(DomainError):
        create_candidate(
            actor=personas["officer_a"],
            program=lc,
            organisation=org("LC-SYT"),
            subject_type="individual",
            name="Lò Văn Sáng",
            position="Y sĩ",
            birth_year=datetime.date.today().year + 1,
        )


def test_the_exported_form_carries_the_year_of_birth_and_reads_back(lc, org):
    from dienhinh.documents.exporters import get_exporter
    from dienhinh.documents.forms.registration import build_registration_form
    from dienhinh.documents.sources import CandidateRow, FormData, program_info, unit_info

    rows = [
        CandidateRow("individual", "Hoàng Thị Mai", position="Y sĩ", workplace="Trạm Y tế xã A"),
        CandidateRow("individual", "Lò Văn Sáng", position="Bác sĩ", workplace="Bệnh viện"),
    ]
    rows[0].field_code = rows[1].field_code = "e"
    rows[0].birth_year = 1985
    data = FormData(program=program_info(lc), unit=unit_info(org("LC-SYT")), year=2025, rows=rows)
    document = build_registration_form(data)
    individuals = next(s.table for s in document.sections if s.heading == "II. CÁ NHÂN")
    assert [c.title for c in individuals.columns][:3] == ["STT", "Họ và tên", "Năm sinh"]
    assert [r[2] for r in individuals.rows] == ["1985", ""]
    report = read(get_exporter("xlsx").render(document), lc)
    assert report.ok, report.problems
    assert [(r.name, r.birth_year) for r in report.rows] == [
        ("Hoàng Thị Mai", 1985),
        ("Lò Văn Sáng", None),
    ]
