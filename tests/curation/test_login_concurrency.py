"""Parallel wrong guesses against a real threaded server, half on the site's login page and half on the admin's: no
more of them reach the password check than the failure limit allows, per account and per address."""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.db.models import Sum

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase"
GUESSES = 20
LOCKED = "Too many failed attempts. Try again in 15 minutes."


class PasswordChecks(BaseBackend):
    """Last of the backends: called for each attempt axes let through, once the real backend has checked (and
    refused) its password. Writes a line per call to a file, which no transaction rolls back."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        with Path(settings.TEST_PASSWORD_CHECKS_FILE).open("a") as checks:
            checks.write(f"{username}\n")
        return None


@pytest.fixture
def password_checks(settings, tmp_path: Path) -> Path:
    checks = tmp_path / "checks"
    checks.touch()
    settings.TEST_PASSWORD_CHECKS_FILE = str(checks)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, f"{__name__}.PasswordChecks"]
    # The real hasher, as slow as in production: the window between axes's check and its record is that long.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    # Each guess comes from an address of its own (or all from one), told by the proxy's header.
    settings.CURATION_TRUST_X_FORWARDED_FOR = True
    return checks


def guess(base: str, path: str, username: str, address: str, start: threading.Barrier) -> tuple[int, str]:
    """Fetch the login form (for its CSRF cookie and token), wait for every other guesser, post a wrong password."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = opener.open(base + path, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": "wrong-guess"})
    request = urllib.request.Request(base + path, data=body.encode(), headers={"X-Forwarded-For": address})
    start.wait(timeout=60)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def guess_in_parallel(base: str, usernames: list[str], addresses: list[str]) -> list[tuple[int, str]]:
    start = threading.Barrier(len(usernames))
    answers: list[tuple[int, str] | BaseException] = [None] * len(usernames)

    def run(n: int) -> None:
        path = "/accounts/login/" if n % 2 == 0 else "/admin/login/"
        try:
            answers[n] = guess(base, path, usernames[n], addresses[n], start)
        except BaseException as error:  # noqa: BLE001 - reported below
            answers[n] = error
            start.abort()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(usernames))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    failed = [answer for answer in answers if isinstance(answer, BaseException)]
    assert not failed, failed
    return answers


def assert_limit_held(answers: list[tuple[int, str]], checks: Path) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    assert len(checks.read_text().splitlines()) == limit
    # The first limit - 1 are told the password is wrong; the one that reaches the limit and all after it, to wait.
    assert sorted(status for status, _ in answers) == [200] * (limit - 1) + [429] * (GUESSES - limit + 1)
    assert all(LOCKED in html for status, html in answers if status == 429)
    assert AccessAttempt.objects.aggregate(failures=Sum("failures_since_start"))["failures"] == limit


def test_parallel_guesses_at_one_account_check_at_most_the_limit(live_server, password_checks: Path):
    staff = factories.photographer(username="daniyar", password=PASSWORD)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    answers = guess_in_parallel(live_server.url, ["daniyar"] * GUESSES, [f"10.1.0.{n}" for n in range(GUESSES)])
    assert_limit_held(answers, password_checks)


def test_parallel_guesses_from_one_address_check_at_most_the_limit(live_server, password_checks: Path):
    # Accounts that do not exist: their passwords are hashed all the same (Django's guard against timing).
    answers = guess_in_parallel(live_server.url, [f"nobody-{n}" for n in range(GUESSES)], ["10.2.0.1"] * GUESSES)
    assert_limit_held(answers, password_checks)
