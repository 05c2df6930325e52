"""Permission rows for the notification pages: each reader their own; failed e-mails for the
administrators."""

from dienhinh.notifications.domain import notify
from dienhinh.notifications.enums import DeliveryStatus, Kind
from dienhinh.notifications.models import Delivery
from tests.permtable import Row, signed_in

PARAMS = {"unit": "Sở Y tế", "program": "2533/HD-UBND", "year": 2025, "by": "Nguyễn Thị Hằng"}


def _world(world):
    if "notification" not in world:
        head = world.personas["head_a"]
        (note,) = notify(
            Kind.APPROVAL_REQUESTED, [head], params=PARAMS, url="/registrations/", key="perm"
        )
        failed = Delivery.objects.create(
            user=head, address=head.email, status=DeliveryStatus.FAILED, attempts=5
        )
        world.update(notification=note, failed=failed)
    return world


def rows(world):
    w = _world(world)
    own = signed_in(404, head_a=302)
    return [
        Row("notifications:list", expect=signed_in(200)),
        Row("notifications:preferences", expect=signed_in(200)),
        Row("notifications:read_all", method="post", expect=signed_in(302)),
        Row("notifications:open", {"pk": w.notification.pk}, method="post", expect=own),
        Row("notifications:read", {"pk": w.notification.pk}, method="post", expect=own),
        # Failed e-mails: the administrators (each of their own subtree's).
        Row(
            "notifications:failed_list",
            expect=signed_in(404, lc_admin=200, qb_admin=200, admin=200),
        ),
        Row(
            "notifications:failed_retry",
            {"pk": w.failed.pk},
            method="post",
            expect=signed_in(404, lc_admin=302, admin=302),
        ),
    ]
