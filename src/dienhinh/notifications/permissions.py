"""Who sees which notifications and e-mails.

Every signed-in user reads and marks their own notifications only. The e-mails that failed are
listed to the administrators, each for the users who belong to the organisations they cover
(a superuser: all).
"""

from django.db.models import QuerySet

from dienhinh.notifications.models import Delivery
from dienhinh.orgs.models import Membership
from dienhinh.orgs.queries import has_role, scope_q, scope_roots
from dienhinh.orgs.roles import ADMINISTRATORS


def may_see_failed_sends(user) -> bool:
    return has_role(user, *ADMINISTRATORS)


def deliveries_for(user) -> QuerySet:
    """The e-mails an administrator may see: those of users in the organisations they cover."""
    if not may_see_failed_sends(user):
        return Delivery.objects.none()
    roots = scope_roots(user, ADMINISTRATORS)
    if roots is None:
        return Delivery.objects.all()
    users = Membership.objects.filter(scope_q(user, "organisation", ADMINISTRATORS)).values(
        "user_id"
    )
    return Delivery.objects.filter(user_id__in=users)
