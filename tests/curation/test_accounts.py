"""Logging in: failures lock the account and the address on the site's login page and the admin's alike, for a
while; a success forgets the account's failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import F, Sum
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from curation import accounts
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase"
LOCKED = b"Too many failed attempts. Try again in 15 minutes."


def attempt(client, username: str, password: str, address: str = "10.0.0.1", url: str = "login"):
    return client.post(reverse(url), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def staff_photographer(username: str):
    user = factories.photographer(username=username, password=PASSWORD)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_five_failures_lock_the_account_even_with_the_right_password(client):
    factories.photographer(username="aigerim", password=PASSWORD)
    # A new address each time: the account's count locks it, not an address's.
    for n in range(4):
        assert b"Please enter a correct username" in attempt(client, "aigerim", "wrong", f"10.0.1.{n}").content
    fifth = attempt(client, "aigerim", "wrong", "10.0.1.4")
    assert fifth.status_code == 429 and LOCKED in fifth.content
    refused = attempt(client, "aigerim", PASSWORD, "10.0.1.5")
    assert refused.status_code == 429 and LOCKED in refused.content
    assert not logged_in(client)


def test_an_address_guessing_many_accounts_is_slowed_down(client):
    for n in range(5):
        attempt(client, f"nobody{n}", "wrong", address="10.0.0.9")
    factories.photographer(username="daniyar", password=PASSWORD)
    assert LOCKED in attempt(client, "daniyar", PASSWORD, address="10.0.0.9").content
    # The same account from another address is not punished for someone else's guessing.
    assert attempt(client, "daniyar", PASSWORD, address="10.0.0.10").status_code == 302


def test_a_success_before_the_limit_forgets_earlier_failures(client):
    factories.photographer(username="aigerim", password=PASSWORD)
    for _ in range(4):
        attempt(client, "aigerim", "wrong", address="10.0.0.2")
    assert attempt(client, "aigerim", PASSWORD, address="10.0.0.3").status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "aigerim", "wrong", address="10.0.0.4")
    assert attempt(client, "aigerim", PASSWORD, address="10.0.0.5").status_code == 302


def test_logging_in_to_ones_own_account_does_not_forget_guesses_at_another(client):
    factories.photographer(username="aigerim", password=PASSWORD)
    factories.photographer(username="mallory", password=PASSWORD)
    for _ in range(4):
        attempt(client, "aigerim", "wrong", address="10.0.0.7")
    assert attempt(client, "mallory", PASSWORD, address="10.0.0.7").status_code == 302
    client.logout()
    # Aigerim's fifth failure, from anywhere, locks her account; the address still remembers its four.
    assert LOCKED in attempt(client, "aigerim", "wrong", address="10.0.0.8").content
    assert LOCKED in attempt(client, "aigerim", PASSWORD, address="10.0.0.9").content
    assert LOCKED in attempt(client, "nobody", "wrong", address="10.0.0.7").content


def test_the_lock_ends_the_cool_off_after_the_last_failure_and_refused_attempts_do_not_extend_it(client):
    factories.photographer(username="aigerim", password=PASSWORD)
    for _ in range(5):
        attempt(client, "aigerim", "wrong")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=10))
    waiting = attempt(client, "aigerim", "wrong")
    assert b"Too many failed attempts. Try again in 5 minutes." in waiting.content
    assert AccessAttempt.objects.aggregate(failures=Sum("failures_since_start"))["failures"] == 5
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=5, seconds=1))
    assert attempt(client, "aigerim", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("guessed_on", "refused_on"),
    [("login", "admin:login"), ("admin:login", "login")],
    ids=["site-then-admin", "admin-then-site"],
)
def test_a_lock_earned_on_one_login_page_holds_on_the_other(client, guessed_on: str, refused_on: str):
    staff_photographer("daniyar")
    for n in range(5):
        attempt(client, "daniyar", "wrong", f"10.0.2.{n}", url=guessed_on)
    refused = attempt(client, "daniyar", PASSWORD, "10.0.2.9", url=refused_on)
    assert refused.status_code == 429 and LOCKED in refused.content
    # The page that refused is that login page, with its form, not axes's own page.
    assert b'name="password"' in refused.content
    assert not logged_in(client)


def test_the_admins_login_refuses_in_the_visitors_language(client):
    staff_photographer("daniyar")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    for _ in range(5):
        attempt(client, "daniyar", "wrong")
    refused = attempt(client, "daniyar", PASSWORD, url="admin:login")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Слишком много неудачных попыток. Повторите через 15 минут." in html
    assert 'id="login-form"' in html  # the admin's own page


def test_the_site_login_refuses_in_kazakh(client):
    factories.photographer(username="aigerim", password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    for _ in range(5):
        attempt(client, "aigerim", "wrong")
    html = attempt(client, "aigerim", PASSWORD).content.decode()
    assert "Сәтсіз әрекет тым көп. 15 минуттан кейін қайталап көріңіз." in html


def test_any_other_caller_of_authenticate_is_refused_and_answered_with_the_login_page(client):
    factories.photographer(username="aigerim", password=PASSWORD)
    for _ in range(5):
        attempt(client, "aigerim", "wrong", address="10.0.0.1")
    request = RequestFactory().post("/somewhere/", REMOTE_ADDR="10.0.0.1")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    assert authenticate(request, username="aigerim", password=PASSWORD) is None
    assert request.axes_locked_out
    page = accounts.lockout_response(request, HttpResponse("whatever the caller said"), {"username": "aigerim"})
    assert page.status_code == 429
    assert LOCKED in page.content and b'name="password"' in page.content


def test_curators_land_in_the_studio_and_photographers_in_their_library(client):
    factories.curator(username="daniyar", password=PASSWORD)
    factories.photographer(username="aigerim", password=PASSWORD)
    assert attempt(client, "daniyar", PASSWORD)["Location"] == reverse("studio:list")
    client.logout()
    assert attempt(client, "aigerim", PASSWORD)["Location"] == reverse("curation:library")


@pytest.mark.parametrize(
    ("trusted", "meta", "address"),
    [
        (False, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "10.0.0.1"),
        (True, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.9"}, "203.0.113.9"),
        (False, {"REMOTE_ADDR": "2001:DB8:0:0::1"}, "2001:db8::1"),
        (False, {"REMOTE_ADDR": ""}, None),
        (True, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-address"}, None),
    ],
)
def test_the_client_address_is_the_last_trusted_hop_in_one_spelling(settings, trusted, meta, address):
    settings.CURATION_TRUST_X_FORWARDED_FOR = trusted
    assert accounts.client_address(RequestFactory().get("/", **meta)) == address
