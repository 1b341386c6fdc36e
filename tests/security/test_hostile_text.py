"""Markup and `javascript:` links typed into every text field (and into EXIF) come out as text on every page.

Titles, captions, alt text, places, tags, subject names and stories, exhibition words, text panels, chapters,
review link labels, the photographer's name (the public credit) and the camera's make and model all carry the
same hostile text; each page that shows them is parsed: no element, attribute or script URL may come from it.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from curation import services
from curation.models import Consent, Subject
from exhibitions import collaboration, publishing, sequencing
from exhibitions import services as exhibition_services
from tests import factories
from tests.security.conftest import rolled_back
from tests.support.markup import body, inline_code_problems

pytestmark = pytest.mark.django_db

PAYLOAD = "\"'><script>alert('xss')</script><img src=x onerror=alert(1)>"
LINK = "[read more](javascript:alert(1)) and [this](JaVaScRiPt:alert(2))"
# How the payload looks once escaped, in HTML, in JSON inside a page, and in a JSON response.
ESCAPED_HTML = "&lt;script&gt;alert("
ESCAPED_JSON_LD = "\\u003cscript\\u003ealert("


@dataclass
class Hostile:
    photographer: object
    curator: object
    staff: object
    photo: object
    subject: object
    exhibition: object
    item: object
    link: object


def build() -> Hostile:
    photographer = factories.photographer(username="hostile-photographer")
    photographer.first_name = PAYLOAD[:150]
    photographer.save(update_fields=["first_name"])
    curator = factories.curator(username="hostile-curator")
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_superuser("hostile-staff", "staff@example.org", "pass-word-123")
    subject = Subject.objects.create(
        owner=photographer,
        name=PAYLOAD,
        public_name=PAYLOAD,
        public_story=f"{PAYLOAD}\n\n{LINK}",
        place_name=PAYLOAD,
        private_notes=PAYLOAD,
    )
    # Agreed to the web, so the public pages show them (and their hostile words) at all.
    Consent.objects.create(subject=subject, status=Consent.Status.VERBAL, scope_web=True)
    exif = PAYLOAD.replace("'", "")  # EXIF strings are ASCII: the same markup, without the quote
    photo = factories.processed_photo(photographer, data=factories.jpeg_bytes((360, 240), camera=(exif, exif)))
    services.photo_update(
        photo=photo,
        title=PAYLOAD,
        caption=f"{PAYLOAD} {LINK}",
        alt_text=PAYLOAD,
        place_name=PAYLOAD,
        tag_names=[PAYLOAD[:100]],
        subjects=[subject],
    )
    second = factories.processed_photo(photographer, data=factories.jpeg_bytes((360, 240)), alt_text="Plain")

    exhibition = exhibition_services.exhibition_create(owner=curator, title=PAYLOAD)
    exhibition_services.exhibition_details_update(
        exhibition=exhibition,
        title=PAYLOAD,
        slug=exhibition.slug,
        subtitle=PAYLOAD,
        statement=f"{PAYLOAD}\n\n{LINK}",
        credits=PAYLOAD,
        cover_photo=None,
        venue=PAYLOAD,
        starts_on=None,
        ends_on=None,
    )
    items = sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo, second])
    sequencing.exhibition_item_update(item=items[1], title=PAYLOAD, caption=f"{PAYLOAD} {LINK}", alt_text=PAYLOAD)
    sequencing.exhibition_text_panel_append(exhibition=exhibition, text=f"{PAYLOAD}\n\n{LINK}")
    sequencing.exhibition_section_add(exhibition=exhibition, title=PAYLOAD, text=LINK, position=0)
    link = collaboration.review_link_create(
        exhibition=exhibition, actor=curator, valid_for=timedelta(days=1), label=PAYLOAD[:200]
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.exhibition_publish(exhibition=exhibition, actor=curator)
    exhibition.refresh_from_db()
    return Hostile(photographer, curator, staff, photo, subject, exhibition, items[1], link)


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker, media_root: Path):
    with rolled_back(django_db_blocker, media_root, build) as built:
        yield built


@dataclass(frozen=True)
class Page:
    who: str  # "photographer", "curator", "staff" or "visitor"
    path: Callable[[Hostile], str]
    kind: str = "html"  # html, json-html (JSON with an "html" field), xml, json
    shows: bool = True  # the hostile text is on this page (so the test can see it is escaped)


def r(name: str, *args: Callable[[Hostile], object]) -> Callable[[Hostile], str]:
    return lambda h: reverse(name, args=[arg(h) for arg in args])


PAGES = {
    "library": Page("photographer", r("curation:library")),
    "photo page": Page("photographer", r("curation:photo", lambda h: h.photo.pk)),
    "loupe": Page("photographer", r("curation:loupe", lambda h: h.photo.pk)),
    "upload status JSON": Page(
        "photographer", lambda h: reverse("curation:photos-status") + f"?ids={h.photo.pk}", "json"
    ),
    "subjects": Page("photographer", r("curation:subjects")),
    "subject page": Page("photographer", r("curation:subject", lambda h: h.subject.pk)),
    "subject page (curator)": Page("curator", r("curation:subject", lambda h: h.subject.pk)),
    "subject edit": Page("photographer", r("curation:subject-edit", lambda h: h.subject.pk)),
    "studio list": Page("curator", r("studio:list")),
    "consent report": Page("curator", r("studio:consent-report", lambda h: h.exhibition.pk)),
    "sequencer": Page("curator", r("studio:sequencer", lambda h: h.exhibition.pk)),
    "sequencer (read-only, photographer)": Page("photographer", r("studio:sequencer", lambda h: h.exhibition.pk)),
    "sequence JSON": Page("curator", r("studio:sequence", lambda h: h.exhibition.pk), "json-html"),
    "item page": Page("curator", r("studio:item", lambda h: h.exhibition.pk, lambda h: h.item.pk)),
    "picker": Page("curator", r("studio:picker", lambda h: h.exhibition.pk)),
    "details": Page("curator", r("studio:details", lambda h: h.exhibition.pk)),
    "preview": Page("curator", r("studio:preview", lambda h: h.exhibition.pk)),
    "sharing": Page("curator", r("studio:sharing", lambda h: h.exhibition.pk)),
    "publish page": Page("curator", r("studio:publish", lambda h: h.exhibition.pk)),
    "review link": Page("visitor", r("studio:review", lambda h: h.link.token)),
    "public home": Page("visitor", r("exhibitions:home")),
    "public exhibition (and its JSON-LD)": Page("visitor", r("exhibitions:detail", lambda h: h.exhibition.slug)),
    "viewer": Page("visitor", r("exhibitions:photo", lambda h: h.exhibition.slug, lambda h: 2)),
    "story": Page("visitor", r("exhibitions:story", lambda h: h.subject.pk)),
    "feed": Page("visitor", r("exhibitions:feed"), "xml"),
    "sitemap": Page("visitor", r("sitemap"), "xml", shows=False),
    "admin photos": Page("staff", r("admin:curation_photo_changelist")),
    "admin photo": Page("staff", r("admin:curation_photo_change", lambda h: h.photo.pk)),
    "admin subjects": Page("staff", r("admin:curation_subject_changelist")),
    "admin subject": Page("staff", r("admin:curation_subject_change", lambda h: h.subject.pk)),
    "admin exhibitions": Page("staff", r("admin:exhibitions_exhibition_changelist")),
    "admin exhibition": Page("staff", r("admin:exhibitions_exhibition_change", lambda h: h.exhibition.pk)),
    "admin review links": Page("staff", r("admin:exhibitions_reviewlink_changelist")),
    "admin users": Page("staff", r("admin:auth_user_changelist")),
}


def client_as(hostile: Hostile, who: str) -> Client:
    client = Client()
    user = {"photographer": hostile.photographer, "curator": hostile.curator, "staff": hostile.staff}.get(who)
    if user is not None:
        client.force_login(user)
    return client


def assert_html_is_inert(html: str, policy: str, where: str) -> None:
    problems = inline_code_problems(html, policy)
    assert not problems, f"{where}: {problems}"
    assert "<script>alert(" not in html, where


@pytest.mark.parametrize("name", list(PAGES))
def test_hostile_text_is_shown_as_text(hostile, name):
    page = PAGES[name]
    response = client_as(hostile, page.who).get(page.path(hostile))
    assert response.status_code == 200, f"{name}: {response.status_code}"
    content = body(response).decode()
    policy = response["Content-Security-Policy"]

    if page.kind == "html":
        assert_html_is_inert(content, policy, name)
        if page.shows:
            assert ESCAPED_HTML in content, f"{name} does not show the text at all: the test would see nothing"
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.DOTALL):
            data = json.loads(block)  # a payload that closed the element early would leave broken JSON
            assert ESCAPED_JSON_LD in block and "<" not in block, name
            assert PAYLOAD in json.dumps(data, ensure_ascii=False)
    elif page.kind == "json-html":
        html = response.json()["html"]
        assert_html_is_inert(html, policy, name)
        assert ESCAPED_HTML in html
    elif page.kind == "json":
        assert response["Content-Type"] == "application/json"
        json.loads(content)
    elif page.kind == "xml":
        tree = ET.fromstring(content.encode())  # noqa: S314 - our own feed, parsed to prove it is well-formed
        if page.shows:
            texts = " ".join(element.text or "" for element in tree.iter())
            assert "<script>alert('xss')</script>" in texts, "the feed carries the title as text"
            assert "javascript:" not in " ".join(e.get("href", "") for e in tree.iter())


def test_rich_text_never_makes_a_javascript_link(hostile):
    """Stories, statements, panels and captions: the link is left as the words typed, never an <a href>."""
    for name in ("public exhibition (and its JSON-LD)", "story", "preview", "photo page"):
        page = PAGES[name]
        html = body(client_as(hostile, page.who).get(page.path(hostile))).decode()
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert not [h for h in hrefs if "javascript" in h.lower()], name
        assert "[read more](javascript:alert(1))" in html or "read more" in html, name
