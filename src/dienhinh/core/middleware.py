"""Security headers the framework does not set itself: a strict Content-Security-Policy."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
