"""Each kind of notification reaches the people who wait on it, and nobody else."""

import datetime

import pytest
from django.core import mail

from dienhinh.honours.domain import decisions
from dienhinh.notifications.enums import Kind
from dienhinh.notifications.models import Notification
from dienhinh.programs.models import Program
from dienhinh.registrations.domain.workflow import transition
from dienhinh.registrations.enums import ExemplarState
from tests.honours import factories as hf
from tests.registrations import factories as f

pytestmark = pytest.mark.usefixtures("immediate_tasks", "read_so_far")


@pytest.fixture
def reg(db):
    return f.registration("LC-SYT", [f.candidate(), f.candidate(name="Trần Thị Bình")])


def _readers(since, kind):
    notes = since(Notification.objects.filter(kind=kind))
    return sorted(notes.values_list("user__username", flat=True))


def _move(capture, reg, action, actor, **kwargs):
    with capture(execute=True):
        transition(reg, action, actor=actor, **kwargs)


def test_asking_for_approval_notifies_the_units_head_only(
    since, reg, personas, django_capture_on_commit_callbacks
):
    _move(django_capture_on_commit_callbacks, reg, "request_approval", personas["officer_a"])
    assert _readers(since, Kind.APPROVAL_REQUESTED) == ["lc.thutruong"]
    assert [m.to for m in mail.outbox] == [["thang.hv@example.vn"]]
    assert "Nguyễn Thị Hằng" in mail.outbox[0].body  # who asks
    assert "Sở Y tế" in mail.outbox[0].subject
    assert "http://127.0.0.1:8000/registrations/" in mail.outbox[0].body  # an absolute link
    assert (
        personas["head_a"].__class__.objects.get(username="lc.thutruong").unread_notifications == 1
    )


def test_the_heads_sending_back_tells_the_officer_why(
    since, reg, personas, django_capture_on_commit_callbacks
):
    transition(reg, "request_approval", actor=personas["officer_a"])
    _move(
        django_capture_on_commit_callbacks, reg, "send_back", personas["head_a"], reason="Bổ sung"
    )
    assert _readers(since, Kind.REGISTRATION_DECIDED) == ["lc.canbo"]
    assert mail.outbox[-1].subject.startswith("Thủ trưởng đã trả lại bản đăng ký tham gia")
    assert "Lý do: Bổ sung" in mail.outbox[-1].body


def test_submission_notifies_the_standing_agency_and_not_the_council(
    since, reg, personas, django_capture_on_commit_callbacks
):
    transition(reg, "request_approval", actor=personas["officer_a"])
    _move(django_capture_on_commit_callbacks, reg, "approve", personas["head_a"])
    assert _readers(since, Kind.SUBMITTED) == ["lc.snv"]
    # Neither the council, nor another province's standing agency, nor another unit hears of it.
    others = ["lc.hoidong", "qb.vanphong", "lc.tamduong", "qb.canbo"]
    assert since(Notification.objects.filter(user__username__in=others)).count() == 0


def test_a_return_tells_the_unit_each_entry_and_its_reason(
    since, reg, personas, django_capture_on_commit_callbacks
):
    transition(reg, "request_approval", actor=personas["officer_a"])
    transition(reg, "approve", actor=personas["head_a"])
    second = reg.entries.get(candidate__name="Trần Thị Bình")
    _move(
        django_capture_on_commit_callbacks,
        reg,
        "accept",
        personas["standing"],
        entry_reasons={second.pk: "Thiếu quyết định công nhận"},
    )
    assert _readers(since, Kind.REGISTRATION_DECIDED) == ["lc.canbo"]
    note = since(Notification.objects.filter(kind=Kind.REGISTRATION_DECIDED)).get()
    assert note.params["returned"] == [["Trần Thị Bình", "Thiếu quyết định công nhận"]]
    assert mail.outbox[-1].to == ["hang.nt@example.vn"]
    assert "Trần Thị Bình: Thiếu quyết định công nhận" in mail.outbox[-1].body
    assert "chấp nhận một phần" in mail.outbox[-1].subject


def test_a_vote_opened_reaches_its_members_only(
    since, personas, django_capture_on_commit_callbacks
):
    ex = hf.exemplar(state=ExemplarState.RECOGNISED)
    members = hf.council_of(3)
    with django_capture_on_commit_callbacks(execute=True):
        hf.session(personas["standing"], [ex])
    assert _readers(since, Kind.VOTE_OPENED) == sorted(m.username for m in members)
    assert "lc.snv" not in _readers(since, Kind.VOTE_OPENED)
    assert "qb.hoidong" not in _readers(since, Kind.VOTE_OPENED)


def test_a_decision_tells_the_honoured_units_people(
    since, personas, django_capture_on_commit_callbacks
):
    ex = hf.selected(personas["standing"])
    unit_b = personas["officer_b"].memberships.current().get().organisation.code
    other = hf.selected(personas["standing"], org_code=unit_b)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.record_decision(
            actor=personas["standing"],
            program=Program.objects.get(code="lai-chau-2533"),
            exemplars=[ex, other],
            number="12/QĐ-UBND",
            date=datetime.date(2025, 4, 1),
            authority="UBND tỉnh Lai Châu",
            form="bang_khen",
        )
    notes = since(Notification.objects.filter(kind=Kind.DECISION_RECORDED))
    by_user = {n.user.username: n.params["names"] for n in notes}
    assert by_user == {
        "lc.canbo": [ex.candidate.name],
        "lc.thutruong": [ex.candidate.name],
        "lc.tamduong": [other.candidate.name],
        "lc.tamduong.truong": [other.candidate.name],
    }
