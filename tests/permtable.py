"""The permission table: every URL pattern of the project has a row, every persona an outcome.

Each app contributes `tests/<app>/permissions.py` with `def rows(world) -> list[Row]`; `world`
holds the personas (see conftest) and is where a row's objects are created. A URL name that no
row covers makes `tests/test_permissions.py` fail, so a new page cannot ship unprotected.
"""

from dataclasses import dataclass, field

EVERY_PERSONA = (
    "anonymous",
    "officer_a",
    "head_a",
    "officer_b",
    "head_b",
    "standing",
    "council",
    "qb_officer",
    "qb_standing",
    "lc_admin",
    "qb_admin",
    "admin",
)
#: An organisation's administrators (not superusers) stand in for its standing agency within
#: their subtree (`orgs.roles.STANDING`, `PROGRAM_MANAGERS`): unless a row names them, lc.quantri
#: answers as Lai Châu's standing agency (lc.snv) and qb.quantri as Quảng Bình's (qb.vanphong).
#: Rows name them where they differ: users, roles and sign-in rules of their subtree are theirs
#: alone, and they neither vote, accept registrations nor commend outside the council's vote.
STANDS_IN_FOR = {"lc_admin": "standing", "qb_admin": "qb_standing"}
LOGIN = "login"  # expected outcome: redirect to the login page


@dataclass
class Row:
    url_name: str
    kwargs: dict = field(default_factory=dict)
    expect: dict = field(default_factory=dict)  # persona -> status code or LOGIN
    default: int | str | None = None  # outcome of every persona not named in `expect`
    method: str = "get"
    data: dict | None = None
    query: str = ""  # appended to the URL ("?format=csv")

    def outcome(self, persona: str):
        if persona in self.expect:
            return self.expect[persona]
        if persona in STANDS_IN_FOR:
            return self.outcome(STANDS_IN_FOR[persona])
        if self.default is None:
            raise AssertionError(f"{self.url_name}: no outcome for persona {persona}")
        return self.default


def signed_in(status_for_all: int, **overrides) -> dict:
    """Outcome table: anonymous is sent to login, every signed-in persona gets `status_for_all`."""
    table = {p: status_for_all for p in EVERY_PERSONA if p not in STANDS_IN_FOR}
    table["anonymous"] = LOGIN
    table.update(overrides)
    return table
