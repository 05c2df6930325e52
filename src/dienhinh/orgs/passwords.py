"""Passwords the user chooses: after an administrator chose one (a new user) or reset it, the
user must choose their own at next sign-in before anything else
(`core.middleware.PasswordChangeRequiredMiddleware`); changing it clears that. Audited."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from dienhinh.core import audit
from dienhinh.core.models import User
from dienhinh.orgs.models import Membership


@transaction.atomic
def chosen_by_user(user: User, *, action: str) -> None:
    """The user has just set their own password (`action`: "user.password_change" signed in,
    "user.password_reset" through a one-time link): clear the obligation and audit it."""
    forced = user.must_change_password
    if forced:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    # Scoped to one of the user's units, so that its administrators read it.
    scope = (
        Membership.objects.current()
        .filter(user=user)
        .order_by("pk")
        .values_list("organisation__path", flat=True)
        .first()
    )
    audit.record(
        action,
        user,
        actor=user,
        before={"must_change_password": forced},
        after={"must_change_password": False},
        scope_path=scope or "",
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """The signed-in user's own password; when it was required, back to work afterwards."""

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["forced"] = self.request.user.must_change_password  # type: ignore[union-attr]
        return context

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user = form.user
        forced = user.must_change_password
        response = super().form_valid(form)
        chosen_by_user(user, action="user.password_change")
        if forced:
            messages.success(self.request, _("Your password has been changed."))
            return redirect("home")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through a one-time link: the user chose it."""

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        chosen_by_user(form.user, action="user.password_reset")
        return response
