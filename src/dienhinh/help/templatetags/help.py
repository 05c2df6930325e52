"""`{% help_link "registrations" %}`: the small "?" beside a screen's title, to the help of the
reader's role on that screen (the roles come from the memberships the menu already loaded)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dienhinh.help.content import SCREENS, screen_guides
from dienhinh.orgs.queries import roles_of

register = template.Library()


@register.simple_tag(takes_context=True)
def help_link(context, key: str) -> str:
    user = context.get("user")
    own = roles_of(user) if user is not None and user.is_authenticated else set()
    roles = [r for r in screen_guides(key) if r in own]
    url = reverse("help:role", args=[roles[0]]) if roles else reverse("help:index")
    label = _("Help: %(screen)s") % {"screen": SCREENS[key].name}
    return format_html(
        '<a class="help-link" href="{}#screen-{}" title="{}">?<span class="visually-hidden"> {}'
        "</span></a>",
        url,
        key,
        label,
        label,
    )
