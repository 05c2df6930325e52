"""Who may do what with organisations: named predicates over the role groups of `orgs.roles`."""

from dienhinh.orgs import queries
from dienhinh.orgs.models import Organisation
from dienhinh.orgs.roles import ADMINISTRATORS


def may_correct_succession(user, org: Organisation) -> bool:
    """Add, change or remove a restructuring link (predecessor → successor) of `org`: the
    administrators covering it (the reform's mapping is checked by people, not trusted)."""
    return queries.covers(user, org, ADMINISTRATORS)
