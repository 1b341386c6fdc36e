"""Logging in: the login form with throttling of repeated failures per account and per address."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def _key(kind: str, value: str) -> str:
    return f"login-failures:{kind}:{hashlib.sha256(value.lower().encode()).hexdigest()[:32]}"


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return "unknown"
    # Behind the reverse proxy the last hop it appended is the one we can trust.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.CURATION_TRUST_X_FORWARDED_FOR else ""
    return forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "unknown")


def login_wait_seconds(*, username: str, address: str) -> int:
    """Seconds before another attempt is allowed: 0 while fewer than the allowed failures were made."""
    limit = settings.CURATION_LOGIN_FAILURES_ALLOWED
    worst = 0
    for key in (_key("account", username), _key("address", address)):
        failures = cache.get(key, 0)
        if failures >= limit:
            # Each failure past the limit doubles the wait, up to the lockout window.
            worst = max(worst, min(settings.CURATION_LOGIN_LOCKOUT_SECONDS, 30 * 2 ** (failures - limit)))
    return worst


def login_failure_record(*, username: str, address: str) -> None:
    for key in (_key("account", username), _key("address", address)):
        cache.add(key, 0, timeout=settings.CURATION_LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.CURATION_LOGIN_LOCKOUT_SECONDS)


def login_failures_clear(*, username: str) -> None:
    cache.delete(_key("account", username))


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's own Kazakh catalogue lacks this message: marked here, it is carried by ours.
        "invalid_login": _(
            "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        wait = login_wait_seconds(username=username, address=address)
        if wait:
            minutes = max(1, round(wait / 60))
            raise ValidationError(
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute.",
                    "Too many failed attempts. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            login_failure_record(username=username, address=address)
            raise
        login_failures_clear(username=username)
        return cleaned


def home_for(user) -> str:
    """Where a signed-in person starts: photographers in their library, curators in the studio."""
    from django.urls import reverse

    from curation.roles import is_curator, is_photographer

    if is_photographer(user) or not is_curator(user):
        return reverse("curation:library")
    return reverse("studio:list")


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return home_for(self.request.user)
