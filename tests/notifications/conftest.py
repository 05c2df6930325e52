import pytest


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def since(db):
    """The notifications written from here on (the demo's registrations, moved before the
    test, have told their people already): `since(queryset)` keeps the test's own."""
    from dienhinh.notifications.models import Notification

    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return lambda queryset: queryset.filter(pk__gt=last)


@pytest.fixture
def read_so_far(db):
    """Every persona has read the notifications the demo gave them (`mark_all_read`), so that
    a test's unread counts are its own."""
    from django.contrib.auth import get_user_model

    from dienhinh.notifications.domain import mark_all_read

    for user in get_user_model().objects.filter(unread_notifications__gt=0):
        mark_all_read(actor=user)
