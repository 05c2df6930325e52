"""An import finds the unit's existing candidates: no person registered twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dienhinh.documents.importing.service import import_file
from dienhinh.documents.models import DocumentJob
from dienhinh.registrations.models import Candidate
from tests.documents.annex_forms import INDIVIDUAL, _save

pytestmark = pytest.mark.django_db
FORM = "/documents/form/lai-chau-2533/LC-SYT"
# Sở Y tế's registration of 2025 is accepted and its 2026 draft the demo's: the forms imported
# here open its next year's.
YEAR = 2027


def _form(*people, collectives=()):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["II. CÁ NHÂN"])
    ws.append(INDIVIDUAL)
    for i, (name, details) in enumerate(people, 1):
        ws.append([i, name, details, "e", "", ""])
    if collectives:
        ws.append(["I. TẬP THỂ"])
        ws.append(
            ["STT", "Đơn vị", "Địa chỉ", "Người đứng đầu", "Lĩnh vực", "Giải pháp", "Ghi chú"]
        )
        for i, name in enumerate(collectives, 1):
            ws.append([i, name, "", "", "e", "", ""])
    return _save(wb)


def _count(lc, unit, name):
    return Candidate.objects.filter(program=lc, organisation=unit, name=name).count()


def test_a_person_of_the_same_name_and_position_is_the_same_candidate(filled, lc, org, personas):
    unit = org("LC-SYT")
    data = _form(
        ("LÒ THỊ BÌNH", "Bác sĩ; Trạm Y tế xã Bản Giang"), collectives=["Bệnh viện đa khoa tỉnh"]
    )
    report = import_file(
        data, program=lc, organisation=unit, year=YEAR, actor=personas["officer_a"]
    )
    assert report.ok and report.matches == []
    assert (report.saved.created, report.saved.updated) == (0, 2)
    assert _count(lc, unit, "Lò Thị Bình") == 0 and _count(lc, unit, "LÒ THỊ BÌNH") == 1
    assert _count(lc, unit, "Bệnh viện đa khoa tỉnh") == 1
    again = import_file(data, program=lc, organisation=unit, year=YEAR, actor=personas["officer_a"])
    assert (again.saved.created, again.saved.updated, again.saved.unchanged) == (0, 0, 2)


def test_a_namesake_with_another_position_waits_for_the_officer(
    tasks_inline, filled, lc, org, client_for, django_capture_on_commit_callbacks
):
    unit = org("LC-SYT")
    before = Candidate.objects.filter(organisation=unit).count()
    upload = SimpleUploadedFile(
        "f.xlsx", _form(("Lò Thị Bình", "Điều dưỡng; Trạm Y tế xã Nậm Loỏng"))
    )
    client = client_for("officer_a")
    response = client.post(f"{FORM}/import/?year={YEAR}", {"file": upload})
    job = DocumentJob.objects.get()
    assert job.status == "review" and job.upload
    assert Candidate.objects.filter(organisation=unit).count() == before
    [match] = job.matches
    existing = Candidate.objects.get(organisation=unit, name="Lò Thị Bình")
    assert match["candidates"][0]["id"] == existing.pk and match["position"] == "Điều dưỡng"
    page = client.get(response["Location"]).content.decode()
    assert "Cùng là ứng viên Lò Thị Bình" in page and 'value="new"' in page
    assert "hx-trigger" not in page  # nothing to poll for: it waits for the officer

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/documents/jobs/{job.pk}/confirm/", {"row-0": "new"})
    job.refresh_from_db()
    assert response.status_code == 302 and job.status == "done" and not job.upload
    assert _count(lc, unit, "Lò Thị Bình") == 2  # the officer said: another person


def test_the_officer_says_it_is_the_same_person(
    tasks_inline, filled, lc, org, client_for, django_capture_on_commit_callbacks
):
    unit = org("LC-SYT")
    existing = Candidate.objects.get(organisation=unit, name="Lò Thị Bình")
    upload = SimpleUploadedFile("f.xlsx", _form(("Lò Thị Bình", "Trưởng trạm")))
    client = client_for("officer_a")
    client.post(f"{FORM}/import/?year={YEAR}", {"file": upload})
    job = DocumentJob.objects.get()
    assert client.post(f"/documents/jobs/{job.pk}/confirm/", {}).status_code == 302
    job.refresh_from_db()
    assert job.status == "review"  # no answer: asked again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/documents/jobs/{job.pk}/confirm/", {"row-0": str(existing.pk)})
    job.refresh_from_db()
    existing.refresh_from_db()
    assert job.status == "done" and existing.position == "Trưởng trạm"
    assert _count(lc, unit, "Lò Thị Bình") == 1


@pytest.mark.parametrize(
    ("persona", "status"), [("officer_b", 404), ("qb_officer", 404), ("head_a", 403)]
)
def test_only_an_editor_of_the_unit_answers(tasks_inline, filled, client_for, persona, status):
    upload = SimpleUploadedFile("f.xlsx", _form(("Lò Thị Bình", "Trưởng trạm")))
    client_for("officer_a").post(f"{FORM}/import/?year={YEAR}", {"file": upload})
    job = DocumentJob.objects.get()
    response = client_for(persona).post(f"/documents/jobs/{job.pk}/confirm/", {"row-0": "new"})
    assert response.status_code == status
    job.refresh_from_db()
    assert job.status == "review"
