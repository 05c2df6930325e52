"""Two-factor sign-in pages: the code after the password, and a user's own settings (set up
with a QR code, recovery codes, turn off with the password)."""

import time
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dienhinh.core import auth, twofactor
from dienhinh.core.metrics import SIGNIN_FAILURES

#: Set at sign-in (`orgs.twofactor`) when a role of the user requires a second factor that the
#: user has not set up: until they do, every page leads to the set-up.
REQUIRED_SESSION_KEY = "dienhinh_two_factor_required"
#: Set at sign-in when a role of the user requires a second factor: it cannot be turned off.
POLICY_SESSION_KEY = "dienhinh_two_factor_policy"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code of an account whose password was right."""
    pending: dict[str, Any] = request.session.get(auth.PENDING_SESSION_KEY) or {}
    user = None
    if pending and time.time() - pending["at"] <= settings.LOGIN_CODE_SECONDS:
        user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(auth.PENDING_SESSION_KEY, None)
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = auth.client_address(request)
        now = timezone.now()
        verdict = auth.begin_code_attempt(user.pk, address, now)
        if not verdict.allowed:
            SIGNIN_FAILURES.inc()
            form.add_error(
                None, auth.ThrottleMixin.throttled_message % {"minutes": verdict.minutes_left(now)}
            )
        elif twofactor.check(user, form.cleaned_data["code"]):
            auth.code_succeeded(user.pk, address)
            del request.session[auth.PENDING_SESSION_KEY]
            auth_login(request, user, backend=pending["backend"] or None)
            return redirect(pending["next"])
        else:
            SIGNIN_FAILURES.inc()
            auth.code_failed(user.pk, address, now)
            form.add_error("code", _("The code is not right."))
    return render(request, "registration/login_code.html", {"form": form})


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """Whether two-factor sign-in is on; turn it on, get new recovery codes, turn it off."""
    user = request.user
    enabled = twofactor.is_enabled(user)
    return render(
        request,
        "registration/two_factor.html",
        {
            "enabled": enabled,
            "required": bool(request.session.get(POLICY_SESSION_KEY)),
            "codes_left": twofactor.recovery_codes_left(user) if enabled else 0,
            "form": PasswordForm(),
        },
    )


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    return render(request, "registration/two_factor_codes.html", {"codes": codes})


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up: scan the QR code (or type the key), then give one code to turn it on."""
    try:
        device = twofactor.start(request.user)
    except twofactor.TwoFactorError as exc:
        messages.info(request, str(exc))
        return redirect("two_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm(request.user, form.cleaned_data["code"])
        except twofactor.TwoFactorError as exc:
            form.add_error("code", str(exc))
        else:
            request.session.pop(REQUIRED_SESSION_KEY, None)
            messages.success(request, _("Two-factor sign-in is on."))
            return _show_codes(request, codes)
    uri = twofactor.provisioning_uri(device)
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "qr": segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
            "secret": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
            "required": bool(request.session.get(REQUIRED_SESSION_KEY)),
        },
    )


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST)
    try:
        if not form.is_valid():
            raise twofactor.TwoFactorError(_("The password is not right."))
        codes = twofactor.new_recovery_codes(request.user, form.cleaned_data["password"])
    except twofactor.TwoFactorError as exc:
        messages.error(request, str(exc))
        return redirect("two_factor")
    return _show_codes(request, codes)


@login_required
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST)
    if request.session.get(POLICY_SESSION_KEY):
        messages.error(
            request, _("Your role requires two-factor sign-in: it cannot be turned off.")
        )
        return redirect("two_factor")
    try:
        if not form.is_valid():
            raise twofactor.TwoFactorError(_("The password is not right."))
        twofactor.disable(request.user, form.cleaned_data["password"])
    except twofactor.TwoFactorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("two_factor")
