"""Production settings, as the environment of a deployment makes them: Django's deploy checks pass with no warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.security import production_env, production_settings, python_run


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("production-var")


def test_the_deploy_check_finds_nothing_to_warn_about_in_production(var_dir):
    result = python_run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(var_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_production_sends_https_only_cookies_and_a_year_of_hsts(var_dir):
    values = production_settings(str(var_dir))
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{cookie}_COOKIE_SECURE"] is True, cookie
        assert values[f"{cookie}_COOKIE_SAMESITE"] == "Lax", cookie
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["LANGUAGE_COOKIE_HTTPONLY"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True


@pytest.mark.parametrize("secure", ["1", "0"])
def test_a_process_with_debug_off_and_no_secret_key_refuses_to_start(var_dir, secure):
    """The development key is public (it is in the source): with DEBUG off, behind TLS or not, starting without a
    key fails, so signed image URLs can never be forged with it."""
    env = production_env(var_dir, DJANGO_SECRET_KEY=None, DJANGO_SECURE=secure)
    commands = (["manage.py", "check"], ["-c", "import curation.wsgi"], ["-m", "celery", "-A", "curation", "report"])
    for command in commands:
        result = python_run(command, env)
        assert result.returncode != 0, command
        assert "DJANGO_SECRET_KEY must be set" in result.stderr, command


def test_only_debug_falls_back_to_the_development_key(var_dir):
    env = production_env(var_dir, DJANGO_SECRET_KEY=None, DJANGO_SECURE="0", DJANGO_DEBUG="1")
    assert python_run(["manage.py", "check"], env).returncode == 0


def test_the_deploy_check_does_warn_without_the_secure_settings(var_dir):
    """The check above can fail: the same environment without DJANGO_SECURE is reported."""
    result = python_run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(var_dir, DJANGO_SECURE="0")
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS
