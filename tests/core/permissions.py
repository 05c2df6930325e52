from tests.permtable import Row, signed_in


def rows(world):
    every = {
        p: 200
        for p in (
            "officer_a",
            "head_a",
            "officer_b",
            "head_b",
            "standing",
            "council",
            "qb_officer",
            "qb_standing",
            "admin",
        )
    }
    return [
        # An anonymous visitor is sent to the public portal, not to the sign-in form.
        Row("home", expect=signed_in(200, anonymous=302)),
        Row("privacy", default=200),
        Row("health", default=200),
        Row("live", default=200),
        Row("ready", default=200),
        # The test client calls from loopback without a proxy: the operator's own machine
        # (tests/core/test_ops.py refuses everyone else).
        Row("metrics", default=200),
        Row("login", expect={"anonymous": 200}, default=302),
        Row("logout", method="post", default=302),
        # The code step without a right password first leads back to the sign-in.
        Row("login_code", default=302),
        Row("two_factor", expect=signed_in(200)),
        Row("two_factor_enrol", expect=signed_in(200)),
        Row("two_factor_recovery_codes", method="post", expect=signed_in(302)),
        Row("two_factor_disable", method="post", expect=signed_in(302)),
        Row("password_change", expect=signed_in(200)),
        Row("password_change_done", expect=signed_in(200)),
        Row("password_reset", default=200),
        Row("password_reset_done", default=200),
        Row("password_reset_confirm", {"uidb64": "MQ", "token": "bad-token"}, default=200),
        Row("password_reset_complete", default=200),
        Row("set_language", method="post", data={"language": "en"}, default=302),
        Row(
            "admin:index",
            expect={"admin": 200, **{p: 302 for p in every if p != "admin"}},
            default=302,
        ),
        Row("audit", expect=signed_in(404, standing=200, qb_standing=200, admin=200)),
    ]
