"""A review link and a curator's preview in Chromium: they show what visitors would see now — the photo of someone
who has not agreed is held back — their images load through URLs that belong to the link, axe-core finds no
violation, and both are photographed at phone and desktop widths."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from curation.models import Consent, Subject
from exhibitions import collaboration, sequencing, services
from tests import factories
from tests.conftest import screenshot, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "pass-word-123"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def draft():
    """A draft of three photos: Gulnara (who agreed to the web) in the first, a man never asked in the second."""
    owner = factories.photographer(username="aigerim-review")
    curator = factories.curator(username="daniyar-review", password=PASSWORD)
    photos = [
        factories.processed_photo(
            owner, data=factories.jpeg_bytes((1200, 800)), title=title, alt_text=f"{title}, at the bazaar"
        )
        for title in ("Apples", "The porter", "Closing time")
    ]
    agreed = Subject.objects.create(owner=owner, name="Fruit seller", public_name="Gulnara")
    Consent.objects.create(subject=agreed, status=Consent.Status.VERBAL, scope_web=True)
    never_asked = Subject.objects.create(owner=owner, name="Porter", public_name="Serik")
    photos[0].subjects.add(agreed)
    photos[1].subjects.add(never_asked)
    exhibition = services.exhibition_create(owner=curator, title="Green Bazaar", statement="Mornings at the market.")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
    link = collaboration.review_link_create(exhibition=exhibition, actor=curator, valid_for=timedelta(days=7))
    return exhibition, link, curator


def images_loaded(page) -> None:
    wait_until(
        lambda: page.evaluate(
            "() => [...document.querySelectorAll('img.photo')].every(i => i.complete && i.naturalWidth > 0)"
        ),
        timeout=15,
        message="every photo to load",
    )


def look(page, name: str) -> None:
    for viewport, label in ((PHONE, "390"), (DESKTOP, "1440")):
        page.set_viewport_size(viewport)
        page.evaluate("() => document.querySelectorAll('img.photo').forEach(i => { i.loading = 'eager'; })")
        images_loaded(page)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"
        screenshot(page, f"{name}-{label}")


def test_a_review_link_shows_what_visitors_would_see_with_images_that_belong_to_it(page, live_server, draft):
    exhibition, link, _curator = draft
    page.goto(f"{live_server.url}/studio/review/{link.token}/")
    expect(page.locator(".preview-ribbon")).to_contain_text("Preview")
    assert page.locator(".plate img.photo").count() == 2  # the porter, never asked, is not there
    assert "Serik" not in page.content() and "The porter" not in page.content()
    look(page, "review-link")
    sources = page.evaluate("() => [...document.querySelectorAll('img.photo')].map(i => i.currentSrc)")
    assert all("?r=" in src for src in sources)
    # Once the link is revoked, neither the page nor its images answer, even to someone who kept them.
    collaboration.review_link_revoke(link=link)
    assert page.goto(f"{live_server.url}/studio/review/{link.token}/").status == 404
    assert all(page.request.get(src).status == 404 for src in sources)


def test_the_curators_preview_says_a_photo_is_held_back_and_why(page, live_server, draft):
    exhibition, _link, curator = draft
    page.goto(f"{live_server.url}/accounts/login/?next=/studio/{exhibition.pk}/preview/")
    page.get_by_label("Username").fill(curator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".preview-ribbon")).to_contain_text(
        "1 photo is held back: the consent of someone in it does not cover the web."
    )
    expect(page.get_by_role("link", name="Back to the studio")).to_be_visible()
    assert page.locator(".plate img.photo").count() == 2
    look(page, "preview-held-back")
