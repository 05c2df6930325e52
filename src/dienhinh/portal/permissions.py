"""Who may do what with publicity: the public reads published stories (no sign-in); the standing
agency covering an exemplar writes, publishes and withdraws its story and records its media
appearances."""

from django.db.models import QuerySet

from dienhinh.honours import permissions as honours
from dienhinh.orgs.queries import covers, has_role, scope_q
from dienhinh.orgs.roles import RECORD_KEEPERS, STANDING
from dienhinh.registrations.enums import ExemplarState


def may_publicise(user) -> bool:
    """The publicity pages exist for the standing agency alone."""
    return has_role(user, *STANDING)


def may_publicise_exemplar(user, exemplar) -> bool:
    """Write, publish or withdraw the exemplar's story, record its appearances."""
    return covers(user, exemplar.organisation, STANDING)


def may_publish_story(user, exemplar) -> bool:
    """Put the exemplar's story on the portal now: the honours lifecycle lets this user mark it
    published (commended or replicated), or it is published already."""
    if exemplar.state == ExemplarState.PUBLISHED:
        return may_publicise_exemplar(user, exemplar)
    return honours.may_move(user, exemplar, "publish")


def may_read_exemplar(user, exemplar) -> bool:
    return covers(user, exemplar.organisation, RECORD_KEEPERS)


def publicised(qs: QuerySet, user, field: str = "organisation") -> QuerySet:
    """The rows of `qs` whose exemplar's organisation (`field`) the user publicises."""
    return qs.filter(scope_q(user, field, STANDING))
