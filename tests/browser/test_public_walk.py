"""A visitor's walk in Chromium, as the issue's walk found it: the cover on the first screen, a viewer that fits
photo and caption in a laptop's window, arrows pressed fast without an error, a theme button that says what it
does, stories that open with the person's photo, and a demo that reaches every kind of public page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from curation.models import Photo
from exhibitions import demo
from tests import factories
from tests.conftest import screenshot, wait_until
from tests.support.gallery import build_exhibition, detail_url, photo_url, publish_now, subject

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
LAPTOP = {"width": 1280, "height": 720}


@pytest.fixture
def show():
    """Five camera-sized photos; Gulnara (who agreed) is in the second and the third."""
    owner = factories.photographer()
    person = subject(owner, public_story="She has sold apples from her garden for **thirty years**.")
    exhibition = build_exhibition(5, owner=owner, size=(1200, 800), title="Green Bazaar", publish=False)
    photos = [item.photo for item in exhibition.items.order_by("position")]
    photos[1].subjects.add(person)
    photos[2].subjects.add(person)
    # A caption of several lines, credit and people: the viewer must still fit it beside the photo.
    Photo.objects.filter(pk=photos[1].pk).update(
        caption="Apples from her own garden in Talgar, thirty years at the same stall, where the customers' "
        "children now bring their children. She weighs them on the scale her father bought."
    )
    publish_now(exhibition)
    return exhibition, person


def errors_of(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def in_viewport(page, selector: str) -> bool:
    """Whether the element is wholly inside the window, unscrolled."""
    return page.evaluate(
        """(selector) => {
          const box = document.querySelector(selector).getBoundingClientRect();
          return box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
            && box.bottom <= innerHeight + 0.5 && box.right <= innerWidth + 0.5;
        }""",
        selector,
    )


def loaded(page, selector: str) -> None:
    wait_until(
        lambda: page.evaluate(
            "(s) => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }", selector
        ),
        timeout=10,
        message=f"{selector} to load",
    )


def assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_cover_is_on_the_first_screen_of_a_phone_a_laptop_and_a_desktop(page, live_server, show):
    exhibition, _ = show
    for viewport, label in ((PHONE, "390"), (DESKTOP, "1440"), (LAPTOP, "1280")):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + detail_url(exhibition))
        loaded(page, ".exhibition-cover img.photo")
        assert in_viewport(page, ".exhibition-cover img.photo"), label
        assert in_viewport(page, "#exhibition-title"), label
        assert_accessible(page)
        screenshot(page, f"walk-cover-{label}")


def test_the_home_page_shows_the_featured_show_its_cover_and_title_on_the_first_screen(page, live_server, show):
    """A visitor sees which show is featured without scrolling: on a laptop the cover stands beside its title, on a
    phone above it."""
    for viewport, label in ((DESKTOP, "1440"), (LAPTOP, "1280"), (PHONE, "390")):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + "/")
        loaded(page, ".is-featured img.photo")
        assert in_viewport(page, ".is-featured .exhibition-card-title"), label
        assert in_viewport(page, ".is-featured img.photo"), label
        screenshot(page, f"walk-home-{label}")


def test_the_viewer_fits_photo_and_caption_in_a_desktop_and_a_laptop_window(page, live_server, show):
    exhibition, _ = show
    for viewport, label in ((DESKTOP, "1440"), (LAPTOP, "1280"), (PHONE, "390")):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + photo_url(exhibition, 2))
        loaded(page, ".viewer img.photo")
        for part in (".viewer img.photo", ".viewer-caption", ".viewer-bar"):
            assert in_viewport(page, part), f"{part} at {label}"
        assert page.evaluate("() => document.documentElement.scrollHeight <= innerHeight"), label
        # As large as the room left allows: the photo is not shrunk to a thumbnail to make things fit.
        box = page.locator(".viewer img.photo").bounding_box()
        assert box["width"] >= 0.5 * viewport["width"] or box["height"] >= 0.5 * viewport["height"], label
        assert_accessible(page)
        screenshot(page, f"walk-viewer-{label}")


def test_moving_between_photos_fast_with_the_keyboard_raises_no_error(page, live_server, show):
    exhibition, _ = show
    errors = errors_of(page)
    page.goto(live_server.url + photo_url(exhibition, 1))
    for pause in (0.02, 0.1, 0.3):
        for key in ["ArrowRight"] * 4 + ["ArrowLeft"] * 4:
            page.keyboard.press(key)
            page.wait_for_timeout(pause * 1000)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert errors == []
    # And the keys still move one photo per press once the pages have arrived.
    page.goto(live_server.url + photo_url(exhibition, 2))
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**{photo_url(exhibition, 3)}")
    assert errors == []


def test_the_theme_button_says_what_it_will_do_and_changes_after_a_click(page, live_server, show):
    exhibition, _ = show
    page.emulate_media(color_scheme="light")
    page.goto(live_server.url + detail_url(exhibition))
    button = page.locator("[data-theme-toggle]")
    assert button.get_attribute("title") == "Switch to dark theme"
    page.get_by_role("button", name="Switch to dark theme").click()
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    assert page.get_by_role("button", name="Switch to light theme").is_visible()
    assert button.get_attribute("title") == "Switch to light theme"
    assert_accessible(page)
    # On a phone the icon alone shows; the words stay its name and its tooltip.
    page.set_viewport_size(PHONE)
    assert page.get_by_role("button", name="Switch to light theme").is_visible()
    assert button.bounding_box()["width"] >= 44
    page.get_by_role("button", name="Switch to light theme").click()
    assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
    assert page.get_by_role("button", name="Switch to dark theme").is_visible()


def test_a_story_opens_with_the_persons_photo_and_never_says_person(page, live_server, show):
    exhibition, person = show
    for viewport, label in ((PHONE, "390"), (DESKTOP, "1440")):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + reverse("exhibitions:story", args=[person.pk]))
        loaded(page, ".story-lead img.photo")
        assert in_viewport(page, ".story-lead img.photo") or label == "390"
        # The first photo she is alone in (the second of the show).
        assert page.locator(".story-lead-link").get_attribute("href") == photo_url(exhibition, 2)
        assert "PERSON" not in page.locator("main").inner_text().upper().replace("PERSONAL", "")
        # The grid's frames line up: every frame in a row has the same top and height.
        frames = page.evaluate(
            "() => [...document.querySelectorAll('.story-photo-frame')].map(f => f.getBoundingClientRect().height)"
        )
        assert frames and len(set(round(h) for h in frames)) == 1
        assert_accessible(page)
        screenshot(page, f"walk-story-{label}")


@pytest.mark.worker
def test_the_demo_home_page_reaches_an_exhibition_a_chapter_a_text_panel_a_viewer_and_a_story(
    page, live_server, celery_worker
):
    demo.demo_load()
    wait_until(
        lambda: not Photo.objects.exclude(status=Photo.Status.READY).exists(),
        timeout=180,  # eight 24 MP-like frames on a busy machine
        message="the worker to make the demo renditions",
    )
    errors = errors_of(page)
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Resilience and community").first.click()
    page.wait_for_url(f"**{reverse('exhibitions:detail', args=[demo.DEMO_SLUG])}")
    loaded(page, ".exhibition-cover img.photo")
    assert in_viewport(page, ".exhibition-cover img.photo")
    for title, _text, _seeds in demo.CHAPTERS:
        assert page.get_by_role("heading", level=2, name=title["en"]).count() == 1
    assert "The market is where the city remembers itself." in page.locator(".text-panel").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Gulnara").first.click()
    page.wait_for_url("**/stories/*/")
    assert page.get_by_role("heading", level=1, name="Gulnara").is_visible()
    loaded(page, ".story-lead img.photo")
    assert_accessible(page)

    page.locator(".story-lead-link").click()
    page.wait_for_url(f"**/e/{demo.DEMO_SLUG}/*/")
    loaded(page, ".viewer img.photo")
    assert page.get_by_role("heading", level=1).inner_text() == "Gulnara"
    assert_accessible(page)
    page.keyboard.press("Escape")
    page.wait_for_url(f"**/e/{demo.DEMO_SLUG}/#p-*")

    assert page.get_by_role("link", name="Feed").get_attribute("href") == reverse("exhibitions:feed")
    assert page.request.get(live_server.url + reverse("exhibitions:feed")).ok
    # The tea seller said no: his photo is in the library, on no public page.
    assert demo.DECLINED_PLATE.title["en"] not in page.content()
    assert errors == []
