import pytest
from django.core import mail
from django.utils import translation

from dienhinh.core.actors import system
from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import AuditEntry
from dienhinh.registrations.domain import Conflict
from dienhinh.registrations.domain import candidates as cand_domain
from dienhinh.registrations.domain.workflow import TransitionError, transition
from dienhinh.registrations.enums import ExemplarState
from dienhinh.registrations.enums import RegistrationStatus as S
from dienhinh.registrations.models import Exemplar
from tests.registrations import factories as f


@pytest.fixture
def reg(db):
    return f.registration("LC-SYT", [f.candidate(), f.candidate(name="Trần Thị Bình")])


def _submitted(reg, personas):
    transition(reg, "request_approval", actor=personas["officer_a"])
    return transition(reg, "approve", actor=personas["head_a"])


def test_full_path_to_acceptance_creates_nurturing_exemplars(reg, personas):
    transition(reg, "request_approval", actor=personas["officer_a"])
    assert reg.status == S.AWAITING_APPROVAL
    transition(reg, "approve", actor=personas["head_a"])
    reg.refresh_from_db()
    assert reg.status == S.SUBMITTED
    assert reg.approved_by == personas["head_a"]
    transition(reg, "accept", actor=personas["standing"])
    reg.refresh_from_db()
    assert reg.status == S.ACCEPTED
    states = list(Exemplar.objects.filter(entry__registration=reg).values_list("state", flat=True))
    assert states == [ExemplarState.NURTURING, ExemplarState.NURTURING]
    actions = list(
        AuditEntry.objects.for_object(reg).order_by("id").values_list("action", flat=True)
    )
    assert actions[-3:] == [
        "registration.request_approval",
        "registration.approve",
        "registration.accept",
    ]


def test_transition_audit_keeps_before_after_and_reason(reg, personas):
    _submitted(reg, personas)
    entry = reg.entries.first()
    transition(
        reg,
        "return",
        actor=personas["standing"],
        reason="Thiếu minh chứng",
        entry_reasons={entry.pk: "Chưa có quyết định công nhận"},
    )
    audit = AuditEntry.objects.for_object(reg).filter(action="registration.return").get()
    assert audit.changes["status"] == ["submitted", "returned"]
    assert audit.reason == "Thiếu minh chứng"
    assert list(audit.changes["entry_reasons"][1].values()) == ["Chưa có quyết định công nhận"]


def test_return_marks_entries_and_resubmit_clears_them(reg, personas, immediate_tasks):
    _submitted(reg, personas)
    entry = reg.entries.first()
    transition(reg, "return", actor=personas["standing"], entry_reasons={entry.pk: "Sai lĩnh vực"})
    entry.refresh_from_db()
    assert (reg.status, entry.status, entry.return_reason) == (
        S.RETURNED,
        "returned",
        "Sai lĩnh vực",
    )
    transition(reg, "request_approval", actor=personas["officer_a"])
    entry.refresh_from_db()
    assert (reg.status, entry.status, entry.return_reason) == (S.AWAITING_APPROVAL, "included", "")


def test_return_sends_the_notice_to_the_unit_officers(
    reg, personas, immediate_tasks, django_capture_on_commit_callbacks
):
    _submitted(reg, personas)
    with django_capture_on_commit_callbacks(execute=True):
        transition(reg, "return", actor=personas["standing"], reason="Bổ sung giải pháp")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hang.nt@example.vn"]
    assert "Bổ sung giải pháp" in mail.outbox[0].body


def test_head_can_send_back_with_a_reason(reg, personas):
    transition(reg, "request_approval", actor=personas["officer_a"])
    transition(reg, "send_back", actor=personas["head_a"], reason="Bổ sung")
    assert reg.status == S.DRAFT


def test_withdraw_from_draft(reg, personas):
    transition(reg, "withdraw", actor=personas["officer_a"], reason="Đăng ký nhầm")
    assert reg.status == S.WITHDRAWN


