"""How a request to the API says who it is (a bearer token, or the signed-in session of the
browsable docs), what a token's scope allows, and the rate limit per token."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions, throttling

from dienhinh.api.domain import tokens
from dienhinh.api.models import ApiToken


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer dh_…` (or `Token dh_…`)."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header is malformed."))
        token = tokens.authenticate(header[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        return tokens.acting_as(token), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser (the docs' "Try it out"): writes need the CSRF token as on the web."""


class TokenScope(permissions.BasePermission):
    """Signed in; a read-only token reads only."""

    message = _("This token may only read: create a read-and-write token to make changes.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return not isinstance(request.auth, ApiToken) or request.auth.may_write


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """A rate per token (API_RATE_LIMIT, e.g. "1200/hour"); a session is limited per user."""

    scope = "token"

    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
