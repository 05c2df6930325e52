from tests.permtable import Row, signed_in


def rows(world):
    return [
        Row("orgs:list", expect=signed_in(200)),
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
        # Restructuring links: only the administrators covering the unit correct them; those
        # who see the unit are refused (403), others learn nothing (404).
        Row(
            "orgs:links",
            {"code": "LC-SYT"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, admin=200),
        ),
        # Sign-in rules and second-factor resets: the administrators covering the unit.
        Row(
            "orgs:sign_in",
            {"code": "LC-SYT"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, admin=200),
        ),
        Row(
            "orgs:reset_two_factor",
            {"code": "LC-SYT", "user_id": world.personas["officer_a"].pk},
            method="post",
            data={"reason": "Mất điện thoại"},
            expect=signed_in(404, officer_a=403, head_a=403, standing=403, admin=302),
        ),
    ]
