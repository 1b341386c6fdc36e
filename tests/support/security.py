"""What the security tests share: the access matrix's expected answers, the settings of a production process, and
the upload page's requests."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


# --- The access matrix: who gets what ------------------------------------------------------------------------------
#
# Every named URL x the six roles of tests/security/conftest.py x GET/POST, checked by
# tests/security/test_access_matrix.py and used by tests/security/test_headers.py to pick a role that sees each page.
# An answer is written per role, in the order of ROLES:
#     anonymous, photographer A, photographer B, curator A, curator B, staff
# as a status code, or L (redirect to the login page), A (redirect to the admin's login page), R (another redirect).
# POSTs carry no fields: what they test is who gets in, not what a valid form does (tests elsewhere do that).

REFUSALS = {"L", "A", "401", "403", "404", "405"}

#                                    anon  pA   pB   cA   cB   staff
EXPECTED: dict[str, dict[str, str]] = {
    # --- The public gallery: the same for everyone. Its pages have an address per language ("exhibitions:…",
    # asked here in English; tests/security/test_access_matrix.py asks the others too) and one without
    # ("unprefixed:…", the visitor's language). The language switch is a POST that stores nothing; feed and sitemap
    # answer a POST like a GET (nothing stored).
    "exhibitions:home": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "exhibitions:detail": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "exhibitions:photo": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "exhibitions:story": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "exhibitions:feed": {"GET": "200 200 200 200 200 200", "POST": "200 200 200 200 200 200"},
    "unprefixed:home": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "unprefixed:detail": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "unprefixed:photo": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "unprefixed:story": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "unprefixed:feed": {"GET": "200 200 200 200 200 200", "POST": "200 200 200 200 200 200"},
    "language": {"GET": "405 405 405 405 405 405", "POST": "R R R R R R"},
    "sitemap": {"GET": "200 200 200 200 200 200", "POST": "200 200 200 200 200 200"},
    "robots": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    # IIIF: a published exhibition's manifest and the collection, read by viewers on any site.
    "iiif:manifest": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
    "iiif:collection": {"GET": "200 200 200 200 200 200", "POST": "405 405 405 405 405 405"},
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
    # Compare and survey: the owner's tools like the loupe; a survey naming no photo explains itself to anyone who
    # may upload.
    "curation:compare": {"GET": "L 200 404 404 404 404", "POST": "405 405 405 405 405 405"},
    "curation:survey": {"GET": "L 200 200 404 404 200", "POST": "405 405 405 405 405 405"},
    "curation:photo-cull": {"GET": "405 405 405 405 405 405", "POST": "L R 404 404 404 404"},
    "curation:burst-pick": {"GET": "405 405 405 405 405 405", "POST": "L R 404 404 404 404"},
    "curation:photo-retry": {"GET": "405 405 405 405 405 405", "POST": "L R 404 404 404 R"},
    "curation:photo-original": {"GET": "L 200 404 404 404 200", "POST": "L 200 404 404 404 200"},
    # The photographer's sharing page: a curator has none; a POST without a name shows the form again.
    # The name public pages credit a photographer's work to: each photographer's own (and staff's, who may upload).
    "curation:credit": {"GET": "L 200 200 404 404 200", "POST": "L R R 404 404 R"},
    "curation:sharing": {"GET": "L 200 200 404 404 200", "POST": "L 405 405 405 405 405"},
    "curation:sharing-grant": {"GET": "L 405 405 405 405 405", "POST": "L 200 200 404 404 200"},
    "curation:sharing-revoke": {"GET": "L 405 405 405 405 405", "POST": "L R R 404 404 R"},
    # Withdrawing an offer names it in the form (none here): back to the page, nothing changed.
    "curation:sharing-offer-withdraw": {"GET": "L 405 405 405 405 405", "POST": "L R R 404 404 R"},
    # Answering an offer: only the curator it is addressed to (nobody here), the same 404 for anyone else.
    "curation:sharing-offer-accept": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 404 404 404"},
    "curation:sharing-offer-decline": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 404 404 404"},
    # --- Subjects: the photographer's own. Curators of an exhibition showing the person read its public summary
    # (they check consent: a signed release reads "on file"); the release document itself is its photographer's
    # and staff's. Only the owner and staff change anything. Withdrawing is asked on the consent page, so a GET
    # there goes back to it.
    "curation:subjects": {"GET": "L 200 200 404 404 200", "POST": "L 405 405 405 405 405"},
    "curation:subject-new": {"GET": "L 200 200 404 404 200", "POST": "L 200 200 404 404 200"},
    "curation:subject": {"GET": "L 200 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "curation:subject-edit": {"GET": "L 200 404 404 404 200", "POST": "L 200 404 404 404 200"},
    "curation:subject-consent": {"GET": "L 200 404 404 404 200", "POST": "L 200 404 404 404 200"},
    "curation:subject-withdraw": {"GET": "L R 404 404 404 R", "POST": "L R 404 404 404 R"},
    "curation:subject-document": {"GET": "L 200 404 404 404 200", "POST": "L 405 405 405 405 405"},
    "curation:subject-document-delete": {"GET": "L 405 405 405 405 405", "POST": "L R 404 404 404 R"},
    "curation:subject-merge": {"GET": "L 200 404 404 404 200", "POST": "L 200 404 404 404 200"},
    # --- The studio: curator A owns the exhibition; photographer A may look (their photo is in it) but not
    # change it; B's photographer and curator get the 404 of an exhibition that does not exist.
    "studio:translations": {"GET": "L 404 404 200 404 200", "POST": "L 404 404 R 404 R"},
    # The physical show: a curator's venues are theirs (and staff's); an empty POST shows its form again. The
    # exhibition's "Physical show" tab and its endpoints are for those who may edit it; its photographer gets 404.
    "studio:venues": {"GET": "L 404 404 200 200 200", "POST": "L 405 405 405 405 405"},
    "studio:venue-new": {"GET": "L 404 404 200 200 200", "POST": "L 404 404 200 200 200"},
    "studio:venue": {"GET": "L 404 404 200 404 200", "POST": "L 404 404 200 404 200"},
    "studio:venue-room": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    "studio:venue-wall": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    "studio:venue-opening": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    # Naming no wall nor opening, it removes nothing and goes back to the venue.
    "studio:venue-remove": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:show": {"GET": "L 404 404 200 404 200", "POST": "L 404 404 200 404 200"},
    "studio:show-elevation": {"GET": "L 404 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "studio:show-work-form": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    "studio:show-place": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    "studio:show-unplace": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:list": {"GET": "L 200 200 200 200 200", "POST": "L 405 405 405 405 405"},
    "studio:new": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R R R"},
    # What photographers shared with the curator, read-only: curators and staff (an empty sheet for curator B).
    "studio:shared": {"GET": "L 404 404 200 200 200", "POST": "L 405 405 405 405 405"},
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
    "studio:invitation-cancel": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    # Answering an invitation: only the curator it is addressed to (nobody here), the same 404 for anyone else.
    "studio:invitation-accept": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 404 404 404"},
    "studio:invitation-decline": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 404 404 404"},
    "studio:review-link-new": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    "studio:review-link-revoke": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:publish": {"GET": "L 200 404 200 404 200", "POST": "L 404 404 R 404 R"},
    "studio:publish-alt-text": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:unpublish": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:schedule": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 200 404 200"},
    "studio:schedule-cancel": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    # Consent on the exhibition: its curators (and staff) decide; the photographer only reads the publish page.
    "studio:consent-report": {"GET": "L 404 404 200 404 200", "POST": "L 405 405 405 405 405"},
    "studio:consent-override": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:consent-override-revoke": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:consent-remove": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    "studio:notice-dismiss": {"GET": "L 405 405 405 405 405", "POST": "L 404 404 R 404 R"},
    # The physical show's documents (PDF): those who may edit the exhibition; its photographer only reads the sequence.
    "studio:show-document": {"GET": "L 404 404 200 404 200", "POST": "L 405 405 405 405 405"},
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
            # Photographers share their photos on their own sharing page (curation.sharing).
            "curation_libraryshare",
        )
        for view in READ_ONLY_ADMIN
    },
    # django-axes's records are written by logins alone; staff read them (every field read-only, so saving the
    # page changes nothing), and delete an attempt to unlock.
    **{
        f"admin:axes_{model}_{view}": answers
        for model in ("accessattempt", "accesslog", "accessfailurelog")
        for view, answers in (
            ("add", {"GET": "A A A A A 403", "POST": "A A A A A 403"}),
            ("change", {"GET": "A A A A A 200", "POST": "A A A A A R"}),
        )
    },
    "admin:curation_releasedocument_add": {"GET": "A A A A A 403", "POST": "A A A A A 403"},
    "admin:curation_releasedocument_change": {"GET": "A A A A A 200", "POST": "A A A A A 403"},
}


def expectation(name: str) -> dict[str, str] | None:
    """The expected answers for a URL name, or None when it has none yet."""
    if name in EXPECTED:
        return EXPECTED[name]
    if name.startswith("admin:"):
        return ADMIN_EXPECTED.get(name, ADMIN_DEFAULT)
    return None


# --- A production process's settings ------------------------------------------------------------------------------

SECURITY_SETTINGS = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
)


def production_env(var_dir: Path, **changes: str | None) -> dict[str, str]:
    """The environment of a deployment (DEBUG off, DJANGO_SECURE on, a fresh secret key); `changes` set or, with
    None, remove variables."""
    # The browser fixture allows async-unsafe ORM calls in the test process; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "curation.settings",
        "CURATION_VAR_DIR": str(var_dir),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "photos.example.org",
    }
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def python_run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """`python <args>` in the project's folder, in another process with `env`."""
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@cache
def production_settings(var_dir: str) -> dict:
    """The security settings a production process computes (DEBUG off, DJANGO_SECURE on)."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = python_run(["-c", script], production_env(Path(var_dir)))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- The upload page's requests ------------------------------------------------------------------------------------


class Uploader:
    """A logged-in photographer's browser on the upload page: session, CSRF token, one batch."""

    def __init__(self, user) -> None:
        self.user = user
        self.client = Client(enforce_csrf_checks=True)
        self.client.force_login(user)
        page = self.client.get(reverse("curation:upload"))
        assert page.status_code == 200
        self.csrf = page.cookies[settings.CSRF_COOKIE_NAME].value
        answer = self.client.post(
            reverse("curation:upload-batch"), HTTP_X_CSRFTOKEN=self.csrf, HTTP_ACCEPT="application/json"
        )
        self.batch = answer.json()["batch"]

    def send(self, name: str, data: bytes, **fields):
        return self.client.post(
            reverse("curation:upload-file"),
            {"batch": self.batch, "file": SimpleUploadedFile(name, data, content_type="image/jpeg"), **fields},
            HTTP_X_CSRFTOKEN=self.csrf,
            HTTP_ACCEPT="application/json",
        )


def stored_files(media_root: Path) -> set[str]:
    """Every file under the tests' media folder, so a refusal can be shown to have stored nothing."""
    return {str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file()}
