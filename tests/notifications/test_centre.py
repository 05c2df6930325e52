"""The notification centre: the reader's own notifications, marked read one by one or all."""

import pytest
from django.urls import reverse

from dienhinh.notifications.domain import notify
from dienhinh.notifications.enums import Kind
from dienhinh.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("read_so_far")]

PARAMS = {"unit": "Sở Y tế", "program": "2533/HD-UBND", "year": 2025, "by": "Nguyễn Thị Hằng"}


def _notes(user, n):
    for i in range(n):
        notify(Kind.APPROVAL_REQUESTED, [user], params=PARAMS, url="/registrations/", key=f"k{i}")
    return list(Notification.objects.filter(user=user, read_at=None).order_by("id"))


def test_the_header_shows_the_unread_count(personas, client_for):
    _notes(personas["head_a"], 2)
    page = client_for("head_a").get(reverse("home")).content.decode()
    assert 'class="badge badge--blue">2<span class="visually-hidden"> chưa đọc' in page
    assert "chưa đọc" not in client_for("officer_a").get(reverse("home")).content.decode()


def test_opening_marks_read_and_goes_to_the_page(personas, client_for):
    first, second = _notes(personas["head_a"], 2)
    response = client_for("head_a").post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/registrations/"
    first.refresh_from_db()
    personas["head_a"].refresh_from_db()
    assert first.read_at is not None
    assert personas["head_a"].unread_notifications == 1


def test_mark_all_read(personas, client_for):
    _notes(personas["head_a"], 3)
    client_for("head_a").post(reverse("notifications:read_all"))
    assert Notification.objects.filter(user=personas["head_a"], read_at=None).count() == 0
    personas["head_a"].refresh_from_db()
    assert personas["head_a"].unread_notifications == 0


def test_another_users_notification_is_not_found(personas, client_for):
    (note,) = _notes(personas["head_a"], 1)
    client = client_for("officer_a")
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    assert "Sở Y tế" not in client.get(reverse("notifications:list")).content.decode()


def test_the_list_shows_the_text_in_the_readers_language(personas, client_for):
    _notes(personas["head_a"], 1)
    client = client_for("head_a")
    assert "đề nghị duyệt" in client.get(reverse("notifications:list")).content.decode()
    client.cookies["dienhinh_language"] = "en"
    assert "asks you to approve" in client.get(reverse("notifications:list")).content.decode()


def test_preferences_are_saved(personas, client_for):
    data = {kind: "now" for kind in Kind.values}
    data.update({Kind.DEADLINE: "digest", Kind.VOTE_OPENED: "none", "language": "en"})
    response = client_for("officer_a").post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    prefs = dict(personas["officer_a"].notification_preferences.values_list("kind", "channel"))
    assert prefs[Kind.DEADLINE] == "digest"
    assert prefs[Kind.VOTE_OPENED] == "none"
    personas["officer_a"].refresh_from_db()
    assert personas["officer_a"].language == "en"


@pytest.mark.parametrize("items", [1, 3])
def test_query_count_of_the_centre(personas, client_for, assert_page_queries, items):
    _notes(personas["head_a"], items)
    # session, user, memberships (menu), count and page of the notifications
    assert_page_queries(client_for("head_a"), reverse("notifications:list"), 5)
