"""The help: what each role does, in order, naming the screens as the menu names them.

`SCREENS` describes each main screen once (its menu name is the menu's own text, so the help
and the menu never disagree); `GUIDES` lists, per role, the steps in the order of the work.
Every text goes through the catalogue: the help reads in Vietnamese or English as the product.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dienhinh.orgs.enums import Role


@dataclass(frozen=True)
class Screen:
    key: str
    url_name: str
    name: Promise
    text: Promise


@dataclass(frozen=True)
class Guide:
    role: str
    intro: Promise
    steps: tuple[tuple[str, Promise], ...]


SCREENS = {
    s.key: s
    for s in (
        Screen(
            "overview",
            "home",
            _("Overview"),
            _(
                "What is waiting for you (registrations to approve, accept or correct, open "
                "votes), your programs' next milestones and the roles you hold."
            ),
        ),
        Screen(
            "notifications",
            "notifications:list",
            _("Notifications"),
            _(
                "Every move that concerns you, newest first; the number beside the menu counts "
                "those unread. Choose there which ones also reach you by e-mail, at once or in "
                "one e-mail a day."
            ),
        ),
        Screen(
            "programs",
            "programs:list",
            _("Programs"),
            _(
                "Each plan or guide as data: its fields, the criteria of each field with the "
                "evidence each asks for, the quotas and the milestones."
            ),
        ),
        Screen(
            "quotas",
            "registrations:dashboard",
            _("Quotas"),
            _(
                "For a program and a year: how many exemplars each unit registered against its "
                "quota, by subject type, and the registration deadline."
            ),
        ),
        Screen(
            "candidates",
            "registrations:candidate_list",
            _("Candidates"),
            _(
                "The unit's candidates with their ratings, facts and evidence; each candidate's "
                "page says at once whether they are eligible and, if not, why."
            ),
        ),
        Screen(
            "registrations",
            "registrations:registration_list",
            _("Registrations"),
            _(
                "The registration of a unit for a program and a year: its candidates, the "
                "registration form to download, and the buttons of the next move."
            ),
        ),
        Screen(
            "exemplars",
            "honours:exemplar_list",
            _("Exemplars"),
            _(
                "The accepted exemplars, their state and timeline, follow-ups, replications and "
                "honours; a list shows those without a recent follow-up."
            ),
        ),
        Screen(
            "reviews",
            "honours:review_list",
            _("Reviews"),
            _("The preliminary and final reviews of a program and their shortlists."),
        ),
        Screen(
            "votes",
            "honours:vote_list",
            _("Council votes"),
            _(
                "The council's vote sessions: the candidates with their dossiers, the secret "
                "ballot, the result and the minutes."
            ),
        ),
        Screen(
            "honours",
            "honours:honour_list",
            _("Honours"),
            _("Commendation decisions and the exemplars they honour; revocations; the fund."),
        ),
        Screen(
            "publicity",
            "portal:publicity",
            _("Publicity"),
            _("The stories of honoured exemplars, written and published on the public portal."),
        ),
        Screen(
            "organisations",
            "orgs:list",
            _("Organisations"),
            _(
                "The organisation tree with its history (renamed, merged, closed), each "
                "organisation's members and roles."
            ),
        ),
        Screen(
            "audit",
            "audit",
            _("Audit trail"),
            _("Every change: who, when, what, and why, kept for ever."),
        ),
    )
}

GUIDES = {
    g.role: g
    for g in (
        Guide(
            Role.UNIT_OFFICER,
            _(
                "You record your unit's candidates and their evidence, prepare the registration "
                "and follow the exemplars once accepted."
            ),
            (
                (
                    "programs",
                    _(
                        "Open your program and read the criteria of each field and the "
                        "evidence each one asks for."
                    ),
                ),
                (
                    "candidates",
                    _(
                        "Add each candidate (collective, individual, household or model), record "
                        "their ratings and facts and attach the evidence; fix what the page "
                        "reports as missing. You may also import the Excel sheet you already use."
                    ),
                ),
                (
                    "registrations",
                    _(
                        "Create the unit's registration for the program and the year, choose its "
                        "candidates, then press “Ask the head to approve”."
                    ),
                ),
                (
                    "notifications",
                    _(
                        "You are told when the head sends it back, and when the standing agency "
                        "accepts it or returns entries, each with its reason. Correct the "
                        "returned entries and ask the head to approve again."
                    ),
                ),
                (
                    "quotas",
                    _(
                        "Check that the unit has registered enough before the deadline; a "
                        "reminder comes some days before it when the quota is not met."
                    ),
                ),
                (
                    "exemplars",
                    _(
                        "Record the follow-ups of each exemplar (progress, difficulties, help "
                        "given); you are reminded when one is due."
                    ),
                ),
            ),
        ),
        Guide(
            Role.UNIT_HEAD,
            _("You approve and sign your unit's registration and send it to the standing agency."),
            (
                (
                    "notifications",
                    _("You are told when the officer asks you to approve a registration."),
                ),
                (
                    "registrations",
                    _(
                        "Open the registration, check its candidates and their eligibility, "
                        "download the registration form to sign, then press “Approve and "
                        "submit”, or send it back to the officer with a reason."
                    ),
                ),
                (
                    "quotas",
                    _("Follow how far your unit is from its quota."),
                ),
                (
                    "exemplars",
                    _("Follow your unit's exemplars and the decisions that honour them."),
                ),
            ),
        ),
        Guide(
            Role.STANDING_OFFICER,
            _(
                "You run the program for the issuing body: you receive the registrations, run "
                "the reviews and the council's votes, record the decisions and publicise."
            ),
            (
                (
                    "programs",
                    _(
                        "Check the program's quotas and milestones; set the registration "
                        "deadline when the document fixes none."
                    ),
                ),
                (
                    "quotas",
                    _("Watch every unit's quota and the deadlines; export the lists."),
                ),
                (
                    "registrations",
                    _(
                        "You are told of each registration submitted. Accept it, or return "
                        "entries, each with its reason: the unit is told at once."
                    ),
                ),
                (
                    "exemplars",
                    _(
                        "Follow the exemplars being nurtured and attest the qualitative criteria "
                        "from their evidence."
                    ),
                ),
                (
                    "reviews",
                    _("Create the review rounds from the milestones and shortlist exemplars."),
                ),
                (
                    "votes",
                    _(
                        "Open a vote of the council on the shortlist (its members are told), "
                        "close it to count, and sign the minutes."
                    ),
                ),
                (
                    "honours",
                    _(
                        "Record the commendation decision (number, date, level, form, amount); "
                        "the honoured units are told."
                    ),
                ),
                (
                    "publicity",
                    _("Write and publish the honoured exemplars' stories on the public portal."),
                ),
            ),
        ),
        Guide(
            Role.COUNCIL_MEMBER,
            _("You vote, by secret ballot, on the candidates put to the council."),
            (
                (
                    "notifications",
                    _(
                        "You are told when a vote session opens, and reminded before it sits "
                        "if you have not voted yet."
                    ),
                ),
                (
                    "votes",
                    _(
                        "Open the session, read each candidate's dossier, and vote on each; "
                        "declare a conflict where you have one. Nobody can see how you voted."
                    ),
                ),
            ),
        ),
        Guide(
            Role.ADMINISTRATOR,
            _("You keep the organisations, the users and their roles, and watch the e-mails."),
            (
                (
                    "organisations",
                    _(
                        "Keep the organisation tree: rename, merge or close a unit with its "
                        "effective date; each organisation's page lists its members and roles."
                    ),
                ),
                (
                    "organisations",
                    _(
                        "On an organisation's “Users” page, create a user (who chooses their own "
                        "password at first sign-in) or “Invite by e-mail”: the invitee sets their "
                        "name and password through the link, valid once for 7 days. The page "
                        "“Invitations” lists those waiting: send one again or revoke it."
                    ),
                ),
                (
                    "notifications",
                    _(
                        "The page “E-mails not sent” in the menu lists the e-mails that failed "
                        "at every attempt: check the address or the mail server, then send them "
                        "again."
                    ),
                ),
                ("audit", _("Read who changed what, when and why.")),
            ),
        ),
    )
}


def screen_guides(key: str) -> list[str]:
    """The roles whose guide names the screen, in the guides' order."""
    return [role for role, guide in GUIDES.items() if any(s == key for s, _ in guide.steps)]
