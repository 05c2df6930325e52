"""Language choice: Vietnamese unless the user picked English with the switch.

The browser's Accept-Language is ignored on purpose: officers often use browsers set to English,
and the product's default is Vietnamese. The API (/api/) is the exception: a program calling it
says which language its users read in Accept-Language (vi or en; Vietnamese otherwise).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _accepted(request: HttpRequest) -> str:
    """The first of the product's languages named in Accept-Language, or ""."""
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in dict(settings.LANGUAGES):
            return code
    return ""


def chosen_language(request: HttpRequest) -> str:
    if request.path.startswith("/api/") and (accepted := _accepted(request)):
        return accepted
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if code in dict(settings.LANGUAGES):
        return code
    return str(settings.LANGUAGE_CODE)


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(
            response,
            ("Cookie", "Accept-Language") if request.path.startswith("/api/") else ("Cookie",),
        )
        response.headers.setdefault("Content-Language", language)
        return response