@pytest.mark.parametrize(
    ("action", "persona", "error"),
    [
        ("request_approval", "head_a", NotPermitted),  # the head does not draft
        ("request_approval", "standing", NotPermitted),
        ("request_approval", "officer_b", NotVisible),  # another unit
        ("request_approval", "qb_officer", NotVisible),
        ("approve", "officer_a", TransitionError),  # wrong state and role
        ("approve", "qb_officer", NotVisible),  # wrong state, but nothing said to an outsider
    ],
)
def test_draft_moves_refused_for_the_wrong_role_or_unit(reg, personas, action, persona, error):
    # Who sees it first (NotVisible), then the state (TransitionError), then the actor's role
    # (NotPermitted).
    with pytest.raises(error):
        transition(reg, action, actor=personas[persona])
    reg.refresh_from_db()
    assert reg.status == S.DRAFT


@pytest.mark.parametrize(
    ("persona", "error"),
    [("officer_a", NotPermitted), ("standing", NotPermitted), ("head_b", NotVisible)],
)
def test_approve_only_by_the_head_of_that_unit(reg, personas, persona, error):
    transition(reg, "request_approval", actor=personas["officer_a"])
    with pytest.raises(error):
        transition(reg, "approve", actor=personas[persona])


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("officer_a", NotPermitted),
        ("head_a", NotPermitted),
        ("qb_standing", NotVisible),
        ("admin", NotPermitted),
    ],
)
def test_accept_only_by_a_standing_officer_covering_the_unit(reg, personas, persona, error):
    _submitted(reg, personas)
    with pytest.raises(error):
        transition(reg, "accept", actor=personas[persona])


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.DRAFT, "accept"),
        (S.DRAFT, "return"),
        (S.DRAFT, "approve"),
        (S.ACCEPTED, "withdraw"),
        (S.ACCEPTED, "request_approval"),
        (S.WITHDRAWN, "request_approval"),
        (S.SUBMITTED, "request_approval"),
    ],
)
def test_moves_refused_in_the_wrong_state(reg, personas, status, action):
    type(reg).objects.filter(pk=reg.pk).update(status=status)
    actor = {"accept": "standing", "return": "standing", "approve": "head_a"}.get(
        action, "officer_a"
    )
    with pytest.raises(TransitionError):
        transition(reg, action, actor=personas[actor], reason="x")


def test_return_without_any_reason_is_refused(reg, personas):
    _submitted(reg, personas)
    with pytest.raises(TransitionError):
        transition(reg, "return", actor=personas["standing"])


def test_empty_registration_cannot_be_sent(personas, db):
    reg = f.registration("LC-SYT", [])
    with pytest.raises(TransitionError):
        transition(reg, "request_approval", actor=personas["officer_a"])


def test_stale_version_is_a_conflict(reg, personas):
    old = reg.version
    transition(reg, "request_approval", actor=personas["officer_a"])
    with pytest.raises(Conflict):
        transition(reg, "send_back", actor=personas["head_a"], reason="x", version=old)


def test_transition_view_reports_a_refusal(reg, client_for):
    response = client_for("head_a").post(
        f"/registrations/{reg.pk}/move/",
        {"action": "approve", "version": reg.version},
        follow=True,
    )
    assert response.status_code == 200
    reg.refresh_from_db()
    assert reg.status == S.DRAFT
    assert (
        "Không thể thực hiện thao tác “Phê duyệt và gửi” đối với biểu đăng ký ở trạng thái "
        "“Dự thảo”."
    ) in response.content.decode()


def test_outsider_transition_view_is_404(reg, client_for):
    assert (
        client_for("officer_b")
        .post(f"/registrations/{reg.pk}/move/", {"action": "withdraw", "reason": "x"})
        .status_code
        == 404
    )


