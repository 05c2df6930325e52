"""Who may do what with exemplars after acceptance, reviews, council votes, decisions, funding.

- Record keepers of the exemplar's unit read it and write its follow-ups while it lives.
- The standing agency covering the exemplar (or the program) reviews, shortlists, records
  decisions and revocations, replications and spending, and runs the council's votes as its
  secretary.
- Council members vote in their council's open sessions.
- The lifecycle's moves and who makes them are in `honours.domain.lifecycle.LIFECYCLE`;
  `may_move` asks it.

A role covers its organisation's subtree (`orgs.queries`). Domain functions call these
predicates and raise `core.errors.NotVisible` / `NotPermitted`; views only ask.
"""

from django.db.models import Q, QuerySet

from dienhinh.honours.domain import lifecycle
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.orgs.queries import covers, has_role, memberships, scope_q, scope_roots
from dienhinh.orgs.roles import OVERRIDERS, RECORD_KEEPERS, STANDING, VOTERS
from dienhinh.registrations.enums import ExemplarState as S

ENDED = (S.WITHDRAWN, S.REJECTED)


def may_open_standing_pages(user) -> bool:
    """The standing agency's pages (reviews, decisions, honours, the fund) exist for it alone."""
    return has_role(user, *STANDING)


def may_read_exemplar(user, exemplar) -> bool:
    return covers(user, exemplar.organisation, RECORD_KEEPERS)


def may_move(user, exemplar, action: str) -> bool:
    """Make a lifecycle move (the table of moves and who makes them: `lifecycle.LIFECYCLE`)."""
    return lifecycle.LIFECYCLE.may(user, exemplar, action)


def may_follow_up(user, exemplar) -> bool:
    """Record a follow-up: the unit and the standing agency, while the exemplar lives."""
    return exemplar.state not in ENDED and covers(user, exemplar.organisation, RECORD_KEEPERS)


def may_oversee_exemplar(user, exemplar) -> bool:
    """Decide on, revoke, replicate or publicise the exemplar: the standing agency covering it."""
    return covers(user, exemplar.organisation, STANDING)


def may_review(user, program) -> bool:
    """Create a program's review rounds and shortlist its exemplars."""
    return covers(user, program.organisation, STANDING)


def may_record_decision(user, exemplar) -> bool:
    """Record a decision honouring the exemplar."""
    return may_oversee_exemplar(user, exemplar)


def may_revoke_honour(user, honour) -> bool:
    return may_oversee_exemplar(user, honour.exemplar)


def may_replicate(user, exemplar) -> bool:
    """Record where the exemplar's model is adopted."""
    return may_oversee_exemplar(user, exemplar)


def may_fund(user, program) -> bool:
    """Record spending of the program's fund: the standing agency of the program's organisation,
    or the program's own standing agency."""
    return covers(user, program.organisation, STANDING) or bool(
        program.standing_agency and covers(user, program.standing_agency, STANDING)
    )


def overseen(qs: QuerySet, user, field: str = "organisation") -> QuerySet:
    """The rows of `qs` (programs, exemplars, spending...) whose organisation (`field`) the
    user's standing agency covers: what its pages list and offer."""
    return qs.filter(scope_q(user, field, STANDING))


# Council votes ------------------------------------------------------------------------------


def may_open_sessions(user) -> bool:
    """Open vote sessions (as the council's secretary): the standing agency."""
    return has_role(user, *STANDING)


def councils_run(user) -> QuerySet:
    """Councils whose sessions the user may open and run."""
    return Organisation.objects.filter(scope_q(user, "", STANDING), kind="council")


def may_sign_program_documents(user, program) -> bool:
    """Sign the program's minutes, review reports and decisions with the issuer's key: the
    standing agency covering the program's organisation."""
    return covers(user, program.organisation, STANDING)


def may_run_session(user, council: Organisation) -> bool:
    """Open, fill, close a council's session and record written opinions: its secretary."""
    return covers(user, council, STANDING)


def is_council_member(user, council: Organisation) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and Membership.objects.current()
        .filter(user=user, organisation=council, role__in=VOTERS)
        .exists()
    )


def may_vote(user, session) -> bool:
    """Cast a vote or declare a conflict: a member of the session's council while it is open."""
    return session.is_open and is_council_member(user, session.council)


def may_read_session_dossier(user, session) -> bool:
    """Read, without changing, each dossier put to the session: a member of its roster (frozen
    when it opened) or its secretary."""
    return may_run_session(user, session.council) or (
        getattr(user, "is_authenticated", False)
        and session.roster.filter(member_id=user.pk).exists()
    )


def may_enter_paper_count(user, session) -> bool:
    """Enter (or correct) the totals of a paper ballot: the secretary, or a member of the
    session's counting committee (ban kiểm phiếu), named on its roster when it opened."""
    return may_run_session(user, session.council) or (
        getattr(user, "is_authenticated", False)
        and session.roster.filter(member_id=user.pk, counter=True, written=False).exists()
    )


def may_see_session(user, session) -> bool:
    return may_run_session(user, session.council) or is_council_member(user, session.council)


def visible_sessions(user, qs: QuerySet) -> QuerySet:
    """The sessions of `qs` the user sees: their councils' and those they run as secretary."""
    if scope_roots(user, STANDING) is None:
        return qs  # administrators (an empty Q would drop out of the OR below)
    councils = Membership.objects.current().filter(user=user, role__in=VOTERS)
    return qs.filter(
        Q(council__in=councils.values("organisation")) | scope_q(user, "council", STANDING)
    )


def is_voter(user) -> bool:
    """Sits on some council."""
    return has_role(user, *VOTERS)


def may_open_vote_list(user) -> bool:
    """The list of council votes: members and secretaries."""
    return has_role(user, *VOTERS, *STANDING)


def council_ids(user) -> list[int]:
    """The councils where the user votes."""
    return [m.organisation_id for m in memberships(user) if m.role in VOTERS]


def may_override_chain(user, exemplar) -> bool:
    """Commend outside the chain (no closed vote selecting the exemplar, or an eligibility
    "fail") where the program allows it: a standing officer covering the exemplar, in person."""
    return covers(user, exemplar.organisation, OVERRIDERS)


def may_place_hold(user, candidate) -> bool:
    """Flag a candidate (or its exemplar: the same organisation) as under discipline, inspection
    or complaint: its unit's record keepers and the standing agency covering it."""
    return covers(user, candidate.organisation, RECORD_KEEPERS)


def may_clear_hold(user, hold) -> bool:
    """Clear a hold: the standing agency covering the candidate, with a reason."""
    return may_clear_hold_of(user, hold.candidate)


def may_clear_hold_of(user, candidate) -> bool:
    return covers(user, candidate.organisation, STANDING)
