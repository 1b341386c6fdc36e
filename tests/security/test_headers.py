"""Security headers on every page (one of each URL pattern, the 404 page, the admin), with production settings,
and no inline script, style or event handler in any HTML page that the Content-Security-Policy would not allow."""

from __future__ import annotations

import base64
import hashlib
import re
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.security.conftest import ROLES, client_for
from tests.security.routes import absent_kwargs, named_routes, owned_kwargs, url
from tests.support.markup import body, inline_code_problems
from tests.support.security import expectation, production_settings

pytestmark = pytest.mark.django_db

NAMED = named_routes()
# Pages served from the public cache skip most middleware: they are fetched twice, the second from the cache.
CACHED = {
    f"{namespace}:{name}"
    for namespace in ("exhibitions", "unprefixed")
    for name in ("home", "detail", "photo", "story")
}


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """The security settings a DJANGO_SECURE=1 process computes, to run these requests under."""
    values = production_settings(str(tmp_path_factory.mktemp("production-var")))
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    values.pop("DEBUG")
    return values


def _pages() -> list[tuple[str, str]]:
    """(URL name, role): each named URL, asked by the first role that may see it."""
    pages = []
    for name in sorted(NAMED):
        if expectation(name) is None:
            continue  # the access matrix asks for one
        answers = expectation(name)["GET"].split()
        role = next((r for r, answer in zip(ROLES, answers, strict=True) if answer == "200"), None)
        if role is not None:
            pages.append((name, role))
    return pages


def csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response, where: str) -> None:
    policy = csp(response)
    for directive in ("script-src", "style-src"):
        sources = policy.get(directive, [])
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, f"{where}: {directive} {sources}"
    assert policy.get("default-src") == ["'self'"], where
    assert policy.get("frame-ancestors") == ["'none'"], where
    assert policy.get("object-src") == ["'none'"], where
    assert policy.get("base-uri") == ["'self'"], where
    assert policy.get("form-action") == ["'self'"], where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["X-Frame-Options"] == "DENY", where
    assert response.get("Referrer-Policy") in {"same-origin", "no-referrer", "strict-origin-when-cross-origin"}, where
    assert "camera=()" in response.get("Permissions-Policy", ""), where
    assert "geolocation=()" in response.get("Permissions-Policy", ""), where
    hsts = response.get("Strict-Transport-Security", "")
    assert re.search(r"max-age=(\d+)", hsts) and int(re.search(r"max-age=(\d+)", hsts)[1]) >= 31536000, where
    assert "includeSubDomains" in hsts, where


def assert_no_inline_code(response, where: str) -> None:
    if not response["Content-Type"].startswith("text/html"):
        return
    problems = inline_code_problems(body(response).decode(), response["Content-Security-Policy"])
    assert not problems, f"{where}: {problems}"


def test_the_inline_code_check_finds_what_it_looks_for():
    page = (
        '<p style="color:red">x</p><a href="javascript:alert(1)">y</a><img src=x onerror="alert(1)">'
        '<script>alert(1)</script><script nonce="abc">ok()</script><style>p{}</style>'
        '<script type="application/ld+json">{}</script><style>a{}</style>'
    )
    # a{} is named by its hash (base64 of its SHA-256); p{} is not.
    digest = base64.b64encode(hashlib.sha256(b"a{}").digest()).decode()
    policy = f"script-src 'self' 'nonce-abc'; style-src 'self' 'sha256-{digest}'"
    assert len(inline_code_problems(page, policy)) == 5


def _get(client, path: str):
    response = client.get(path, secure=True)
    body(response)
    return response


@pytest.mark.parametrize(("name", "role"), _pages(), ids=[name for name, _role in _pages()])
def test_every_page_carries_the_security_headers_and_no_inline_code(world, production, name, role):
    route = NAMED[name]
    with override_settings(**production):
        client = client_for(world, role)
        path = url(route, owned_kwargs(world, route))
        response = _get(client, path)
        assert response.status_code == 200, f"{name} as {role}: {response.status_code}"
        assert_security_headers(response, name)
        assert_no_inline_code(response, name)
        if name in CACHED:
            again = _get(client, path)
            assert again.status_code == 200
            assert body(again) == body(response), "the second visit should come from the page cache"
            assert_security_headers(again, f"{name} (cached)")
            # The cached body was rendered with the first visit's nonce, and the policy says so.
            assert_no_inline_code(again, f"{name} (cached)")


def test_the_404_page_and_a_refused_page_carry_the_headers_too(world, production):
    with override_settings(**production):
        client = client_for(world, "photographer B")
        for path in (
            "/no/such/page/",
            url(NAMED["curation:photo"], absent_kwargs(world, NAMED["curation:photo"])),
            url(NAMED["curation:photo"], owned_kwargs(world, NAMED["curation:photo"])),  # A's photo
        ):
            response = _get(client, path)
            assert response.status_code == 404
            assert_security_headers(response, path)
            assert_no_inline_code(response, path)


def test_plain_http_is_sent_to_https(world, production):
    with override_settings(**production):
        response = client_for(world, "anonymous").get(reverse("exhibitions:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def _cookies(response) -> dict[str, str]:
    jar = SimpleCookie()
    for header, value in response.items():
        if header.lower() == "set-cookie":
            jar.load(value)
    return {name: str(morsel) for name, morsel in response.cookies.items()} | {
        name: str(morsel) for name, morsel in jar.items()
    }


def test_cookies_are_secure_httponly_and_samesite_in_production(world, production):
    with override_settings(**production):
        client = client_for(world, "anonymous")
        login_page = _get(client, reverse("login"))
        csrf = login_page.cookies[settings.CSRF_COOKIE_NAME]
        logged_in = client.post(
            reverse("login"),
            {"username": "photographer-a", "password": "pass-word-123", "csrfmiddlewaretoken": csrf.value},
            secure=True,
        )
        assert logged_in.status_code == 302, "the login should succeed"
        language = client.post(reverse("language"), {"language": "ru", "next": "/"}, secure=True)

    session = logged_in.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    # The CSRF cookie is read by the library's script, so it cannot be HttpOnly; it is Secure and SameSite.
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    language_cookie = language.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert language_cookie["secure"] and language_cookie["httponly"] and language_cookie["samesite"] == "Lax"
