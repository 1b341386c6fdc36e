"""Logging in: the login forms of the site and of the admin, which django-axes guards against password guessing."""

from __future__ import annotations

import hashlib
import ipaddress
import math
from collections.abc import Iterator
from contextlib import contextmanager

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_credentials, get_failure_limit
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address, as django-axes counts it (AXES_CLIENT_IP_CALLABLE); None when there is none."""
    if request is None:
        return None
    # Behind the reverse proxy the last hop it appended is the one we can trust.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.CURATION_TRUST_X_FORWARDED_FOR else ""
    address = forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
    try:
        # One spelling per address (IPv6 has many), and nothing the address column would refuse.
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _lock_key(kind: str, value: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"login:{kind}:{value}".encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def login_attempt_serialised(*, username: str, address: str | None) -> Iterator[None]:
    """One attempt at a time per account and per address, from axes's check through the password hash to axes's
    record of the failure, in every process: otherwise parallel guesses are all checked before any is recorded.
    On PostgreSQL, transaction-scoped advisory locks on both, taken in one order so that two attempts never wait
    for each other; on SQLite the transaction itself, which the settings begin IMMEDIATE: one writer at a time."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            keys = sorted({_lock_key("account", username), _lock_key("address", address or "")})
            with connection.cursor() as cursor:
                for key in keys:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        yield


def lockout_message(request: HttpRequest, username: str | None) -> str:
    """The refusal's words: too many failed attempts, and the minutes until every lock on this account and address
    has ended."""
    credentials = get_credentials(username)
    limit = get_failure_limit(request, credentials)
    now = timezone.now()
    ends = now
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        counted = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (counted["failures"] or 0) >= limit:
            ends = max(ends, counted["last"] + get_cool_off(request))
    minutes = max(1, math.ceil((ends - now).total_seconds() / 60))
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)d minute.",
        "Too many failed attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LoginAttemptMixin:
    """For a login form (the site's and the admin's): its attempt runs in login_attempt_serialised, and an attempt
    that django-axes refused, or that reached the limit, says how long to wait."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()
        refusal = None
        with login_attempt_serialised(username=username, address=client_address(self.request)):
            try:
                cleaned = super().clean()
            except ValidationError as error:
                # Raised inside the block, it would roll back the failure axes has just recorded.
                refusal = error
            else:
                # The account's failures are forgotten, not the address's (AXES_RESET_ON_SUCCESS would forget
                # both, and so let a guesser wipe the count with a login to an account of their own).
                axes_reset(username=self.get_user().get_username())
        if getattr(self.request, "axes_locked_out", False):
            raise ValidationError(lockout_message(self.request, username), code="locked_out")
        if refusal is not None:
            raise refusal
        return cleaned


class LoginForm(LoginAttemptMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's own Kazakh catalogue lacks this message: marked here, it is carried by ours.
        "invalid_login": _(
            "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
        ),
    }


class AdminLoginForm(LoginAttemptMixin, AdminAuthenticationForm):
    """The admin's login form (admin.site.login_form), guarded as the site's is."""


def lockout_response(request: HttpRequest, response: HttpResponse, credentials: dict | None) -> HttpResponse:
    """What a login refused by django-axes answers (AXES_LOCKOUT_CALLABLE), as 429 Too Many Requests: the login
    page that refused it, which says how long to wait; or, for a caller of authenticate() other than these forms,
    the site's login page saying so."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    if form is None or not form.has_error(NON_FIELD_ERRORS, "locked_out"):
        messages.error(request, lockout_message(request, get_client_username(request, credentials)))
        response = render(request, LoginView.template_name, {"form": LoginForm(request)})
    response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    return response


def home_for(user) -> str:
    """Where a signed-in person starts: photographers in their library, curators in the studio."""
    from django.urls import reverse

    from curation.roles import is_curator, is_photographer

    if is_photographer(user) or not is_curator(user):
        return reverse("curation:library")
    return reverse("studio:list")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return home_for(self.request.user)
