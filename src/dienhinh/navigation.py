"""The main navigation: each entry names the predicate that shows it (None: every signed-in user).

The predicates are the apps' own (`permissions.py`), so the menu offers a page exactly to those
the page lets in.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from dienhinh.api import permissions as api
from dienhinh.honours import permissions as honours
from dienhinh.notifications import permissions as notifications
from dienhinh.orgs import permissions as orgs
from dienhinh.portal import permissions as portal
from dienhinh.registrations import permissions as registrations

# (url name, label, predicate on the user); an entry whose URL does not exist yet is left out.
ENTRIES = [
    ("home", _("Overview"), None),
    ("programs:list", _("Programs"), None),
    ("registrations:dashboard", _("Quotas"), registrations.may_keep_records),
    ("registrations:candidate_list", _("Candidates"), registrations.may_keep_records),
    ("registrations:registration_list", _("Registrations"), registrations.may_keep_records),
    ("honours:exemplar_list", _("Exemplars"), registrations.may_keep_records),
    ("honours:vote_list", _("Council votes"), honours.may_open_vote_list),
    ("honours:review_list", _("Reviews"), honours.may_open_standing_pages),
    ("honours:honour_list", _("Honours"), honours.may_open_standing_pages),
    ("portal:publicity", _("Publicity"), portal.may_publicise),
    ("orgs:list", _("Organisations"), orgs.may_list_organisations),
    ("audit", _("Audit trail"), orgs.may_read_audit),
    ("notifications:failed_list", _("E-mails not sent"), notifications.may_see_failed_sends),
    ("api:token_list", _("API"), api.may_hold_tokens),
    ("api:webhook_list", _("Webhooks"), api.may_administer_somewhere),
]


def items_for(request):
    user = request.user
    # Until a user whose password was chosen by an administrator chooses their own, every page
    # but the password change is closed to them (core.middleware): no menu leads elsewhere.
    if not user.is_authenticated or user.must_change_password:
        return []
    items = []
    for name, label, allowed in ENTRIES:
        if allowed is not None and not allowed(user):
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
