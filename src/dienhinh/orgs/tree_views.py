"""The organisation tree as a tree: nested `<details>` (no script), a search that opens the
branches leading to what it finds, and each unit's restructuring actions for those who may."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from dienhinh.core.search import words_q
from dienhinh.core.text import title_sort_key
from dienhinh.orgs import permissions, queries
from dienhinh.orgs.enums import OrgStatus

ACTIONS = [
    ("rename", _("Rename")),
    ("move", _("Move")),
    ("merge", _("Merge")),
    ("close", _("Close")),
]


def _alphabetical(orgs: list) -> list:
    """Units in tree order (`orgs` by path), each unit's children in Vietnamese alphabetical order."""
    keys: dict[int, tuple] = {}
    stack: list = []
    for org in orgs:
        while stack and not org.path.startswith(stack[-1].path):
            stack.pop()
        own = (title_sort_key(org.name), org.path)
        keys[org.pk] = (*keys[stack[-1].pk], own) if stack else (own,)
        stack.append(org)
    return sorted(orgs, key=lambda o: keys[o.pk])


def _items(orgs, matched: set[str] | None, movable: set[int]) -> list[dict]:
    """Rows in tree order: whether each opens a branch and how many branches close after it."""
    items: list[dict] = []
    stack: list[str] = []
    for i, org in enumerate(orgs):
        following = orgs[i + 1].path if i + 1 < len(orgs) else ""
        has_children = following.startswith(org.path)
        is_open = (
            any(p != org.path and p.startswith(org.path) for p in matched)
            if matched is not None
            else not stack
        )
        item = {
            "org": org,
            "has_children": has_children,
            "open": is_open,
            "match": matched is not None and org.path in matched,
            "may_restructure": org.pk in movable,
            "closes": [],
        }
        if has_children:
            stack.append(org.path)
        else:
            closes = 0
            while stack and not following.startswith(stack[-1]):
                stack.pop()
                closes += 1
            item["closes"] = range(closes)
        items.append(item)
    return items


@login_required
def organisation_tree(request):
    visible = queries.visible_organisations(request.user).filter(status=OrgStatus.ACTIVE)
    q = (request.GET.get("q") or "").strip()
    matched = None
    orgs = list(visible.order_by("path").only("pk", "code", "name", "kind", "path", "depth"))
    if q:
        matched = set(visible.filter(words_q("search_text", q)).values_list("path", flat=True))
        orgs = [o for o in orgs if any(p.startswith(o.path) for p in matched)]
    orgs = _alphabetical(orgs)
    # The units the user may restructure (`permissions.may_restructure`), read once.
    movable = {o.pk for o in orgs if permissions.may_restructure(request.user, o)}
    return render(
        request,
        "orgs/organisation_tree.html",
        {"items": _items(orgs, matched, movable), "q": q, "actions": ACTIONS},
    )
