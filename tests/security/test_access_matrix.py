"""Every URL of the project x every role x GET/POST: the expected answer, and nothing written when refused.

The expected answers are the table EXPECTED in tests/support/security.py (tests/security/test_headers.py reads it
too). The list of URLs comes from the URL configuration, so a new view without an expectation there fails with
"add an expectation for <name>". Each request runs in a savepoint that is rolled back, so every request meets
the same world (tests/security/conftest.py): photographer A's photos and subjects, curator A's published
exhibition (with a review link and a collaborator), B's own, and staff.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from tests.security.conftest import ROLES, client_for, writes_recorded
from tests.security.routes import (
    ADMIN_LOGIN_URL,
    LOGIN_URL,
    absent_kwargs,
    named_routes,
    owned_kwargs,
    private_kwargs,
    routes,
    url,
)
from tests.support.security import ADMIN_EXPECTED, EXPECTED, REFUSALS, expectation

pytestmark = pytest.mark.django_db

ROUTES = routes()
NAMED = named_routes()


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307):
        location = response["Location"]
        if location.startswith(LOGIN_URL):
            return "L"
        if location.startswith(ADMIN_LOGIN_URL):
            return "A"
        return "R"
    return str(response.status_code)


class Visitor:
    """One role's client; every request runs in a savepoint that is rolled back, logout and all."""

    def __init__(self, world, role: str) -> None:
        self.client = client_for(world, role)
        self.session = self.client.cookies.get(settings.SESSION_COOKIE_NAME)

    def request(self, method: str, path: str, check: bool) -> tuple[str, list[str]]:
        """The answer, and (when `check`) the app's tables the request wrote."""
        if self.session is not None:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = self.session.value
        with transaction.atomic():
            with writes_recorded() as written:
                response = self.client.generic(method, path)
            transaction.set_rollback(True)
        return outcome(response), written if check else []


def test_every_url_is_named_so_that_it_can_have_an_expectation():
    unnamed = [route.pattern for route in ROUTES if route.name is None and not route.is_admin]
    assert not unnamed, f"give these URL patterns a name: {unnamed}"


def test_no_expectation_is_left_for_a_url_that_no_longer_exists():
    stale = sorted(set(EXPECTED) - set(NAMED)) + sorted(set(ADMIN_EXPECTED) - set(NAMED))
    assert not stale, f"remove the expectations of URLs that are gone: {stale}"


@pytest.mark.parametrize("name", sorted(NAMED))
def test_each_role_gets_the_expected_answer_and_a_refusal_changes_nothing(world, name):
    route = NAMED[name]
    expected = expectation(name)
    visitors = {role: Visitor(world, role) for role in ROLES}
    owned = url(route, owned_kwargs(world, route))
    absent = url(route, absent_kwargs(world, route)) if route.kwargs else None
    private = private_kwargs(world, route)
    private = url(route, private) if private else None

    observed: dict[str, list[str]] = {"GET": [], "POST": []}
    problems: list[str] = []
    for method in ("GET", "POST"):
        for index, role in enumerate(ROLES):
            want = expected[method].split()[index] if expected else None
            refused = want in REFUSALS if want else False
            # GET never writes, whoever asks; a refused POST writes nothing either.
            check = method == "GET" or refused
            got, changes = visitors[role].request(method, owned, check)
            observed[method].append(got)
            if expected and got != want:
                problems.append(f"{method} {owned} as {role}: expected {want}, got {got}")
            if changes:
                problems.append(f"{method} {owned} as {role} ({got}) changed {changes}")
            if absent and (refused or not expected):
                # Someone else's object and no object at all must look alike, or ids tell what exists.
                missing, _changes = visitors[role].request(method, absent, False)
                if missing != got:
                    problems.append(f"{method} as {role}: {owned} answers {got} but absent {absent} answers {missing}")
            if private and method == "GET":
                hidden, _changes = visitors[role].request(method, private, False)
                missing, _changes = visitors[role].request(method, absent, False)
                if hidden != missing:
                    problems.append(f"GET as {role}: private {private} answers {hidden}, absent {absent} {missing}")
    if expected is None:
        lines = ", ".join(f'"{method}": "{" ".join(codes)}"' for method, codes in observed.items())
        where = "EXPECTED (tests/support/security.py)"
        pytest.fail(f'add an expectation for {name} in {where}; observed: "{name}": {{{lines}}}')
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(name for name, route in NAMED.items() if route.localized and expectation(name)))
def test_a_page_answers_alike_at_its_address_in_every_language(world, name):
    """The matrix asks for a gallery page at its English address (/en/…); at /kk/… and /ru/… it is the same view,
    and must answer every role the same, a refusal writing nothing."""
    route = NAMED[name]
    expected = expectation(name)
    visitors = {role: Visitor(world, role) for role in ROLES}
    problems: list[str] = []
    for language in [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]:
        with translation.override(language):
            address = url(route, owned_kwargs(world, route))
        assert address.startswith(f"/{language}/"), address
        for method in ("GET", "POST"):
            for index, role in enumerate(ROLES):
                want = expected[method].split()[index]
                got, changes = visitors[role].request(method, address, method == "GET" or want in REFUSALS)
                if got != want:
                    problems.append(f"{method} {address} as {role}: expected {want}, got {got}")
                if changes:
                    problems.append(f"{method} {address} as {role} ({got}) changed {changes}")
    assert not problems, "\n".join(problems)


# POSTs that need no CSRF token, and why. Everything else must refuse a POST without one.
CSRF_EXEMPT = {
    # Public pages are cached and the same for every visitor, so they carry no token; it only sets a cookie.
    "language": "sets the language cookie, nothing stored",
}


def _first_admitted(name: str) -> str | None:
    """The first role whose POST gets past the access checks, to try it without a CSRF token."""
    answers = expectation(name)["POST"].split()
    return next((role for role, answer in zip(ROLES, answers, strict=True) if answer not in REFUSALS), None)


@pytest.mark.parametrize("name", sorted(name for name in NAMED if expectation(name) and _first_admitted(name)))
def test_every_post_without_a_csrf_token_is_refused(world, name):
    role = _first_admitted(name)
    route = NAMED[name]
    client = client_for(world, role, enforce_csrf_checks=True)
    with transaction.atomic():
        with writes_recorded() as changes:
            response = client.post(url(route, owned_kwargs(world, route)))
        transaction.set_rollback(True)
    if name in CSRF_EXEMPT:
        assert response.status_code != 403, f"{name} is listed as needing no token: remove it from CSRF_EXEMPT"
    else:
        assert response.status_code == 403, f"POST {name} as {role} without a token answered {response.status_code}"
    assert not changes


def test_the_write_check_sees_an_accepted_change(world):
    """The matrix trusts `writes_recorded` to see any write: a change the owner may make must show in it."""
    client = client_for(world, ROLES[1])  # photographer A, who owns the photo
    with transaction.atomic():
        with writes_recorded() as written:
            response = client.post(reverse("curation:photo-cull", args=[world.photo_a_private.pk]), {"rating": "3"})
        transaction.set_rollback(True)
    assert response.status_code == 302
    assert any(w.startswith("curation_photo:") for w in written), written
