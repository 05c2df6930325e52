"""Every predicate of `notifications.permissions` with a user it allows, an outsider and a
wrong-role insider it refuses (the registry is checked for completeness by
tests/test_predicates.py)."""

import pytest

from dienhinh.notifications import permissions
from dienhinh.notifications.enums import DeliveryStatus
from dienhinh.notifications.models import Delivery
from tests.predicates import Case, check

PREDICATES = {
    "may_see_failed_sends": Case("admin", "anonymous", "standing", also_refused=("officer_a",)),
}


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate(personas, name):
    check(permissions, name, PREDICATES[name], personas)


def test_an_administrator_sees_the_failed_emails_of_the_users_they_cover(personas):
    from dienhinh.orgs.enums import Role
    from dienhinh.orgs.models import Membership, Organisation

    lc_admin = personas["officer_a"].__class__.objects.create_user("lc.admin.test")
    Membership.objects.create(
        user=lc_admin, organisation=Organisation.objects.get(code="LC"), role=Role.ADMINISTRATOR
    )
    ours = Delivery.objects.create(
        user=personas["officer_a"], address="a@x.vn", status=DeliveryStatus.FAILED
    )
    theirs = Delivery.objects.create(
        user=personas["qb_officer"], address="b@x.vn", status=DeliveryStatus.FAILED
    )
    # Of the e-mails of this test (the demo has sent e-mails of its own to both provinces).
    mine = [ours.pk, theirs.pk]
    assert list(permissions.deliveries_for(lc_admin).filter(pk__in=mine)) == [ours]
    assert not permissions.deliveries_for(lc_admin).filter(user=personas["qb_officer"]).exists()
    assert set(permissions.deliveries_for(personas["admin"])) >= {ours, theirs}
    assert list(permissions.deliveries_for(personas["standing"])) == []
