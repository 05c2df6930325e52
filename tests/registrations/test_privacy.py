"""Personal data (Law 91/2025/QH15): the privacy notice, one person's export, erasure of a
candidate never honoured, the retention period applied by a command."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dienhinh.core.models import AuditEntry
from dienhinh.registrations.domain import evidence, privacy
from dienhinh.registrations.enums import ExemplarState, RegistrationStatus
from dienhinh.registrations.models import AnnualRating, Candidate, Erasure, Registration
from tests.honours import factories as hf
from tests.registrations import factories as rf

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def person(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    c = rf.candidate(
        name="Lò Thị Mai", address="Bản Hon, Tam Đường", position="Y sĩ", birth_year=1984
    )
    AnnualRating.objects.create(candidate=c, year=2024, level="htt")
    evidence.add_evidence(c, SimpleUploadedFile("bang-khen.pdf", PDF), actor=rf.TEST_ACTOR)
    return c


def test_the_privacy_notice_is_public_in_both_languages(db):
    client = Client()
    vi = client.get("/privacy/").content.decode()
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in vi and "Quyền của bạn" in vi
    client.post("/i18n/setlang/", {"language": "en"})
    en = client.get("/privacy/").content.decode()
    assert "Your rights" in en and "91/2025/QH15" in en


def test_the_footer_and_the_portal_link_the_notice(db):
    page = Client().get("/portal/").content.decode()
    assert page.count('href="/privacy/"') == 2


def test_the_unit_exports_everything_held_about_one_person(person, client_for):
    response = client_for("officer_a").post(
        f"/registrations/candidates/{person.pk}/personal-data/export/"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("personal-data.json"))
    assert data["candidate"]["name"] == "Lò Thị Mai"
    assert data["candidate"]["address"] == "Bản Hon, Tam Đường"
    assert data["candidate"]["birth_year"] == 1984
    assert [r["year"] for r in data["ratings"]] == [2024]
    assert [e["original_name"] for e in data["evidence"]] == ["bang-khen.pdf"]
    assert any(e["action"] == "evidence.add" for e in data["audit_trail"])
    files = [n for n in archive.namelist() if n.startswith("evidence/")]
    assert len(files) == 1 and archive.read(files[0]) == PDF
    assert AuditEntry.objects.filter(action="candidate.personal_data_export").exists()


@pytest.mark.parametrize("persona", ["officer_b", "qb_standing", "council"])
def test_others_cannot_export_it(person, client_for, persona):
    url = f"/registrations/candidates/{person.pk}/personal-data/export/"
    assert client_for(persona).post(url).status_code == 404
    assert not AuditEntry.objects.filter(action="candidate.personal_data_export").exists()


def test_the_standing_agency_erases_a_candidate_never_honoured(person, client_for):
    stored = person.evidence.get().file.name
    assert default_storage.exists(stored)
    client = client_for("standing")
    url = f"/registrations/candidates/{person.pk}/personal-data/erase/"
    response = client.post(url, {"reason": "Đơn đề nghị ngày 02/03/2026"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert "Mai" not in person.name and person.address == "" and person.position == ""
    assert person.birth_year is None
    assert not default_storage.exists(stored)
    assert not person.evidence.exists() and not person.ratings.exists()
    erasure = Erasure.objects.get(candidate=person)
    assert erasure.reason == "Đơn đề nghị ngày 02/03/2026"
    assert erasure.erased_by.username == "lc.snv" and erasure.files_deleted == 1
    entry = AuditEntry.objects.get(action="candidate.erase")
    assert "Mai" not in json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr
    page = client.get(f"/registrations/candidates/{person.pk}/personal-data/")
    assert "Đơn đề nghị ngày 02/03/2026" in page.content.decode()
    # Not reversible, not twice.
    again = client.post(url, {"reason": "lần hai"}, follow=True)
    assert "đã được xóa" in again.content.decode()
    assert Erasure.objects.filter(candidate=person).count() == 1


def test_an_erasure_needs_a_reason(person, client_for):
    client_for("standing").post(
        f"/registrations/candidates/{person.pk}/personal-data/erase/", {"reason": "  "}
    )
    person.refresh_from_db()
    assert person.name == "Lò Thị Mai" and not Erasure.objects.exists()


def test_an_honoured_candidate_is_not_erased(db, client_for):
    honoured = hf.exemplar(state=ExemplarState.RECOGNISED, name="Trạm Y tế Bản Bo").candidate
    response = client_for("standing").post(
        f"/registrations/candidates/{honoured.pk}/personal-data/erase/",
        {"reason": "Đơn đề nghị"},
        follow=True,
    )
    assert "hồ sơ công khai" in response.content.decode()
    honoured.refresh_from_db()
    assert honoured.name == "Trạm Y tế Bản Bo" and not Erasure.objects.exists()


def test_the_unit_may_not_erase(person, client_for):
    response = client_for("officer_a").post(
        f"/registrations/candidates/{person.pk}/personal-data/erase/", {"reason": "x"}
    )
    assert response.status_code == 403 and not Erasure.objects.exists()


def _aged(candidate, status, years_ago, year=2024):
    # Registered for a year the program allows, then dated `years_ago` back.
    reg = rf.registration(candidate.organisation.code, [candidate], year=year, status=status)
    then = timezone.now() - datetime.timedelta(days=365 * years_ago + 10)
    Registration.objects.filter(pk=reg.pk).update(created_at=then, decided_at=then)
    Candidate.objects.filter(pk=candidate.pk).update(created_at=then)
    return reg


def test_retention_anonymises_old_candidates_never_accepted(db, settings):
    settings.DIENHINH = {**settings.DIENHINH, "RETENTION_UNACCEPTED_YEARS": 5}
    old = rf.candidate(name="Hoàng Văn Cũ")
    _aged(old, RegistrationStatus.RETURNED, 6)
    recent = rf.candidate(name="Hoàng Văn Mới", org_code="LC-SYT-CDC")
    _aged(recent, RegistrationStatus.RETURNED, 2)
    accepted = hf.exemplar(name="Đã tiếp nhận").candidate
    Candidate.objects.filter(pk=accepted.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=365 * 9)
    )

    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    listed = [line.split("\t")[0] for line in out.getvalue().splitlines() if "\t" in line]
    assert listed == [str(old.pk)]
    assert Candidate.objects.get(pk=old.pk).name == "Hoàng Văn Cũ"

    call_command("apply_retention", stdout=io.StringIO())
    assert Candidate.objects.get(pk=old.pk).name == f"Đã xóa dữ liệu cá nhân #{old.pk}"
    assert Candidate.objects.get(pk=recent.pk).name == "Hoàng Văn Mới"
    assert Candidate.objects.get(pk=accepted.pk).name == "Đã tiếp nhận"
    erasure = Erasure.objects.get()
    assert erasure.kind == "retention" and erasure.erased_by is None
    assert erasure.erased_by_name == "apply_retention"
    assert privacy.expired().count() == 0


def test_a_draft_registration_keeps_the_candidate(db):
    kept = rf.candidate(name="Đang soạn")
    _aged(kept, RegistrationStatus.DRAFT, 8, year=rf.YEAR[rf.LC])
    assert not privacy.expired().filter(pk=kept.pk).exists()
