"""The main navigation: each entry names the roles that see it (None: every signed-in user)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from dienhinh.orgs.enums import Role
from dienhinh.orgs.queries import roles_of

STANDING = (Role.STANDING_OFFICER, Role.ADMINISTRATOR)
UNIT = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.STANDING_OFFICER, Role.ADMINISTRATOR)

# (url name, label, roles); an entry whose URL does not exist yet is left out.
ENTRIES = [
    ("home", _("Overview"), None),
    ("programs:list", _("Programs"), None),
    ("registrations:dashboard", _("Quotas"), UNIT),
    ("registrations:candidate_list", _("Candidates"), UNIT),
    ("registrations:registration_list", _("Registrations"), UNIT),
    ("honours:exemplar_list", _("Exemplars"), UNIT),
    ("honours:vote_list", _("Council votes"), (Role.COUNCIL_MEMBER, Role.STANDING_OFFICER)),
    ("honours:review_list", _("Reviews"), STANDING),
    ("honours:honour_list", _("Honours"), STANDING),
    ("portal:publicity", _("Publicity"), STANDING),
    ("orgs:list", _("Organisations"), UNIT),
    ("audit", _("Audit trail"), STANDING),
]


def items_for(request):
    user = request.user
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    items = []
    for name, label, allowed in ENTRIES:
        if allowed is not None and not roles & set(allowed):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": False})
    # The current entry is the one whose URL is the longest prefix of the page's path.
    matches = [
        i
        for i in items
        if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["current"] = True
    return items
