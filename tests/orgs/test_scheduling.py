"""Restructurings dated in the future: scheduled, applied on their date (daily task and
`apply_restructuring`), or cancelled with a reason before it (issue 13, item 5)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import AuditEntry
from dienhinh.orgs import domain, scheduling
from dienhinh.orgs.enums import EventStatus, OrgStatus
from dienhinh.orgs.models import Membership, OrganisationEvent
from dienhinh.orgs.tasks import apply_scheduled_restructuring

ONE_DAY = datetime.timedelta(days=1)
# A unit in force with units under it and people in it, merged into the province a month from
# now (the reform of 01/07/2025 is history: a district is no longer there to merge).
UNIT, NAME = "LC-SYT", "Sở Y tế tỉnh Lai Châu"


@pytest.fixture
def later():
    return timezone.localdate() + datetime.timedelta(days=30)


def _audit(org, action):
    return AuditEntry.objects.filter(action=action, object_id=str(org.pk))


def _schedule_merge(personas, org, day):
    return domain.merge(
        org(UNIT),
        actor=personas["admin"],
        target=org("LC"),
        effective_on=day,
        decision="NQ 1670/NQ-UBTVQH15",
        note="Sáp nhập theo nghị quyết",
    )


def test_a_merge_dated_in_the_future_is_scheduled_and_nothing_moves_yet(personas, org, later):
    members = Membership.objects.filter(organisation=org(UNIT), active=True).count()
    _schedule_merge(personas, org, later)
    unit = org(UNIT)
    assert unit.status == OrgStatus.ACTIVE and unit.merged_into is None
    assert Membership.objects.filter(organisation=unit, active=True).count() == members
    event = unit.events.get(kind="merge")
    assert event.status == EventStatus.SCHEDULED and event.effective_on == later
    assert _audit(unit, "org.schedule").count() == 1
    assert not _audit(unit, "org.merge").exists()


def test_applied_on_its_date_by_the_system_and_applying_twice_changes_nothing(personas, org, later):
    _schedule_merge(personas, org, later)
    assert scheduling.apply_due(later - ONE_DAY) == (0, 0)  # not yet
    assert org(UNIT).status == OrgStatus.ACTIVE
    assert scheduling.apply_due(later) == (1, 0)
    unit = org(UNIT)
    assert unit.status == OrgStatus.MERGED and unit.merged_into == org("LC")
    assert unit.ended_on == later
    event = unit.events.get(kind="merge")
    assert event.status == EventStatus.APPLIED and event.decision == "NQ 1670/NQ-UBTVQH15"
    merged = _audit(unit, "org.merge").get()
    assert (
        merged.actor_name == scheduling.ACTOR_NAME and merged.reason == "Sáp nhập theo nghị quyết"
    )
    trail = AuditEntry.objects.count()
    assert scheduling.apply_due(later) == (0, 0)
    assert scheduling.apply_due(later + ONE_DAY) == (0, 0)
    assert AuditEntry.objects.count() == trail
    assert unit.events.filter(kind="merge").count() == 1


def test_a_scheduled_rename_leaves_the_name_and_its_history_alone_until_applied(
    personas, org, later
):
    syt = org("LC-SYT")
    domain.rename(syt, actor=personas["standing"], new_name="Sở Y tế (mới)", effective_on=later)
    syt.refresh_from_db()
    assert syt.name == "Sở Y tế tỉnh Lai Châu"
    assert syt.name_on(timezone.localdate()) == "Sở Y tế tỉnh Lai Châu"
    out = io.StringIO()
    call_command("apply_restructuring", "--now", "--date", later.isoformat(), stdout=out)
    assert "applied: 1" in out.getvalue()
    syt.refresh_from_db()
    assert syt.name == "Sở Y tế (mới)"
    assert syt.name_on(later - ONE_DAY) == "Sở Y tế tỉnh Lai Châu"
    call_command("apply_restructuring", "--now", "--date", later.isoformat(), stdout=out)
    assert "applied: 0" in out.getvalue()


def test_the_daily_task_applies_what_is_due(personas, org, later, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    _schedule_merge(personas, org, later)
    result = apply_scheduled_restructuring.enqueue(later.isoformat())
    assert result.return_value == {"applied": 1, "refused": 0}
    assert org(UNIT).status == OrgStatus.MERGED


def test_cancelled_before_its_date_with_a_reason_and_never_applied(personas, org, later):
    _schedule_merge(personas, org, later)
    event = OrganisationEvent.objects.get(status=EventStatus.SCHEDULED)
    with pytest.raises(domain.OrgError):
        scheduling.cancel_scheduled(event, actor=personas["admin"], reason="  ")
    scheduling.cancel_scheduled(event, actor=personas["admin"], reason="Nghị quyết chưa ban hành")
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.cancel_reason == "Nghị quyết chưa ban hành"
    cancelled = _audit(org(UNIT), "org.schedule_cancel").get()
    assert cancelled.reason == "Nghị quyết chưa ban hành"
    assert scheduling.apply_due(later) == (0, 0)
    assert org(UNIT).status == OrgStatus.ACTIVE
    with pytest.raises(domain.OrgError):  # once cancelled, it stays so
        scheduling.cancel_scheduled(event, actor=personas["admin"], reason="lại")


def test_cancelling_is_refused_to_an_outsider_and_a_unit_officer(personas, org, later):
    _schedule_merge(personas, org, later)
    event = OrganisationEvent.objects.get(status=EventStatus.SCHEDULED)
    with pytest.raises(NotVisible):
        scheduling.cancel_scheduled(event, actor=personas["qb_standing"], reason="x")
    with pytest.raises(NotPermitted):
        scheduling.cancel_scheduled(event, actor=personas["officer_a"], reason="x")
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULED


def test_a_change_that_cannot_be_made_on_its_date_is_cancelled_with_the_reason(
    personas, org, later
):
    # Closing the department is scheduled; on the day its units are still there.
    domain.close(org(UNIT), actor=personas["admin"], effective_on=later)
    assert scheduling.apply_due(later) == (0, 1)
    event = org(UNIT).events.get(kind="close")
    assert event.status == EventStatus.CANCELLED and UNIT not in event.cancel_reason
    assert NAME in event.cancel_reason
    assert org(UNIT).status == OrgStatus.ACTIVE


def test_the_pages_show_the_change_as_scheduled_and_cancel_it(personas, org, client_for, later):
    client = client_for("admin")
    response = client.post(
        f"/orgs/{UNIT}/restructure/",
        {"action": "merge", "effective_on": later.strftime("%d/%m/%Y"), "target": org("LC").pk},
        follow=True,
    )
    body = response.content.decode()
    assert f"sẽ được áp dụng vào ngày {later:%d/%m/%Y}" in body
    assert f"Đã lên lịch: áp dụng ngày {later:%d/%m/%Y}" in body
    assert org(UNIT).status == OrgStatus.ACTIVE
    listing = client.get("/orgs/", {"q": "Sở Y tế"}).content.decode()
    assert "Có thay đổi đã lên lịch" in listing
    event = OrganisationEvent.objects.get(status=EventStatus.SCHEDULED)
    client.post(f"/orgs/{UNIT}/events/{event.pk}/cancel/", {"reason": "Hoãn"})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    detail = client.get(f"/orgs/{UNIT}/").content.decode()
    assert "Hoãn" in detail and "Đã lên lịch" not in detail
