"""Invitations by e-mail (`orgs.invitations`): the administrator's list and form, and the
invitee's page where the link leads."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.orgs import domain, invitations, permissions, queries
from dienhinh.orgs.forms import AcceptInvitationForm, InvitationForm
from dienhinh.orgs.models import Invitation, Organisation
from dienhinh.orgs.views import managed_or_404


def _administered(request, code) -> Organisation:
    return managed_or_404(request, code, permissions.may_invite_users)


def _act(request, org: Organisation) -> str:
    invitation = (
        Invitation.objects.filter(
            pk=request.POST.get("invitation"), organisation__path__startswith=org.path
        )
        .select_related("organisation")
        .first()
    )
    if invitation is None:
        raise domain.OrgError(_("This invitation is not among this organisation's."))
    op = request.POST.get("op")
    if op == "resend":
        invitations.resend(invitation, actor=request.user)
        return _("A new link has been sent to %(email)s; the previous one no longer works.") % {
            "email": invitation.email
        }
    if op == "revoke":
        invitations.revoke(invitation, actor=request.user, reason=request.POST.get("reason", ""))
        return _("The invitation to %(email)s has been revoked.") % {"email": invitation.email}
    raise domain.OrgError(_("Unknown action."))


@login_required
def invitation_list(request, code):
    org = _administered(request, code)
    if request.method == "POST":
        try:
            done = _act(request, org)
        except NotVisible as exc:
            raise Http404 from exc
        except NotPermitted as exc:
            raise PermissionDenied(str(exc)) from exc
        except domain.OrgError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect("orgs:invitations", code=org.code)
    now = timezone.now()
    rows = list(
        Invitation.objects.filter(organisation__path__startswith=org.path)
        .select_related("organisation", "invited_by", "accepted_by")
        .order_by("-created_at", "-pk")[:200]
    )
    for row in rows:
        row.current_state = row.state(now)
    pending = [row for row in rows if row.current_state in ("pending", "expired")]
    closed = [row for row in rows if row.current_state not in ("pending", "expired")]
    return render(
        request,
        "orgs/invitation_list.html",
        {"org": org, "pending": pending, "closed": closed[:50]},
    )


@login_required
def invitation_create(request, code):
    org = _administered(request, code)
    form = InvitationForm(
        request.POST or None,
        units=queries.active_units_under(org),
        initial={"organisation": org, "language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invite(actor=request.user, **form.cleaned_data)
        except domain.OrgError as exc:
            form.add_error(None, str(exc))
        except NotVisible as exc:
            raise Http404 from exc
        except NotPermitted as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(
                request,
                _("The invitation is being sent to %(email)s; it is valid for %(days)s days.")
                % {"email": invitation.email, "days": invitations.lifetime().days},
            )
            return redirect("orgs:invitations", code=org.code)
    return render(
        request,
        "orgs/invitation_create.html",
        {"org": org, "form": form, "days": invitations.lifetime().days},
    )


@never_cache
def invitation_accept(request, token):
    """The invitee's page: open to anyone holding the link, which is the credential."""
    invitation = invitations.find(token)
    refusal = invitations.refusal(invitation)
    if refusal or invitation is None:
        status = 404 if invitation is None else 410
        return render(request, "orgs/invitation_accept.html", {"refusal": refusal}, status=status)
    local = invitation.email.split("@", 1)[0].lower()
    form = AcceptInvitationForm(request.POST or None, initial={"username": local})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invitations.accept(
                token,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
            )
        except invitations.InvitationError as exc:
            return render(request, "orgs/invitation_accept.html", {"refusal": str(exc)}, status=410)
        except domain.OrgError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome, %(name)s. You are signed in as %(role)s of %(organisation)s.")
                % {
                    "name": user.get_full_name(),
                    "role": invitation.get_role_display(),
                    "organisation": invitation.organisation.name,
                },
            )
            return redirect("home")
    return render(request, "orgs/invitation_accept.html", {"invitation": invitation, "form": form})
