"""A visitor on a phone reads an exhibition in Russian, switches to Kazakh with the footer's switch and lands on the
same exhibition at its Kazakh address, whose photos open in Kazakh, then English; axe finds nothing on the Kazakh
and Russian pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.conftest import screenshot
from tests.support.gallery import build_exhibition, publish_now, subject

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
FOOTER = {
    "en": "For photographers and curators",
    "ru": "Для фотографов и кураторов",
    "kk": "Фотографтар мен кураторларға",
}


def address(language: str | None, name: str, *args) -> str:
    if language is None:
        return reverse(f"unprefixed:{name}", args=args)
    with translation.override(language):
        return reverse(f"exhibitions:{name}", args=args)


def assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def speaks(page, language: str) -> None:
    """The page's <html lang> and a line of its footer are in `language`."""
    assert page.evaluate("() => document.documentElement.lang") == language
    assert page.get_by_text(FOOTER[language]).is_visible()


def switch_to(page, endonym: str) -> None:
    switch = page.locator("form.language-switch")
    switch.scroll_into_view_if_needed()
    with page.expect_navigation():
        switch.get_by_role("button", name=endonym).click()


def test_a_visitor_switches_language_on_a_phone_and_stays_on_the_same_page(page, live_server):
    owner = factories.photographer()
    person = subject(owner)
    exhibition = build_exhibition(4, owner=owner, size=(1200, 800), title="Green Bazaar", publish=False)
    exhibition.items.order_by("position")[2].photo.subjects.add(person)
    publish_now(exhibition)
    slug = exhibition.slug
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + address("ru", "detail", slug))
    speaks(page, "ru")
    assert page.get_by_role("heading", level=1).inner_text() == "Green Bazaar"
    assert_accessible(page)
    screenshot(page, "language-switch-ru-390")

    switch_to(page, "Қазақша")
    assert page.url == live_server.url + address("kk", "detail", slug)
    speaks(page, "kk")
    assert page.get_by_role("heading", level=1).inner_text() == "Green Bazaar"
    # The current language is named as such, not offered as a button.
    assert page.locator("form.language-switch").get_by_role("button", name="Қазақша").count() == 0
    assert_accessible(page)
    screenshot(page, "language-switch-kk-390")

    # Its links keep the language: the third photo opens at its Kazakh address, in Kazakh.
    page.locator("#p-3 a.plate-link").click()
    page.wait_for_url(live_server.url + address("kk", "photo", slug, 3))
    assert page.evaluate("() => document.documentElement.lang") == "kk"
    assert page.get_by_role("heading", level=1).inner_text() == "Plate 2"
    assert page.get_by_role("link", name="Көрмеге оралу: Green Bazaar").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + address("ru", "photo", slug, 3))
    assert page.get_by_role("link", name="Вернуться к выставке: Green Bazaar").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + address("kk", "detail", slug))
    switch_to(page, "English")
    assert page.url == live_server.url + address("en", "detail", slug)
    speaks(page, "en")

    # The choice is remembered at the addresses without a language (a printed QR code).
    page.goto(live_server.url + address(None, "photo", slug, 3))
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.get_by_role("link", name="Back to the exhibition: Green Bazaar").is_visible()
