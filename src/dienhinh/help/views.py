"""The help pages: the list of guides and one guide per role (open to everyone: no data)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from dienhinh.help.content import GUIDES, SCREENS
from dienhinh.orgs.enums import Role
from dienhinh.orgs.queries import roles_of


def _screen(key: str) -> dict:
    screen = SCREENS[key]
    return {"key": key, "name": screen.name, "text": screen.text, "url": reverse(screen.url_name)}


def help_index(request):
    own = roles_of(request.user) if request.user.is_authenticated else set()
    guides = [
        {"role": role, "label": Role(role).label, "intro": guide.intro, "own": role in own}
        for role, guide in GUIDES.items()
    ]
    guides.sort(key=lambda g: not g["own"])
    return render(
        request,
        "help/help_index.html",
        {"guides": guides, "screens": [_screen(k) for k in SCREENS]},
    )


def help_role(request, role):
    guide = GUIDES.get(role)
    if guide is None:
        raise Http404
    steps = [{"screen": _screen(key), "text": text} for key, text in guide.steps]
    seen = list(dict.fromkeys(key for key, _ in guide.steps))
    return render(
        request,
        "help/help_role.html",
        {
            "guide": guide,
            "label": Role(role).label,
            "steps": steps,
            "screens": [_screen(k) for k in seen],
            "others": [(r, Role(r).label) for r in GUIDES if r != role],
        },
    )
