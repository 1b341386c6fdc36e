"""A Kazakh visitor in Chromium reads an exhibition in the typefaces we serve: the title, the wall text, the italic
subtitle and text panel, and the interface's words are drawn by Literata and Inter, never by a fallback font of the
phone, and the pages are photographed at phone and desktop widths."""

from __future__ import annotations

import pytest
from django.utils import translation

from exhibitions import sequencing
from tests.conftest import screenshot
from tests.support.gallery import build_exhibition, detail_url, publish_now

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
# The letters Kazakh adds to the Russian alphabet: a fallback font shows them first, or shows boxes.
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"

# What each element is drawn in, with the CSS font it asks for (style and weight).
ELEMENTS = {
    "#exhibition-title": ("Literata", "1em"),
    ".statement p": ("Literata", "1em"),
    ".subtitle": ("Literata", "italic 1em"),
    ".text-panel p": ("Literata", "italic 1em"),
    ".exhibition-end a": ("Inter", "1em"),
    ".language-switch legend": ("Inter", "1em"),
}


@pytest.fixture
def kazakh_show():
    """An exhibition written in Kazakh: every element above holds Kazakh's own letters."""
    with translation.override("kk"):
        exhibition = build_exhibition(
            2,
            title="Көкбазар: ұлы қаланың үлкен іңірі",
            subtitle="Әжелер мен немерелер, бір ғасырдың һикаясы",
            publish=False,
        )
        exhibition.statement = "Гүлнара отыз жыл бойы өз бағындағы алманы сатады: «Әр алманың өз тарихы бар», — дейді."
        exhibition.save()
        sequencing.exhibition_text_panel_append(
            exhibition=exhibition, text="Қыс өтті, көктем келді: әр үйдің ауласында өрік гүлдеді. Һәм біз ұмытпаймыз."
        )
    publish_now(exhibition)
    return exhibition


def read_in_kazakh(page, url: str) -> None:
    """Open the page and choose Kazakh with the language switch at its foot, as a visitor does."""
    page.goto(url)
    page.locator(".language-switch button[lang='kk']").click()
    page.wait_for_selector("html[lang='kk']")
    page.evaluate("document.fonts.ready.then(() => true)")


def platform_fonts(cdp, root: int, selector: str) -> list[dict]:
    """The fonts Chromium drew the element's own text with: family, whether it is a web font, how many glyphs."""
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_a_kazakh_exhibition_is_drawn_only_in_the_typefaces_we_serve(page, live_server, kazakh_show):
    read_in_kazakh(page, live_server.url + detail_url(kazakh_show))
    for selector in ELEMENTS:
        text = page.locator(selector).first.inner_text()
        assert set(text) & set(KAZAKH_LETTERS), f"{selector} holds no letter of Kazakh's own: {text!r}"

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    for selector, (family, font) in ELEMENTS.items():
        fonts = platform_fonts(cdp, root, selector)
        drawn_by = {(entry["familyName"], entry["isCustomFont"]) for entry in fonts}
        assert drawn_by == {(family, True)}, f"{selector} is drawn with {fonts}"
        # Loaded, and every face its Kazakh letters need is loaded: nothing waits to swap in.
        assert page.evaluate(
            "([font, letters]) => document.fonts.ready.then(() => document.fonts.check(font, letters))",
            [f"{font} {family}", KAZAKH_LETTERS],
        ), f"{font} {family} is not loaded for {KAZAKH_LETTERS}"


def test_a_kazakh_exhibition_looks_right_on_a_phone_and_a_desktop(page, live_server, kazakh_show):
    read_in_kazakh(page, live_server.url + detail_url(kazakh_show))
    for viewport, label in ((PHONE, "390"), (DESKTOP, "1440")):
        page.set_viewport_size(viewport)
        page.evaluate("document.fonts.ready.then(() => true)")
        # Nothing runs off the screen sideways: Kazakh words are long.
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), f"wider than {label}px"
        screenshot(page, f"fonts-kazakh-exhibition-{label}")
