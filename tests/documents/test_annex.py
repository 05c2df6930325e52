"""The annex as units type it reads on the first try; errors still name sheet, row and column."""

import pytest
from django.utils import translation

from dienhinh.core.actors import system
from dienhinh.documents.importing.service import read
from tests.documents.annex_forms import CORPUS, xlsx_official

pytestmark = pytest.mark.django_db


def _read(row):
    head = row.head_name if row.subject_type in ("collective", "model") else ""
    return (row.subject_type, row.name, row.field_code, head, row.position)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_corpus_reads_as_typed(lc, name):
    data, expected = CORPUS[name]()
    report = read(data, lc)
    assert [str(p) for p in report.problems] == []
    assert sorted(_read(r) for r in report.rows) == sorted(expected)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_corpus_imports_with_no_duplicates_when_imported_again(lc, org, name):
    from dienhinh.documents.importing.service import import_file

    data, expected = CORPUS[name]()
    unit = org("LC-SGDDT")
    first = import_file(data, program=lc, organisation=unit, year=2024, actor=system("test"))
    again = import_file(data, program=lc, organisation=unit, year=2024, actor=system("test"))
    assert first.ok and first.saved.created == len(expected)
    assert again.ok and (again.saved.created, again.saved.updated) == (0, 0)


def test_an_error_in_the_annex_names_sheet_row_and_column(lc):
    import io

    from openpyxl import load_workbook

    data, _expected = xlsx_official()
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    ws["E12"] = "Hàng không vũ trụ"
    out = io.BytesIO()
    wb.save(out)
    with translation.override("en"):
        report = read(out.getvalue(), lc)
        assert [str(p) for p in report.problems] == [
            "Sheet “Biểu đăng ký”, row 12, column “Điển hình thuộc lĩnh vực”: unknown field of "
            "work “Hàng không vũ trụ”: give its letter (e.g. k, c.1) or its name."
        ]
