"""The translation view in Chromium: the curator finds a caption missing in Kazakh, writes it in its column, and as she
leaves the field it is saved and the count of Kazakh texts goes up; three columns on a desktop, one under another on
a phone; axe finds nothing whichever language the interface speaks, with texts missing, nothing missing, or a
refused save on the page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from exhibitions import sequencing, services
from exhibitions.models import Exhibition, ExhibitionItem
from tests import factories
from tests.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "wall-texts-in-three-languages"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CAPTION_KK = "Гүлнар отыз жыл бойы бір дүңгіршекте өрік сатады."


def show() -> Exhibition:
    """Two photos with the photographer's English words (the first with a caption), a chapter in Kazakh and Russian,
    the exhibition's title in all three and its wall text in Russian."""
    photographer = factories.photographer()
    photos = [
        factories.processed_photo(
            photographer,
            data=factories.jpeg_bytes((360, 240), seed=seed),
            title=title,
            alt_text=alt,
            caption=caption,
        )
        for seed, (title, alt, caption) in enumerate(
            [
                (
                    "The fruit seller",
                    "A woman behind a stall of apricots",
                    "Gulnara has sold apricots for thirty years.",
                ),
                ("Closing time", "Empty stalls under a striped awning", ""),
            ],
            start=1,
        )
    ]
    curator = factories.curator(username="daniyar", password=PASSWORD)
    exhibition = services.exhibition_create(
        owner=curator,
        title={"kk": "Төзімділік", "ru": "Стойкость", "en": "Resilience"},
        statement={"ru": "Выставка о людях торговых рядов."},
        default_language="kk",
    )
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
    sequencing.exhibition_section_add(exhibition=exhibition, title={"kk": "Таң", "ru": "Утро"}, position=0)
    return Exhibition.objects.get(pk=exhibition.pk)


def signed_in(browser, live_server, language: str):
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill("daniyar")
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    return page


def check(page, name: str) -> None:
    """axe at a desktop's width and a phone's, no sideways scrolling, and a screenshot at each."""
    for size, label in ((DESKTOP, "1280"), (PHONE, "390")):
        page.set_viewport_size(size)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{name} at {label}: {results.generate_report()}"
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), name
        screenshot(page, f"translations-{name}-{label}")
    page.set_viewport_size(DESKTOP)


def test_the_curator_fills_a_missing_kazakh_caption_and_the_count_goes_up(browser, live_server):
    exhibition = show()
    first = exhibition.items.filter(kind=ExhibitionItem.Kind.PHOTO).order_by("position").first()
    url = live_server.url + reverse("studio:translations", args=[exhibition.pk])
    page = signed_in(browser, live_server, "en")
    page.goto(url)
    kazakh = page.locator('[data-count="kk"] .tr-count-figure')
    # Written in some language: the title, the wall text, the chapter's title, two photo titles, two alt texts and
    # one caption (8); in Kazakh: the title and the chapter's title.
    expect(kazakh).to_have_text("2 of 8")
    check(page, "en")

    cells = page.locator(f"#text-item-{first.pk}-caption .tr-cell")
    boxes = [cells.nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"] and boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    caption = page.locator(f"#text-item-{first.pk}-caption-kk")
    expect(caption).to_have_accessible_name("Қазақша missing")  # marked for screen readers, in the field's name
    expect(caption).to_have_attribute("lang", "kk")
    expect(page.locator(f"#text-item-{first.pk}-caption-en")).to_have_value(
        "Gulnara has sold apricots for thirty years."
    )
    caption.fill(CAPTION_KK)
    caption.press("Tab")  # leaving the field saves it
    expect(kazakh).to_have_text("3 of 8")
    expect(page.locator("#tr-status")).to_contain_text("Saved")
    expect(page.locator(f"#text-item-{first.pk}-caption-kk")).to_have_accessible_name("Қазақша")
    expect(page.locator(f"#text-item-{first.pk}-caption [data-borrowed]")).to_have_count(0)
    item = ExhibitionItem.objects.get(pk=first.pk)
    assert (item.caption_kk, item.caption_en) == (CAPTION_KK, "Gulnara has sold apricots for thirty years.")

    # Ctrl+Enter saves where the cursor is, too.
    chapter = exhibition.items.get(kind=ExhibitionItem.Kind.SECTION)
    english = page.locator(f"#text-item-{chapter.pk}-title-en")
    english.fill("Morning")
    english.press("Control+Enter")
    expect(page.locator('[data-count="en"] .tr-count-figure')).to_have_text("7 of 8")
    assert ExhibitionItem.objects.get(pk=chapter.pk).title_en == "Morning"

    # On a phone the languages stand one under another, each with its name.
    page.set_viewport_size(PHONE)
    boxes = [cells.nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["x"] == boxes[1]["x"] == boxes[2]["x"] and boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]
    page.set_viewport_size(DESKTOP)

    # A refused save keeps what was typed and says why, beside the text. (A language emptied is saved as she leaves
    # it, unless that would leave the chapter without a title in any language.)
    for code in ("kk", "ru", "en"):
        page.locator(f"#text-item-{chapter.pk}-title-{code}").fill("")
    page.locator(f"#text-item-{chapter.pk}-title-en").press("Control+Enter")
    error = page.locator(f"#text-item-{chapter.pk}-title-error")
    expect(error).to_have_text("A chapter needs a title.")
    expect(page.locator(f"#text-item-{chapter.pk}-title-kk")).to_have_attribute("aria-invalid", "true")
    check(page, "refused-en")
    kept = ExhibitionItem.objects.get(pk=chapter.pk)
    assert kept.title_kk == "" and kept.title_en == "Morning"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_view_reads_in_every_interface_language_with_texts_missing_and_none(browser, live_server, language):
    exhibition = show()
    page = signed_in(browser, live_server, language)
    url = live_server.url + reverse("studio:translations", args=[exhibition.pk])
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".tr-missing:visible").first).to_be_visible()
    check(page, f"missing-{language}")
    page.goto(url + "?missing=any")
    check(page, f"only-missing-{language}")
    # Everything written in Kazakh: the Kazakh filter has nothing left to show, and says so.
    Exhibition.objects.filter(pk=exhibition.pk).update(statement_kk="Сауда қатарларындағы адамдар туралы көрме.")
    ExhibitionItem.objects.filter(exhibition=exhibition, kind=ExhibitionItem.Kind.PHOTO).update(
        title_kk="Жеміс сатушы", alt_text_kk="Өрік толы сөре", caption_kk="Гүлнар өрік сатады."
    )
    page.goto(url + "?missing=kk")
    expect(page.locator(".studio-ok")).to_be_visible()
    check(page, f"none-missing-{language}")
    page.goto(live_server.url + reverse("studio:publish", args=[exhibition.pk]))
    check(page, f"publish-{language}")
    # The details form refusing a title emptied in every language, everything else typed still there.
    page.goto(live_server.url + reverse("studio:details", args=[exhibition.pk]))
    for code in ("kk", "ru", "en"):
        page.locator(f"#id_title_{code}").fill("")
    page.locator("#id_venue_ru").fill("Музей Кастеева")
    page.locator("#id_title_en").press("Enter")
    expect(page.locator("#id_title_kk")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_venue_ru")).to_have_value("Музей Кастеева")
    check(page, f"details-refused-{language}")
