"""Organisation pages: the tree, one organisation with its history, restructuring."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dienhinh.core import dates
from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.search import words_q
from dienhinh.core.text import title_sort_key
from dienhinh.orgs import audit_page, domain, permissions, queries, scheduling, succession
from dienhinh.orgs.enums import EventStatus, OrgKind, OrgStatus, Share
from dienhinh.orgs.forms import LinkAddForm, LinkChangeForm, RestructureForm
from dienhinh.orgs.models import Organisation, OrganisationEvent, Succession


@login_required
def organisation_list(request):
    qs = (
        queries.visible_organisations(request.user)
        .select_related("parent")
        .annotate(
            scheduled=Exists(
                OrganisationEvent.objects.filter(
                    organisation=OuterRef("pk"), status=EventStatus.SCHEDULED
                )
            )
        )
    )
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(words_q("search_text", q))
    kind = request.GET.get("kind")
    if kind in OrgKind.values:
        qs = qs.filter(kind=kind)
    # Active ones unless asked otherwise: "all", or one status (merged, closed).
    status = request.GET.get("status") or ""
    if status in OrgStatus.values:
        qs = qs.filter(status=status)
    elif status != "all":
        status = ""
        qs = qs.filter(status=OrgStatus.ACTIVE)
    page = Paginator(qs.order_by("path"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/organisation_list.html",
        {
            "page": page,
            "q": q,
            "kinds": OrgKind.choices,
            "kind": kind,
            "statuses": OrgStatus.choices,
            "status": status,
        },
    )


def managed_or_404(request, code, may: Callable[[Any, Organisation], bool]) -> Organisation:
    """The organisation of that code, visible to the user (else 404) and one that `may` lets
    the user manage (else 403): `permissions.may_manage_users`, `may_invite_users`..."""
    org = queries.visible_organisations(request.user).filter(code=code).first()
    if org is None:
        raise Http404
    if not may(request.user, org):
        raise PermissionDenied
    return org


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
    # Active first, each group in Vietnamese alphabetical order (Đ after D, Ư after U...).
    children = sorted(org.children.all(), key=lambda c: (c.status, title_sort_key(c.name)))
    events = list(org.events.select_related("target", "old_parent", "recorded_by"))
    # An ended organisation is not restructured, but a change it had scheduled may be cancelled.
    scheduled = any(e.status == EventStatus.SCHEDULED for e in events)
    may_restructure = (org.is_active or scheduled) and permissions.may_restructure(
        request.user, org
    )
    predecessors = org.predecessor_links.select_related("predecessor__parent")
    successors = org.successor_links.select_related("successor")
    can_see_members = permissions.may_see_members(request.user, org)
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
            # The official type only where it says more than the kind ("Tỉnh", not twice).
            "official_type": org.official_type
            if org.official_type.casefold() != str(org.get_kind_display()).casefold()
            else "",
            "ancestors": org.ancestors(),
            "children": children,
            "events": events,
            "predecessors": predecessors,
            "successors": successors,
            "can_correct_links": permissions.may_correct_succession(request.user, org),
            "can_manage_sign_in": permissions.may_manage_sign_in(request.user, org),
            "members": members,
            "can_restructure": org.is_active and may_restructure,
            "can_cancel_scheduled": may_restructure,
        },
    )


@login_required
def organisation_restructure(request, code):
    org = _visible(request, code)
    if not (org.is_active and permissions.may_restructure(request.user, org)):
        raise Http404
    targets = permissions.restructure_targets(request.user)
    form = RestructureForm(
        request.POST or None,
        organisation=org,
        targets=targets,
        initial={"action": request.GET.get("action", "rename")},
    )
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
            if data["effective_on"] > timezone.localdate():
                messages.success(
                    request,
                    _("The change is scheduled: it will be applied on %(day)s.")
                    % {"day": dates.shown(data["effective_on"])},
                )
            else:
                messages.success(request, _("The change has been recorded."))
            return redirect("orgs:detail", code=org.code)
    return render(request, "orgs/organisation_restructure.html", {"org": org, "form": form})


@require_POST
@login_required
def event_cancel(request, code, pk):
    """Cancel a scheduled restructuring before its date, with a reason."""
    org = _visible(request, code)
    event = get_object_or_404(OrganisationEvent, pk=pk, organisation=org)
    try:
        scheduling.cancel_scheduled(
            event, actor=request.user, reason=request.POST.get("reason", "")
        )
    except NotVisible as exc:
        raise Http404 from exc
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    except domain.OrgError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The scheduled change has been cancelled."))
    return redirect("orgs:detail", code=org.code)


@login_required
def organisation_links(request, code):
    """Correct the restructuring links of a unit: its predecessors (and where it went)."""
    org = _visible(request, code)
    if not permissions.may_correct_succession(request.user, org):
        raise PermissionDenied
    links = list(
        Succession.objects.filter(Q(successor=org) | Q(predecessor=org)).select_related(
            "predecessor", "successor"
        )
    )
    add_form = LinkAddForm(request.POST if request.POST.get("op") == "add" else None)
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "add":
                if add_form.is_valid():
                    data = add_form.cleaned_data
                    other = _visible(request, data["code"])
                    pair = (other, org) if data["direction"] == "from" else (org, other)
                    succession.add_link(
                        actor=request.user,
                        predecessor=pair[0],
                        successor=pair[1],
                        share=data["share"],
                        reason=data["reason"],
                    )
                    messages.success(request, _("The link has been recorded."))
                    return redirect("orgs:links", code=org.code)
            else:
                link = next((x for x in links if str(x.pk) == request.POST.get("link")), None)
                form = LinkChangeForm(request.POST)
                if link is None or not form.is_valid():
                    raise succession.SuccessionError(_("Give the reason for the correction."))
                if op == "remove":
                    succession.remove_link(
                        link, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                else:
                    succession.change_share(
                        link,
                        actor=request.user,
                        share=form.cleaned_data["share"],
                        reason=form.cleaned_data["reason"],
                    )
                messages.success(request, _("The link has been corrected."))
                return redirect("orgs:links", code=org.code)
        except NotVisible as exc:
            raise Http404 from exc
        except (succession.SuccessionError, NotPermitted) as exc:
            messages.error(request, str(exc))
    return render(
        request,
        "orgs/organisation_links.html",
        {"org": org, "links": links, "add_form": add_form, "shares": Share.choices},
    )


@login_required
def audit_list(request):
    """The trail in words, filtered by date, actor, action and object; `format=xlsx` exports
    what the filters keep."""
    if not permissions.may_read_audit(request.user):
        raise Http404
    trail = queries.audit_entries(request.user)
    qs, filters = audit_page.filtered(trail.select_related("object_type"), request.GET)
    if request.GET.get("format") == "xlsx":
        return audit_page.export_xlsx(qs)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "orgs/audit_list.html",
        {
            "page": page,
            "filters": filters,
            "actions": audit_page.action_choices(trail),
            "query": query.urlencode(),
        },
    )
