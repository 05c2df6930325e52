"""The users of an organisation's subtree, managed by its administrators (`orgs.users`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import User
from dienhinh.core.search import words_q
from dienhinh.orgs import domain, permissions, queries, users
from dienhinh.orgs.forms import GrantRoleForm, UserCreateForm
from dienhinh.orgs.models import Membership, Organisation
from dienhinh.orgs.views import managed_or_404


def _managed(request, code) -> Organisation:
    return managed_or_404(request, code, permissions.may_manage_users)


def _in_subtree(org: Organisation):
    return Membership.objects.current().filter(organisation__path__startswith=org.path)


@login_required
def user_list(request, code):
    org = _managed(request, code)
    qs = User.objects.filter(pk__in=_in_subtree(org).values("user_id"))
    q = (request.GET.get("q") or "").strip()
    if q:
        # With or without diacritics, each word at the start of a word of the user name or the
        # full name; or part of the e-mail address.
        qs = qs.filter(words_q("search_text", q) | Q(email__icontains=q))
    # Vietnamese order: given name first, then family and middle names (core.text).
    qs = qs.order_by("name_key", "username").prefetch_related(
        Prefetch(
            "memberships",
            queryset=_in_subtree(org).select_related("organisation"),
            to_attr="roles_here",
        )
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/user_list.html", {"org": org, "page": page, "q": q})


@login_required
def user_create(request, code):
    org = _managed(request, code)
    form = UserCreateForm(
        request.POST or None, units=queries.active_units_under(org), initial={"organisation": org}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = users.create_user(actor=request.user, **form.cleaned_data)
        except domain.OrgError as exc:
            form.add_error(None, str(exc))
        except NotVisible as exc:
            raise Http404 from exc
        except NotPermitted as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, _("The user has been created."))
            return redirect("orgs:user", code=org.code, user_id=user.pk)
    return render(request, "orgs/user_create.html", {"org": org, "form": form})


def _act(request, org: Organisation, user: User, grant: GrantRoleForm) -> str | None:
    """Run the posted action; its success message, or None when the form must be shown again."""
    op = request.POST.get("op")
    reason = request.POST.get("reason", "")
    if op in ("deactivate", "activate"):
        users.set_user_active(
            user, actor=request.user, organisation=org, active=op == "activate", reason=reason
        )
        return (
            _("The user can sign in again.") if op == "activate" else _("The user is deactivated.")
        )
    if op == "reset":
        link = users.password_reset_link(user, actor=request.user, organisation=org)
        return _("Hand this one-time link to the user to set a new password: %(link)s") % {
            "link": request.build_absolute_uri(link)
        }
    if op == "grant":
        if not grant.is_valid():
            return None
        domain.grant_role(actor=request.user, user=user, **grant.cleaned_data)
        return _("The role has been given.")
    if op == "revoke":
        membership = _in_subtree(org).filter(user=user, pk=request.POST.get("membership")).first()
        if membership is None:
            raise domain.OrgError(_("This role is no longer held."))
        domain.revoke_role(membership, actor=request.user, reason=reason)
        return _("The role has been withdrawn.")
    raise domain.OrgError(_("Unknown action."))


@login_required
def user_detail(request, code, user_id):
    org = _managed(request, code)
    user = User.objects.filter(pk=user_id, pk__in=_in_subtree(org).values("user_id")).first()
    if user is None:
        raise Http404
    grant = GrantRoleForm(
        request.POST if request.POST.get("op") == "grant" else None,
        units=queries.active_units_under(org),
    )
    if request.method == "POST":
        try:
            done = _act(request, org, user, grant)
        except NotVisible as exc:
            raise Http404 from exc
        except NotPermitted as exc:
            raise PermissionDenied(str(exc)) from exc
        except domain.OrgError as exc:
            messages.error(request, str(exc))
        else:
            if done is not None:
                messages.success(request, done)
                return redirect("orgs:user", code=org.code, user_id=user.pk)
    roles = _in_subtree(org).filter(user=user).select_related("organisation").order_by("pk")
    return render(
        request,
        "orgs/user_detail.html",
        {"org": org, "person": user, "roles": roles, "grant": grant},
    )
