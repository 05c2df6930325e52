import datetime

from django.utils import timezone

from dienhinh.orgs import domain
from dienhinh.orgs.models import Organisation
from tests.permtable import Row, signed_in


def _scheduled(world):
    """A rename of unit A scheduled a month ahead (made once per world)."""
    if "scheduled_event" not in world:
        unit = Organisation.objects.get(code="LC-SYT")
        later = timezone.localdate() + datetime.timedelta(days=30)
        domain.rename(unit, actor=world.personas["standing"], new_name="Sở Sau", effective_on=later)
        world["scheduled_event"] = unit.events.get(status="scheduled")
    return world["scheduled_event"]


def rows(world):
    return invitation_rows(world) + [
        Row("orgs:list", expect=signed_in(200)),
        Row("orgs:tree", expect=signed_in(200)),
        # Unit A's own organisation: its people and the standing agency see it; others get 404.
        Row(
            "orgs:detail",
            {"code": "LC-SYT"},
            expect=signed_in(404, officer_a=200, head_a=200, standing=200, admin=200),
        ),
        Row(
            "orgs:restructure",
            {"code": "LC-SYT"},
            expect=signed_in(404, standing=200, admin=200),
        ),
        Row(
            "orgs:restructure",
            {"code": "QB-SXD-QLXD"},
            expect=signed_in(404, qb_standing=200, admin=200),
        ),
        # Cancelling a scheduled change: the standing agency covering the unit (those who
        # see it are refused, others learn nothing).
        Row(
            "orgs:event_cancel",
            {"code": "LC-SYT", "pk": _scheduled(world).pk},
            method="post",
            data={"reason": ""},
            expect=signed_in(404, officer_a=403, head_a=403, standing=302, admin=302),
        ),
        # Restructuring links: only the administrators covering the unit correct them; those
        # who see the unit are refused (403), others learn nothing (404).
        Row(
            "orgs:links",
            {"code": "LC-SYT"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=200, admin=200),
        ),
        # Users of the subtree: the administrators covering the unit; those who see the unit
        # are refused (403), others (another province's standing agency) learn nothing (404).
        Row(
            "orgs:users",
            {"code": "LC-SYT"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=200, admin=200),
        ),
        Row(
            "orgs:user_create",
            {"code": "LC-SYT"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=200, admin=200),
        ),
        Row(
            "orgs:user",
            {"code": "LC-SYT", "user_id": world.personas["officer_a"].pk},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=200, admin=200),
        ),
        Row(
            "orgs:user",
            {"code": "LC-SYT", "user_id": world.personas["officer_a"].pk},
            method="post",
            data={"op": "reset"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=302, admin=302),
        ),
        # Outside their subtree an administrator learns nothing: Quảng Bình's users are
        # qb.quantri's, not lc.quantri's.
        Row(
            "orgs:users",
            {"code": "QB-SXD"},
            expect=signed_in(404, qb_standing=403, qb_admin=200, admin=200),
        ),
        # Sign-in rules and second-factor resets: the administrators covering the unit.
        Row(
            "orgs:sign_in",
            {"code": "LC-SYT"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=200, admin=200),
        ),
        Row(
            "orgs:reset_two_factor",
            {"code": "LC-SYT", "user_id": world.personas["officer_a"].pk},
            method="post",
            data={"reason": "Mất điện thoại"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=302, admin=302),
        ),
    ]


def _invitation(world):
    """A waiting invitation to unit A (made once per world)."""
    if "invitation" not in world:
        from dienhinh.orgs import invitations

        world["invitation"] = invitations.invite(
            actor=world.personas["admin"],
            organisation=Organisation.objects.get(code="LC-SYT"),
            email="moi.nguoi@example.vn",
            role="unit_officer",
        )
    return world["invitation"]


def invitation_rows(world):
    invitation = _invitation(world)
    from dienhinh.orgs import invitations

    return [
        # The invitee's page (before the resend below makes a new link): the link is the
        # credential, open to anyone who holds it; an unknown token opens nothing.
        Row(
            "invitation_accept",
            {"token": invitations.token(invitation)},
            default=200,
        ),
        Row("invitation_accept", {"token": "khong-co-that"}, default=404),
        # Invitations: the administrators covering the unit; those who see the unit are refused.
        Row(
            "orgs:invitations",
            {"code": "LC-SYT"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=200, admin=200),
        ),
        Row(
            "orgs:invitation_create",
            {"code": "LC-SYT"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=200, admin=200),
        ),
        Row(
            "orgs:invitations",
            {"code": "LC-SYT"},
            method="post",
            data={"op": "resend", "invitation": invitation.pk},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, lc_admin=302, admin=302),
        ),
    ]
