"""Security the framework does not do itself (a strict Content-Security-Policy, a body size
cap), and how the domain's refusals of the actor answer."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dienhinh.core.errors import NotPermitted, NotVisible

# No inline script or style anywhere: every script and stylesheet is a vendored static file.
DEFAULT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        policy = dict(DEFAULT_POLICY)
        policy.update(getattr(settings, "CONTENT_SECURITY_POLICY", {}))
        self.header = "; ".join(f"{key} {value}" for key, value in policy.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.header)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than DIENHINH["MAX_REQUEST_BYTES"] (413)
    before reading any of it, and close the connection so the server does not read it either.

    Django's own DATA_UPLOAD_MAX_MEMORY_SIZE leaves file uploads out, and acts once the body is
    being parsed. Bodies without a length (chunked) are not read by Django's WSGI handler.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.limit = int(settings.DIENHINH.get("MAX_REQUEST_BYTES", 11 * 1024 * 1024))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0 or length > self.limit:
            response = HttpResponse(
                _("The request is larger than %(limit)s MB and was refused.")
                % {"limit": round(self.limit / 1048576)}
                if length > 0
                else _("The request's length is not a number."),
                status=413 if length > 0 else 400,
                content_type="text/plain; charset=utf-8",
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class DomainRefusalMiddleware:
    """A domain function's refusal of the actor, raised through a view, answers consistently:
    NotVisible as 404 (the outsider learns nothing), NotPermitted as 403 with its message.
    Views that prefer a message on the page catch NotPermitted themselves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotVisible):
            return render(request, "404.html", status=404)
        if isinstance(exception, NotPermitted):
            return render(request, "403.html", {"message": str(exception)}, status=403)
        return None


class TwoFactorSetupMiddleware:
    """A user whose role requires a second factor that they have not set up (flagged in the
    session at sign-in, `orgs.twofactor`) reaches only the set-up, signing out and the language
    switch until they set it up."""

    ALLOWED = ("/accounts/", "/i18n/", "/static/", "/healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from dienhinh.core.twofactor_views import REQUIRED_SESSION_KEY

        if request.session.get(REQUIRED_SESSION_KEY) and not request.path.startswith(self.ALLOWED):
            return redirect("two_factor_enrol")
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A user whose password an administrator chose or reset (`User.must_change_password`)
    reaches only the password change, signing out and the language switch until they choose
    their own. Requests signed with an API token are not signed in by the session, so they
    pass (the token's owner chose to make it)."""

    ALLOWED = ("/accounts/password/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            getattr(user, "must_change_password", False)
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED)
        ):
            return redirect("password_change")
        return self.get_response(request)
