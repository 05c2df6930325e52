"""An organisation's sign-in page: the roles that must use a second factor, and its members'
second factors (reset when one is lost)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core.errors import NotPermitted, NotVisible
from dienhinh.core.models import TwoFactor
from dienhinh.orgs import domain, permissions
from dienhinh.orgs.enums import Role
from dienhinh.orgs.views import managed_or_404


class PolicyForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles that must sign in with a second factor"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Holders of these roles here and in every unit below set up an authenticator at "
            "their next sign-in and cannot turn it off."
        ),
    )


def _organisation(request, code):
    return managed_or_404(request, code, permissions.may_manage_sign_in)


@login_required
def sign_in_policy(request, code):
    org = _organisation(request, code)
    form = PolicyForm(request.POST or None, initial={"roles": org.two_factor_roles})
    if request.method == "POST" and form.is_valid():
        domain.set_two_factor_roles(org, actor=request.user, roles=form.cleaned_data["roles"])
        messages.success(request, _("The sign-in rule has been saved."))
        return redirect("orgs:sign_in", code=org.code)
    members = list(
        org.memberships.current().select_related("user").order_by("user__name_key", "role")
    )
    enabled = set(
        TwoFactor.objects.filter(
            user__in=[m.user_id for m in members], enabled_at__isnull=False
        ).values_list("user_id", flat=True)
    )
    for m in members:
        m.has_two_factor = m.user_id in enabled
    return render(request, "orgs/sign_in.html", {"org": org, "form": form, "members": members})


@login_required
def reset_two_factor(request, code, user_id):
    org = _organisation(request, code)
    if request.method != "POST":
        return redirect("orgs:sign_in", code=org.code)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    try:
        domain.reset_two_factor(
            actor=request.user,
            user=user,
            organisation=org,
            reason=request.POST.get("reason", ""),
        )
    except NotVisible as exc:
        raise Http404 from exc
    except (domain.OrgError, NotPermitted) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The second factor of %(user)s has been reset.") % {"user": user.get_full_name()},
        )
    return redirect("orgs:sign_in", code=org.code)
