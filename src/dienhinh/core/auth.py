"""Login with throttling: repeated failures lock a user name (and an address) for a while."""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# An office often reaches the server through one address (NAT): the address is locked only
# after many more failures than one user name, so one person's typos never lock colleagues out.
ADDRESS_FACTOR = 5


def _keys(username: str, address: str) -> list[str]:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{digest}", f"login-fail:addr:{address}"]


def is_locked(username: str, address: str) -> bool:
    user_key, address_key = _keys(username, address)
    limit = settings.LOGIN_FAILURE_LIMIT
    return cache.get(user_key, 0) >= limit or cache.get(address_key, 0) >= limit * ADDRESS_FACTOR


def register_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW)


def clear_failures(username: str, address: str) -> None:
    cache.delete_many(_keys(username, address)[:1])


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed attempts. Please wait %(minutes)d minutes before trying again."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if is_locked(username, address):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW // 60},
            )
        try:
            data = super().clean()
        except ValidationError:
            register_failure(username, address)
            raise
        clear_failures(username, address)
        return data


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True
