"""A visitor in Chromium: the home page, an exhibition, the viewer by keyboard, touch and without JavaScript, stories;
axe-core finds no accessibility violation, and the pages are photographed at phone and desktop widths."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests import factories
from tests.conftest import screenshot, wait_until
from tests.support.gallery import build_exhibition, detail_url, photo_url, publish_now, subject

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def show():
    """A published exhibition of four camera-sized photos, two of them of a person with a public story."""
    owner = factories.photographer()
    person = subject(owner, public_story="She has sold apples from her garden for **thirty years**.")
    exhibition = build_exhibition(4, owner=owner, size=(1200, 800), title="Green Bazaar", subtitle="A season")
    for item in exhibition.items.all()[:2]:
        item.photo.subjects.add(person)
    publish_now(exhibition)
    return exhibition, person


@pytest.fixture
def csp_errors(page):
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    return errors


def photos_loaded(page) -> None:
    wait_until(
        lambda: page.evaluate(
            "() => [...document.querySelectorAll('img.photo')].filter(i => i.loading !== 'lazy')"
            ".every(i => i.complete && i.naturalWidth > 0)"
        ),
        timeout=10,
        message="the eager photos to load",
    )


def assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def look(page, name: str) -> None:
    """Check axe and take a screenshot at a phone's width and a desktop's."""
    for viewport, label in ((PHONE, "390"), (DESKTOP, "1440")):
        page.set_viewport_size(viewport)
        photos_loaded(page)
        assert_accessible(page)
        screenshot(page, f"gallery-{name}-{label}")


def test_every_public_page_passes_axe_and_is_photographed(page, live_server, show, csp_errors):
    exhibition, person = show
    pages = {
        "home": reverse("exhibitions:home"),
        "exhibition": detail_url(exhibition),
        "viewer": photo_url(exhibition, 2),
        "story": reverse("exhibitions:story", args=[person.pk]),
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        look(page, name)
    response = page.goto(live_server.url + "/e/no-such-show/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Nothing here").is_visible()
    look(page, "404")
    assert csp_errors == []


def test_the_first_photo_arrives_at_a_size_that_fits_the_screen(page, live_server, show):
    exhibition, _ = show
    current = "() => document.querySelector('img.photo').currentSrc"
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + detail_url(exhibition))
    photos_loaded(page)
    # The cover, 358 px wide on a 390 px phone: the 640 px WebP, not the 320 px one (blurred) nor a larger one (slow).
    assert page.evaluate(current).endswith("-640.webp")
    # Only the cover is fetched at once; the four plates wait until they come near.
    assert page.evaluate("() => document.querySelectorAll('img[loading=lazy]').length") == 4

    desktop = page.context.browser.new_page(viewport=DESKTOP)
    desktop.goto(live_server.url + detail_url(exhibition))
    plate = desktop.locator(".plate img.photo").first
    plate.scroll_into_view_if_needed()
    wait_until(lambda: plate.evaluate("img => img.complete && img.naturalWidth > 0"), timeout=10, message="plate 1")
    # 1161 px wide (86 % of the 900 px height, at 3:2): the largest the 1200 px original gives.
    widths = {
        url: int(width[:-1])
        for url, width in (
            part.split() for part in desktop.get_attribute(".plate source[type='image/webp']", "srcset").split(", ")
        )
    }
    assert widths[plate.evaluate("img => img.currentSrc").removeprefix(live_server.url)] == 1200
    box = plate.bounding_box()
    assert 1100 < box["width"] < 1200 and box["height"] <= 0.87 * DESKTOP["height"]
    desktop.close()


def test_the_viewer_is_driven_by_the_keyboard_and_esc_returns_to_the_photo(page, live_server, show):
    exhibition, _ = show
    page.goto(live_server.url + detail_url(exhibition))
    page.locator("#p-1 a.plate-link").click()
    page.wait_for_url(f"**{photo_url(exhibition, 1)}")
    assert page.get_by_role("heading", level=1).inner_text() == "Plate 0"

    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**{photo_url(exhibition, 2)}")
    # The new photograph's title has focus, so a screen reader announces it.
    assert page.evaluate("() => document.activeElement.id") == "viewer-title"
    assert page.evaluate("() => document.activeElement.textContent") == "Plate 1"
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**{photo_url(exhibition, 3)}")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**{photo_url(exhibition, 2)}")

    page.keyboard.press("Escape")
    page.wait_for_url(f"**{detail_url(exhibition)}#p-2")
    wait_until(lambda: page.evaluate("() => document.activeElement.closest('figure')?.id") == "p-2", timeout=5)
    page.go_back()
    page.wait_for_url(f"**{photo_url(exhibition, 2)}")


def test_the_viewer_preloads_the_next_photo(page, live_server, show):
    exhibition, _ = show
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(live_server.url)))
    page.goto(live_server.url + photo_url(exhibition, 1))
    srcset = page.get_attribute("[data-viewer-next]", "data-preload-srcset")
    candidates = {part.strip().split(" ")[0] for part in srcset.split(",")}
    wait_until(lambda: candidates & set(requested), timeout=5, message="the next photo to be preloaded")


def test_a_swipe_moves_to_the_next_photo(page, live_server, show):
    exhibition, _ = show
    page.goto(live_server.url + photo_url(exhibition, 2))
    page.evaluate(
        """() => {
          const surface = document.querySelector('[data-viewer-swipe]');
          const at = (type, x) => surface.dispatchEvent(new PointerEvent(type,
            {pointerType: 'touch', isPrimary: true, clientX: x, clientY: 400, bubbles: true}));
          at('pointerdown', 320); at('pointerup', 80);
        }"""
    )
    page.wait_for_url(f"**{photo_url(exhibition, 3)}")


def test_without_javascript_the_viewer_is_plain_links(browser, live_server, show):
    exhibition, _ = show
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + photo_url(exhibition, 1))
    page.get_by_role("link", name="Next photograph").click()
    page.wait_for_url(f"**{photo_url(exhibition, 2)}")
    page.get_by_role("link", name="Back to the exhibition: Green Bazaar").click()
    page.wait_for_url(f"**{detail_url(exhibition)}#p-2")
    assert page.locator(".theme-toggle").is_hidden()  # it needs JavaScript, so it is not offered
    context.close()


def test_the_dark_choice_is_remembered_and_applied_before_the_first_paint(page, live_server, show):
    exhibition, _ = show
    page.goto(live_server.url + detail_url(exhibition))
    light = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    page.get_by_role("button", name="Switch to dark theme").click()
    assert page.get_by_role("button", name="Switch to light theme").is_visible()
    dark = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert dark != light
    # Record the theme at the moment <body> starts: set then, the page never shows the other one.
    page.add_init_script(
        """new MutationObserver((_, observer) => {
             if (document.body) { window.themeAtBody = document.documentElement.dataset.theme; observer.disconnect(); }
           }).observe(document, {childList: true, subtree: true});"""
    )
    page.goto(live_server.url + photo_url(exhibition, 1))
    assert page.evaluate("() => window.themeAtBody") == "dark"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == dark
