"""Role groups: every "who" in the product, named once.

A role is held on an organisation and covers its subtree (see `dienhinh.orgs.queries`). Each app's
`permissions.py` builds its named predicates from these groups; nothing else spells out a tuple of
roles.
"""

from dienhinh.orgs.enums import Role

#: Those who keep a unit's records: they read candidates, registrations and exemplars in scope.
RECORD_KEEPERS = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.STANDING_OFFICER, Role.ADMINISTRATOR)
#: Those who write a unit's candidates, facts and registration entries (web form and import alike).
EDITORS = (Role.UNIT_OFFICER, Role.ADMINISTRATOR)
#: A unit's officer, who prepares its registration and asks the head to approve it.
OFFICERS = (Role.UNIT_OFFICER,)
#: Those who approve and submit a unit's registration.
HEADS = (Role.UNIT_HEAD,)
#: A unit's own people (officer and head): they may withdraw what the unit put forward.
UNIT = (Role.UNIT_OFFICER, Role.UNIT_HEAD)
#: The standing agency (Sở Nội vụ, Văn phòng Sở) and the administrators who stand in for it:
#: acceptance, follow-up, reviews, vote sessions, decisions, restructuring, publicity, summaries.
STANDING = (Role.STANDING_OFFICER, Role.ADMINISTRATOR)
#: The standing agency's officers, who accept or return a submitted registration.
RECEIVERS = (Role.STANDING_OFFICER,)
#: The standing agency's officers, who answer in their own name for a commendation outside the
#: council's vote (an override with a reason) and clear a hold on a candidate.
OVERRIDERS = (Role.STANDING_OFFICER,)
#: Those who manage a program's text, quotas and amendments: the standing agency, and the
#: administrators of the program's organisation who stand in for it.
PROGRAM_MANAGERS = (Role.STANDING_OFFICER, Role.ADMINISTRATOR)
#: Those who vote in the council's sessions.
VOTERS = (Role.COUNCIL_MEMBER,)
#: Those who manage users, memberships and the organisation tree.
ADMINISTRATORS = (Role.ADMINISTRATOR,)