@pytest.mark.parametrize(("action", "actor"), [("return", "standing"), ("send_back", "head_a")])
def test_approval_is_cleared_when_the_registration_goes_back(
    reg, personas, client_for, action, actor
):
    transition(reg, "request_approval", actor=personas["officer_a"])
    if action == "return":
        transition(reg, "approve", actor=personas["head_a"])
        reg.refresh_from_db()
        assert reg.approved_by == personas["head_a"]
    transition(reg, action, actor=personas[actor], reason="Bổ sung")
    reg.refresh_from_db()
    assert reg.approved_by is None
    body = client_for("officer_a").get(f"/registrations/{reg.pk}/").content.decode()
    assert "Người phê duyệt" not in body


def test_approval_shows_only_while_with_the_standing_agency(reg, personas, client_for):
    _submitted(reg, personas)
    url = f"/registrations/{reg.pk}/"
    assert "Người phê duyệt" in client_for("officer_a").get(url).content.decode()
    # A stale approver on a registration awaiting a new approval is not shown.
    type(reg).objects.filter(pk=reg.pk).update(status=S.AWAITING_APPROVAL)
    assert "Người phê duyệt" not in client_for("officer_a").get(url).content.decode()


def test_history_shows_words_and_system_for_commands(reg, personas, client_for):
    transition(reg, "request_approval", actor=personas["officer_a"])
    body = client_for("officer_a").get(f"/registrations/{reg.pk}/").content.decode()
    history = body[body.index('class="timeline"') :]
    assert "registration." not in history
    assert "Trình thủ trưởng phê duyệt" in history
    assert _vi("System") in history  # the factory's actor is a command, not a person
    assert "Lập biểu đăng ký mới" in history


def _vi(text):
    with translation.override("vi"):
        return translation.gettext(text)


def not_eligible_text(names):
    from dienhinh.registrations.views.registrations import not_eligible_text as text

    with translation.override("vi"):
        return text(names)


def _not_eligible_candidate():
    c = f.candidate(name="Vũ Thị Hà", rated=True, recognition_date=f.D(2025, 3, 31), field_code="e")
    ratings = {y: "htt" for y in range(2020, 2025)} | {2024: "kht"}
    cand_domain.save_facts(c, actor=system("test"), version=None, ratings=ratings)
    return c


def test_sending_a_not_eligible_candidate_warns_but_does_not_block(db, personas, client_for):
    c = _not_eligible_candidate()
    reg = f.registration("LC-SYT", [c, f.candidate()])
    url = f"/registrations/{reg.pk}/"
    warning = not_eligible_text(["Vũ Thị Hà"])
    page = client_for("officer_a").get(url).content.decode()
    assert warning in page
    response = client_for("officer_a").post(
        f"{url}move/", {"action": "request_approval", "version": reg.version}, follow=True
    )
    reg.refresh_from_db()
    assert reg.status == S.AWAITING_APPROVAL
    messages = [str(m) for m in response.context["messages"]]
    assert any(warning in m for m in messages)
    # The head sees the same warning before approving.
    assert warning in client_for("head_a").get(url).content.decode()


def test_no_warning_when_every_candidate_may_be_eligible(reg, client_for):
    body = client_for("officer_a").get(f"/registrations/{reg.pk}/").content.decode()
    assert not_eligible_text([""]).split(":")[0] not in body


def test_registration_page_links_to_the_form_downloads_and_import(reg, client_for):
    url = f"/registrations/{reg.pk}/"
    base = f"/documents/form/{f.LC}/LC-SYT/"
    officer = client_for("officer_a").get(url).content.decode()
    for fmt in ("docx", "pdf", "xlsx"):
        assert f'href="{base}download.{fmt}?year={reg.year}"' in officer
    assert f'href="{base}?year={reg.year}"' in officer
    standing = client_for("standing").get(url).content.decode()
    assert f'href="{base}download.pdf?year={reg.year}"' in standing
    # The standing agency does not import: its link to the form page is for the signed files.
    assert f'href="{base}?year={reg.year}"' in standing
    assert "Biểu đăng ký và minh chứng đã ký số" in standing and "Nhập biểu đã điền" not in standing
    assert client_for("officer_b").get(url).status_code == 404
