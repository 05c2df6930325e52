"""Decisions per entry, frozen dossiers, one live registration, the version on every edit."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from dienhinh.core.errors import NotPermitted
from dienhinh.core.models import AuditEntry
from dienhinh.documents.sources import registration_form_data
from dienhinh.orgs.models import Organisation
from dienhinh.registrations.domain import DomainError
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain import registrations as reg_domain
from dienhinh.registrations.domain.dossiers import dossier_as_submitted
from dienhinh.registrations.domain.registrations import AlreadyRegistered
from dienhinh.registrations.domain.workflow import TransitionError, transition
from dienhinh.registrations.enums import EntryStatus
from dienhinh.registrations.enums import RegistrationStatus as S
from dienhinh.registrations.models import Dossier, Exemplar, Registration
from tests.registrations import factories as f

NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lò Văn Cường")


@pytest.fixture
def reg(db):
    return f.registration("LC-SYT", [f.candidate(name=n) for n in NAMES])


def _submit(reg, personas):
    transition(reg, "request_approval", actor=personas["officer_a"])
    return transition(reg, "approve", actor=personas["head_a"])


def _entries(reg):
    return {e.candidate.name: e for e in reg.entries.select_related("candidate")}


def _partly_accepted(reg, personas):
    _submit(reg, personas)
    third = _entries(reg)[NAMES[2]]
    transition(
        reg, "accept", actor=personas["standing"], entry_reasons={third.pk: "Thiếu minh chứng"}
    )
    return third


def test_accept_with_a_reason_against_one_entry_accepts_the_others_and_returns_it(
    reg, personas, immediate_tasks, django_capture_on_commit_callbacks
):
    _submit(reg, personas)
    third = _entries(reg)[NAMES[2]]
    with django_capture_on_commit_callbacks(execute=True):
        transition(
            reg,
            "accept",
            actor=personas["standing"],
            entry_reasons={third.pk: "Thiếu quyết định công nhận"},
        )
    reg.refresh_from_db()
    assert reg.status == S.PARTLY_ACCEPTED
    statuses = {name: (e.status, e.return_reason) for name, e in _entries(reg).items()}
    assert statuses == {
        NAMES[0]: (EntryStatus.ACCEPTED, ""),
        NAMES[1]: (EntryStatus.ACCEPTED, ""),
        NAMES[2]: (EntryStatus.RETURNED, "Thiếu quyết định công nhận"),
    }
    exemplars = sorted(
        Exemplar.objects.filter(entry__registration=reg).values_list("candidate__name", flat=True)
    )
    assert exemplars == sorted(NAMES[:2])
    audit = AuditEntry.objects.for_object(reg).get(action="registration.accept_part")
    assert audit.changes["entry_reasons"][1] == {NAMES[2]: "Thiếu quyết định công nhận"}
    assert len(mail.outbox) == 1
    assert "Lò Văn Cường: Thiếu quyết định công nhận" in mail.outbox[0].body


def test_the_unit_resubmits_only_the_returned_entry(reg, personas):
    third = _partly_accepted(reg, personas)
    first = _entries(reg)[NAMES[0]]
    # The accepted entries stay: the unit cannot take them out.
    with pytest.raises(DomainError, match="vẫn giữ trong biểu đăng ký"):
        reg_domain.set_entries(
            reg, actor=personas["officer_a"], candidates=[third.candidate], notes="", version=None
        )
    _submit(reg, personas)
    assert _entries(reg)[NAMES[2]].status == EntryStatus.INCLUDED
    # A reason may not be given against an entry already decided.
    with pytest.raises(TransitionError):
        transition(reg, "accept", actor=personas["standing"], entry_reasons={first.pk: "x"})
    transition(reg, "accept", actor=personas["standing"])
    reg.refresh_from_db()
    assert reg.status == S.ACCEPTED
    assert Exemplar.objects.filter(entry__registration=reg).count() == 3
    # The third entry's dossier was taken twice (two submissions), the others once.
    counts = {n: Dossier.objects.filter(entry=e).count() for n, e in _entries(reg).items()}
    assert counts == {NAMES[0]: 1, NAMES[1]: 1, NAMES[2]: 2}


def test_accept_with_a_reason_against_every_entry_is_refused(reg, personas):
    _submit(reg, personas)
    reasons = {e.pk: "Sai" for e in reg.entries.all()}
    with pytest.raises(TransitionError, match="không còn mục nào để tiếp nhận"):
        transition(reg, "accept", actor=personas["standing"], entry_reasons=reasons)
    reg.refresh_from_db()
    assert reg.status == S.SUBMITTED
    assert not Exemplar.objects.filter(entry__registration=reg).exists()


def test_partly_accepted_registration_cannot_be_withdrawn(reg, personas):
    _partly_accepted(reg, personas)
    with pytest.raises(TransitionError):
        transition(reg, "withdraw", actor=personas["officer_a"], reason="x")


def test_decision_page_accepts_some_and_shows_the_reason_to_the_unit(reg, personas, client_for):
    _submit(reg, personas)
    third = _entries(reg)[NAMES[2]]
    response = client_for("standing").post(
        f"/registrations/{reg.pk}/move/",
        {"action": "accept", "version": reg.version, f"entry_reason_{third.pk}": "Sai lĩnh vực"},
        follow=True,
    )
    assert response.status_code == 200
    reg.refresh_from_db()
    assert reg.status == S.PARTLY_ACCEPTED
    page = client_for("officer_a").get(f"/registrations/{reg.pk}/").content.decode()
    assert "Sai lĩnh vực" in page
    assert "Tiếp nhận một phần" in page


def test_exported_form_notes_carry_the_return_reason(reg, personas):
    _partly_accepted(reg, personas)
    data = registration_form_data(reg.program, reg.organisation, reg.year)
    notes = {row.name: row.notes for row in data.rows}
    assert notes[NAMES[2]].endswith("Trả lại: Thiếu minh chứng")
    assert "Trả lại" not in notes[NAMES[0]]


def test_transition_post_without_version_is_refused(reg, personas, client_for):
    response = client_for("officer_a").post(
        f"/registrations/{reg.pk}/move/", {"action": "request_approval"}, follow=True
    )
    reg.refresh_from_db()
    assert reg.status == S.DRAFT
    assert "không cho biết phiên bản" in response.content.decode()


def test_the_same_move_posted_twice_is_done_once(reg, personas, client_for):
    # A double click sends the form twice with the version it was read at.
    _submit(reg, personas)
    client = client_for("standing")
    post = {"action": "accept", "version": reg.version}
    client.post(f"/registrations/{reg.pk}/move/", post)
    again = client.post(f"/registrations/{reg.pk}/move/", post, follow=True)
    reg.refresh_from_db()
    assert reg.status == S.ACCEPTED
    accepts = AuditEntry.objects.for_object(reg).filter(action="registration.accept")
    assert accepts.count() == 1
    assert Exemplar.objects.filter(entry__registration=reg).count() == len(NAMES)
    assert "messages__item--error" in again.content.decode()


def test_every_move_asks_for_confirmation_and_the_form_is_sent_once(reg, personas, client_for):
    _submit(reg, personas)
    page = client_for("standing").get(f"/registrations/{reg.pk}/").content.decode()
    form = page[page.index('action="/registrations/') : page.index("</form>", page.index("/move/"))]
    assert "data-once" in form
    buttons = re.findall(r"<button[^>]*name=\"action\"[^>]*>", form)
    assert {re.search(r'value="(\w+)"', b).group(1) for b in buttons} == {"accept", "return"}
    for button in buttons:
        assert 'data-confirm="' in button and "data-confirm-yes" in button
    assert "Tiếp nhận biểu đăng ký của Sở Y tế tỉnh Lai Châu" in form


# --- frozen dossiers ---


def test_submission_freezes_each_dossier(reg, personas):
    c = _entries(reg)[NAMES[0]].candidate
    f.five_good_years(c, 2024, excellent=2023)
    _submit(reg, personas)
    data = dossier_as_submitted(_entries(reg)[NAMES[0]])
    assert data["name"] == NAMES[0]
    assert data["ratings"]["2023"] == "htxs"
    assert data["verdict"]["verdict"] in ("pass", "fail", "incomplete")
    assert data["evidence"] == []


def test_edit_after_submission_shows_changed_since_submission(reg, personas, client_for):
    _submit(reg, personas)
    entry = _entries(reg)[NAMES[0]]
    c = entry.candidate
    cand_domain.update_candidate(
        c, actor=personas["officer_a"], version=c.version, name="Nguyễn Văn Ân"
    )
    page = client_for("standing").get(f"/registrations/{reg.pk}/").content.decode()
    assert "Đã thay đổi sau khi gửi" in page
    assert "Nguyễn Văn Ân" in page and NAMES[0] in page
    assert dossier_as_submitted(entry)["name"] == NAMES[0]


def test_the_candidate_page_shows_the_same_diff(reg, personas, client_for):
    _submit(reg, personas)
    c = _entries(reg)[NAMES[0]].candidate
    client = client_for("officer_a")
    before = client.get(f"/registrations/candidates/{c.pk}/").content.decode()
    assert "Đã thay đổi sau khi gửi" not in before
    cand_domain.update_candidate(
        c, actor=personas["officer_a"], version=c.version, workplace="Khoa Ngoại"
    )
    page = client.get(f"/registrations/candidates/{c.pk}/").content.decode()
    start = page.index('<details class="changes">')
    changes = page[start : page.index("</details>", start)]
    assert "Phòng Tổ chức" in changes and "Khoa Ngoại" in changes


def test_after_acceptance_the_unit_officer_is_refused_and_the_standing_agency_corrects(
    reg, personas
):
    _submit(reg, personas)
    transition(reg, "accept", actor=personas["standing"])
    entry = _entries(reg)[NAMES[0]]
    c = entry.candidate
    with pytest.raises(NotPermitted, match="Chỉ cơ quan thường trực"):
        cand_domain.update_candidate(c, actor=personas["officer_a"], version=c.version, name="X")
    with pytest.raises(NotPermitted):
        cand_domain.save_facts(
            c, actor=personas["officer_a"], version=c.version, ratings={2024: "htxs"}
        )
    with pytest.raises(DomainError, match="lý do"):
        cand_domain.update_candidate(c, actor=personas["standing"], version=c.version, name="X")
    accepted_at = Dossier.objects.get(entry=entry).taken_at
    cand_domain.update_candidate(
        c,
        actor=personas["standing"],
        version=c.version,
        name="Nguyễn Văn Ân",
        reason="Sai chính tả theo CCCD",
    )
    c.refresh_from_db()
    assert c.name == "Nguyễn Văn Ân"
    assert dossier_as_submitted(entry)["name"] == "Nguyễn Văn Ân"
    # What was true before the correction stays readable for documents made then.
    assert dossier_as_submitted(entry, at=accepted_at)["name"] == NAMES[0]
    audit = AuditEntry.objects.for_object(c).get(action="candidate.correct")
    assert audit.reason == "Sai chính tả theo CCCD"


def test_unit_officer_edit_page_after_acceptance_refuses_with_the_message(
    reg, personas, client_for
):
    _submit(reg, personas)
    transition(reg, "accept", actor=personas["standing"])
    c = _entries(reg)[NAMES[0]].candidate
    response = client_for("officer_a").post(
        f"/registrations/candidates/{c.pk}/facts/",
        {"version": c.version, "stable_years": "3"},
    )
    c.refresh_from_db()
    assert c.stable_years is None
    assert response.status_code == 409
    assert "Chỉ cơ quan thường trực được hiệu chỉnh" in response.content.decode()


# --- one live registration, one live entry ---


def test_second_live_registration_is_refused(reg, personas):
    with pytest.raises(AlreadyRegistered):
        f.registration("LC-SYT")


def test_the_database_holds_one_live_registration(reg):
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            program=reg.program, organisation=reg.organisation, year=reg.year
        )


def test_a_withdrawn_registration_makes_room(reg, personas):
    transition(reg, "withdraw", actor=personas["officer_a"], reason="Nhầm")
    assert f.registration("LC-SYT").status == S.DRAFT


def test_a_candidate_is_in_one_live_entry_per_program_and_year(db):
    c = f.candidate("LC-SYT-BVDK")
    f.registration("LC-SYT-BVDK", [c], year=2024)
    parent = f.registration("LC-SYT", year=2024)
    with pytest.raises(DomainError, match="đã có trong biểu đăng ký"):
        reg_domain.set_entries(parent, actor=f.TEST_ACTOR, candidates=[c], notes="", version=None)
    assert f.registration("LC-SYT", [c], year=f.YEAR[f.LC]).entries.count() == 1


def test_create_page_reports_the_existing_registration(reg, client_for):
    response = client_for("officer_a").post(
        "/registrations/new/",
        {"program": reg.program.pk, "organisation": reg.organisation.pk, "year": reg.year},
    )
    assert response.status_code == 200
    assert "đã có biểu đăng ký" in response.content.decode()


# --- the registration's year: within the program's period, not beyond next year ---


def test_registration_year_beyond_next_year_is_refused(db):
    too_far = timezone.localdate().year + 2
    with pytest.raises(reg_domain.YearRefused, match=f"{too_far}") as refused:
        f.registration("LC-SYT", year=too_far)
    assert str(timezone.localdate().year + 1) in str(refused.value)  # the latest it may be
    assert not Registration.objects.filter(year=too_far).exists()


def test_registration_year_for_next_year_is_allowed(db):
    assert f.registration("LC-SYT", year=timezone.localdate().year + 1).pk


def test_registration_year_outside_a_fixed_period_is_refused(db):
    qb = f.program(f.QB)  # Quảng Bình's plan fixes 2021–2025
    with pytest.raises(reg_domain.YearRefused, match="2025"):
        f.registration("QB-SXD-TTR", year=2026, program_code=f.QB)
    with pytest.raises(reg_domain.YearRefused, match="2021"):
        f.registration("QB-SXD-TTR", year=2020, program_code=f.QB)
    assert f.registration("QB-SXD-TTR", year=2025, program_code=f.QB).program == qb


def test_registration_year_before_an_open_period_is_refused(db):
    # Lai Châu's guide sets no end, but it starts on 02/07/2024.
    with pytest.raises(reg_domain.YearRefused, match="2024"):
        f.registration("LC-SYT", year=2023)


def test_create_page_names_the_year_that_is_refused(db, client_for):
    year = timezone.localdate().year + 4
    response = client_for("officer_a").post(
        "/registrations/new/",
        {
            "program": f.program().pk,
            "organisation": Organisation.objects.get(code="LC-SYT").pk,
            "year": year,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["year"]
    assert str(year) in errors[0] and "quá xa" in errors[0]
    assert not Registration.objects.filter(year=year).exists()


# --- the version on every edit; the saved answers kept ---


def test_candidate_edit_without_version_is_refused(db, client_for):
    c = f.candidate(notes="cũ")
    response = client_for("officer_a").post(
        f"/registrations/candidates/{c.pk}/edit/",
        {
            "organisation": c.organisation_id,
            "subject_type": "individual",
            "name": "Tên khác",
            "workplace": "Phòng Tổ chức",
        },
    )
    c.refresh_from_db()
    assert c.name == "Nguyễn Văn An"
    assert "không cho biết phiên bản" in response.content.decode()


def test_entries_form_without_version_is_refused(reg, client_for):
    response = client_for("officer_a").post(f"/registrations/{reg.pk}/", {"notes": "mới"})
    reg.refresh_from_db()
    assert response.status_code == 400
    assert reg.notes == ""
    assert reg.entries.count() == 3


@pytest.mark.parametrize("rated", [True, False])
def test_editing_only_the_notes_keeps_under_the_rating_regime(db, client_for, rated):
    c = f.candidate(rated=rated)
    page = client_for("officer_a").get(f"/registrations/candidates/{c.pk}/edit/")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["notes"] = "Chỉ sửa ghi chú"
    response = client_for("officer_a").post(f"/registrations/candidates/{c.pk}/edit/", data)
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.notes, c.rated) == ("Chỉ sửa ghi chú", rated)
