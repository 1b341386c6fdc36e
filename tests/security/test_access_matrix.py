"""Every URL of the project x every role x GET/POST: the expected answer, and nothing written when refused.

The list of URLs comes from the URL configuration, so a new view without an expectation here fails with
"add an expectation for <name>". Each request runs in a savepoint that is rolled back, so every request meets
the same world (tests/security/conftest.py): photographer A's photos and subjects, curator A's published
exhibition (with a review link and a collaborator), B's own, and staff.

An answer is written per role, in the order of ROLES:
    anonymous, photographer A, photographer B, curator A, curator B, staff
as a status code, or L (redirect to the login page), A (redirect to the admin's login page), R (another redirect).
POSTs carry no fields: what they test is who gets in, not what a valid form does (tests elsewhere do that).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from tests.security.conftest import ROLES, client_for, writes_recorded
from tests.security.routes import (
    ADMIN_LOGIN_URL,
    LOGIN_URL,
    MATRIX_ROWS,
    absent_kwargs,
    named_routes,
    owned_kwargs,
    private_kwargs,
    routes,
    url,
)

pytestmark = pytest.mark.django_db

REFUSALS = {"L", "A", "401", "403", "404", "405"}

#                                    anon  pA   pB   cA   cB   staff
EXPECTED: dict[str, dict[str, str]] = {
    # --- The public gallery: the same for everyone; the language switch is a POST that stores nothing.
    # --- The public gallery: the same for everyone. Feed and sitemap answer a POST like a GET (nothing stored).
    "exhibitions:home": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "exhibitions:detail": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "exhibitions:photo": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "exhibitions:story": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "exhibitions:language": {"GET": "405 405 405 405 405 405", "POST": "R R R R R R"},
    "exhibitions:feed": {"GET": "200 200 200 200 200 200", "POST": "200 200 200 200 200 200"},
    "exhibitions:sitemap": {"GET": "200 200 200 200 200 200", "POST": "200 200 200 200 200 200"},
    "exhibitions:robots": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    # An unpublished photo's image: to its owner and staff, to curators it is shared with (none here: see
    # tests/security/test_least_privilege.py) and to those who may open an exhibition showing it; 404 to anyone else.
    "rendition": {"GET": "404 200 404 404 404 200", "POST": "405 405 405 405 405 405"},
    # --- The library: a photographer's own photos only; curators have none. The loupe and culling are the
    # owner's tools (staff too get 404 there), the photo page and the original are the owner's and staff's.
    "curation:library": {"GET": "L 200 200 404 404 200", "POST": "L 200 200 404 404 200"},
    "curation:upload": {"GET": "L 200 200 404 404 200", "POST": "L 400 400 404 404 400"},
    "curation:upload-batch": {"GET": "405 405 405 405 405 405", "POST": "L 200 200 403 403 200"},
    "curation:upload-file": {"GET": "405 405 405 405 405 405", "POST": "401 400 400 403 403 400"},
    "curation:bulk": {"GET": "405 405 405 405 405 405", "POST": "L R R 404 404 R"},
    "curation:photos-status": {"GET": "L 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "curation:photo": {"GET": "L 200 404 404 404 200", "POST": "L R 404 404 404 R"},
    "curation:loupe": {"GET": "L 200 404 404 404 404", "POST": "L 200 404 404 404 404"},
    "curation:photo-cull": {"GET": "405 405 405 405 405 405", "POST": "L R 404 404 404 404"},
    "curation:photo-retry": {"GET": "405 405 405 405 405 405", "POST": "L R 404 404 404 R"},
    "curation:photo-original": {"GET": "L 200 404 404 404 200", "POST": "L 200 404 404 404 200"},
    # --- Subjects: the photographer's own. Curators of an exhibition showing the person see the subject and its
    # signed releases (they check consent); only the owner and staff change anything. Withdrawing is asked on
    # the consent page, so a GET there goes back to it.
    "curation:subjects": {"GET": "L 200 200 404 404 200", "POST": "L 405 405 405 405 405"},
    "curation:subject-new": {"GET": "L 200 200 404 404 200", "POST": "L 200 200 404 404 200"},
    "curation:subject": {"GET": "L 200 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "curation:subject-edit": {"GET": "L 200 404 404 404 200", "POST": "L 200 404 404 404 200"},
    "curation:subject-consent": {"GET": "L 200 404 404 404 200", "POST": "L 200 404 404 404 200"},
    "curation:subject-withdraw": {"GET": "L R 404 404 404 R", "POST": "L R 404 404 404 R"},
    "curation:subject-document": {"GET": "L 200 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "curation:subject-document-delete": {"GET": "L 405 405 405 405 405", "POST": "L R 404 404 404 R"},
    "curation:subject-merge": {"GET": "L 200 404 404 404 200", "POST": "L 200 404 404 404 200"},
    # --- The studio: curator A owns the exhibition; photographer A may look (their photo is in it) but not
    # change it; B's photographer and curator get the 404 of an exhibition that does not exist.
    "studio:list": {"GET": "L 200 200 200 200 200", "POST": "L 405 405 405 405 405"},
    "studio:new": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R R R"},
    "studio:sequencer": {"GET": "L 200 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "studio:sequence": {"GET": "L 200 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "studio:reorder": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 400 404 400"},
    "studio:remove": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 400 404 400"},
    "studio:undo": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:picker": {"GET": "L 404 404 200 404 200", "POST": "L 404 404 200 404 200"},
    "studio:panel-new": {"GET": "L 404 404 200 404 200", "POST": "L 404 404 200 404 200"},
    "studio:section-new": {"GET": "L 404 404 200 404 200", "POST": "L 404 404 200 404 200"},
    "studio:item": {"GET": "L 200 404 200 404 200", "POST": "L 404 404 200 404 200"},
    "studio:item-move": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:item-remove": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:details": {"GET": "L 200 404 200 404 200", "POST": "L 404 404 200 404 200"},
    "studio:delete": {"GET": "L 404 404 200 404 200", "POST": "L 404 404 R 404 R"},
    "studio:preview": {"GET": "L 200 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "studio:sharing": {"GET": "L 404 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "studio:collaborator-add": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    "studio:collaborator-remove": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:review-link-new": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    "studio:review-link-revoke": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:publish": {"GET": "L 200 404 200 404 200", "POST": "L 404 404 R 404 R"},
    "studio:unpublish": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:schedule": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    "studio:schedule-cancel": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    # Consent on the exhibition: its curators (and staff) decide; the photographer only reads the publish page.
    "studio:consent-report": {"GET": "L 404 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "studio:consent-override": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:consent-override-revoke": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:consent-remove": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:notice-dismiss": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    # The token is the key, for anyone; a revoked or unknown token is the same 404.
    "studio:review": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    # --- Accounts and the rest.
    "login": {"GET": "200 R R R R R", "POST": "200 R R R R R"},
    "logout": {"GET": "405 405 405 405 405 405", "POST": "R R R R R R"},
    "set_language": {"GET": "R R R R R R", "POST": "R R R R R R"},
    "healthz": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
}

# The admin guards every page with admin_view; only staff get in. Exceptions are listed below.
ADMIN_DEFAULT = {"GET": "A A A A A 200", "POST": "A A A A A 200"}
READ_ONLY_ADMIN = {
    "add": {"GET": "A A A A A 403", "POST": "A A A A A 403"},
    "change": {"GET": "A A A A A 200", "POST": "A A A A A 403"},
    "delete": {"GET": "A A A A A 403", "POST": "A A A A A 403"},
}
ADMIN_EXPECTED: dict[str, dict[str, str]] = {
    "admin:login": {"GET": "200 200 200 200 200 R", "POST": "200 200 200 200 200 200"},
    # Non-staff are sent to the admin's index (and from there to its login); logging out is a POST.
    "admin:logout": {"GET": "R R R R R 405", "POST": "R R R R R R"},
    "admin:jsi18n": {"GET": "A A A A A 200", "POST": "A A A A A 405"},
    "admin:password_change_done": {"GET": "A A A A A 200", "POST": "A A A A A 405"},
    # No search field asks for it here; without its parameters it refuses.
    "admin:autocomplete": {"GET": "A A A A A 403", "POST": "A A A A A 405"},
    # Photos have no page of their own on the public site.
    "admin:view_on_site": {"GET": "A A A A A 404", "POST": "A A A A A 404"},
    # Photos arrive through the upload page or import_photos, which check them; never added in the admin.
    "admin:curation_photo_add": {"GET": "A A A A A 403", "POST": "A A A A A 403"},
    # Review links are made in the studio; the publication history is an audit trail nobody edits.
    "admin:exhibitions_reviewlink_add": {"GET": "A A A A A 403", "POST": "A A A A A 403"},
    "admin:exhibitions_publicationevent_add": {"GET": "A A A A A 403", "POST": "A A A A A 403"},
    "admin:exhibitions_publicationevent_change": {"GET": "A A A A A 200", "POST": "A A A A A 403"},
    "admin:exhibitions_publicationevent_delete": {"GET": "A A A A A 403", "POST": "A A A A A 403"},
    # Consent is recorded on the subject's pages, which keep its history and take photos down; overrides are made
    # on the publish page, which checks them. Here all of it is to read; a release document may be removed.
    **{
        f"admin:{model}_{view}": READ_ONLY_ADMIN[view]
        for model in (
            "curation_consent",
            "curation_subjectevent",
            "exhibitions_consentoverride",
            "exhibitions_curatornotice",
        )
        for view in READ_ONLY_ADMIN
    },
    "admin:curation_releasedocument_add": {"GET": "A A A A A 403", "POST": "A A A A A 403"},
    "admin:curation_releasedocument_change": {"GET": "A A A A A 200", "POST": "A A A A A 403"},
}

# The library's sharing pages, and release documents for their photographer and staff only (tests/security/routes.py).
EXPECTED.update(MATRIX_ROWS)

ROUTES = routes()
NAMED = named_routes()


def expectation(name: str) -> dict[str, str] | None:
    if name in EXPECTED:
        return EXPECTED[name]
    if name.startswith("admin:"):
        return ADMIN_EXPECTED.get(name, ADMIN_DEFAULT)
    return None


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
        pytest.fail(f'add an expectation for {name} in EXPECTED; observed: "{name}": {{{lines}}}')
    assert not problems, "\n".join(problems)


# POSTs that need no CSRF token, and why. Everything else must refuse a POST without one.
CSRF_EXEMPT = {
    # Public pages are cached and the same for every visitor, so they carry no token; it only sets a cookie.
    "exhibitions:language": "sets the language cookie, nothing stored",
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
