"""Organisation pages: the tree, one organisation with its history, restructuring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dienhinh.core.search import words_q
from dienhinh.orgs import domain, queries
from dienhinh.orgs.enums import OrgKind, OrgStatus, Role
from dienhinh.orgs.forms import RestructureForm
from dienhinh.orgs.models import Organisation

RESTRUCTURE_ROLES = (Role.STANDING_OFFICER, Role.ADMINISTRATOR)


@login_required
def organisation_list(request):
    qs = queries.visible_organisations(request.user).select_related("parent")
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(words_q("search_text", q))
    kind = request.GET.get("kind")
    if kind in OrgKind.values:
        qs = qs.filter(kind=kind)
    if request.GET.get("status") != "all":
        qs = qs.filter(status=OrgStatus.ACTIVE)
    page = Paginator(qs.order_by("path"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/organisation_list.html",
        {"page": page, "q": q, "kinds": OrgKind.choices, "kind": kind},
    )


def _visible(request, code) -> Organisation:
    org = (
        queries.visible_organisations(request.user)
        .select_related("parent", "merged_into", "standing_for")
        .filter(code=code)
        .first()
    )
    if org is None:
        raise Http404
    return org


@login_required
def organisation_detail(request, code):
    org = _visible(request, code)
    children = org.children.order_by("status", "name")
    events = org.events.select_related("target", "old_parent", "recorded_by")
    can_see_members = queries.covers(request.user, org, RESTRUCTURE_ROLES)
    members = (
        org.memberships.current().select_related("user").order_by("role", "user__last_name")
        if can_see_members
        else None
    )
    return render(
        request,
        "orgs/organisation_detail.html",
        {
            "org": org,
            "ancestors": org.ancestors(),
            "children": children,
            "events": events,
            "members": members,
            "can_restructure": org.is_active
            and queries.covers(request.user, org, RESTRUCTURE_ROLES),
        },
    )


@login_required
def organisation_restructure(request, code):
    org = _visible(request, code)
    if not (org.is_active and queries.covers(request.user, org, RESTRUCTURE_ROLES)):
        raise Http404
    targets = queries.visible_organisations(request.user, RESTRUCTURE_ROLES).filter(
        status=OrgStatus.ACTIVE
    )
    form = RestructureForm(request.POST or None, organisation=org, targets=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "actor": request.user,
            "effective_on": data["effective_on"],
            "decision": data["decision"],
            "note": data["note"],
        }
        try:
            if data["action"] == "rename":
                domain.rename(org, new_name=data["new_name"], **common)
            elif data["action"] == "move":
                domain.move(org, new_parent=data["target"], **common)
            elif data["action"] == "merge":
                domain.merge(org, target=data["target"], **common)
            else:
                domain.close(org, **common)
        except domain.OrgError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The change has been recorded."))
            return redirect("orgs:detail", code=org.code)
    return render(request, "orgs/organisation_restructure.html", {"org": org, "form": form})


@login_required
def audit_list(request):
    if not queries.has_role(request.user, *RESTRUCTURE_ROLES):
        raise Http404
    qs = queries.audit_entries(request.user).select_related("object_type")
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(object_repr__icontains=q) | Q(actor_name__icontains=q) | Q(action=q))
    action = (request.GET.get("action") or "").strip()
    if action:
        qs = qs.filter(action__startswith=action)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/audit_list.html", {"page": page, "q": q, "action": action})
