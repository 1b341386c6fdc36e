"""The curator's last mile in Chromium: a chapter inserted before a photo, alt text written on the publish page,
published — from the keyboard alone on a desktop, then by touch on a phone. axe finds nothing at each step."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from curation import sharing
from exhibitions import sequencing, services
from exhibitions.models import Exhibition
from tests import factories
from tests.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a-quiet-market-morning"
PHONE = {"width": 390, "height": 844}


def assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def saved_titles(exhibition: Exhibition) -> list[str]:
    return [item.display_title for item in exhibition.items.select_related("photo").order_by("position")]


def build() -> Exhibition:
    """Six photos P1..P6 in a curator's draft; P3 and P5 have no alt text."""
    photographer = factories.photographer()
    curator = factories.curator(username="daniyar", password=PASSWORD)
    sharing.library_share_grant(owner=photographer, curator=curator)
    exhibition = services.exhibition_create(owner=curator, title="Market days")
    photos = [
        factories.processed_photo(
            photographer,
            data=factories.jpeg_bytes(size=(240, 160), seed=n),
            title=f"P{n}",
            alt_text="" if n in (3, 5) else f"Alt {n}",
        )
        for n in range(1, 7)
    ]
    sequencing.exhibition_photos_add(exhibition=exhibition, photos=photos)
    return exhibition


def log_in(page, base: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill("daniyar")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    # Until the page has loaded, its script has not yet set up the toolbar and the keys (a slow machine shows it).
    page.wait_for_url(f"{base}{next_path}", wait_until="load")


def focused(page) -> str:
    return page.evaluate("document.activeElement.dataset.title || document.activeElement.id")


def test_from_the_keyboard_a_chapter_before_a_photo_alt_text_in_place_and_publish(page, live_server):
    exhibition = build()
    log_in(page, live_server.url, f"/studio/{exhibition.pk}/")
    expect(page.locator("#sequence .seq-item")).to_have_count(6)

    # "Skip to content", then "Skip to the sequence": the first item takes the focus.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # The jump to #main lands before the next Tab counts from there (on a slow machine it can come after the key).
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the sequence")).to_be_focused()
    page.keyboard.press("Enter")
    assert focused(page) == "P1"
    assert_accessible(page)

    # To P4, then back to "Add chapter" just before the sequence: the chapter page offers "Before “P4”".
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert focused(page) == "P4"
    expect(page.locator("#seq-where")).to_have_text("Photos and text panels go after “P4”; a new chapter opens on it.")
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("link", name="2 things to fix before publishing")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("link", name="Add chapter")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Where")).to_have_value("3")
    expect(page.get_by_label("Where").locator("option:checked")).to_have_text("Before “P4”")
    assert_accessible(page)
    page.get_by_role("group", name="Chapter title").get_by_label("English").focus()
    page.keyboard.type("Evening")
    page.keyboard.press("Enter")

    expect(page.locator("#sequence .seq-section")).to_have_count(1)
    assert saved_titles(exhibition) == ["P1", "P2", "P3", "Evening", "P4", "P5", "P6"]
    assert focused(page) == "Evening"
    # Photos keep the numbers visitors see; the chapter takes none.
    numbers = page.locator("#sequence .seq-item").evaluate_all(
        "items => items.map(li => li.querySelector('.seq-number')?.textContent || '')"
    )
    assert numbers == ["1", "2", "3", "", "4", "5", "6"]
    undo = page.locator('.seq-toolbar [data-action="undo"]')
    expect(undo).to_have_text("Undo: new chapter “Evening”")

    # The last photo one place earlier, said in those numbers; undo names the move.
    page.keyboard.press("End")
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#seq-live")).to_have_text("Moved “P6” to number 5 of 6")
    expect(page.locator(".seq-saving")).to_have_text("Saved")
    expect(undo).to_have_text("Undo: move of “P6”")
    page.keyboard.press("Control+z")
    expect(page.locator("#seq-live")).to_have_text("Undone: move of “P6”.")
    assert saved_titles(exhibition)[-1] == "P6"
    assert_accessible(page)
    screenshot(page, "sequencer-keyboard-1440")

    # The publish page: each photo without alt text has its field; Enter saves and goes to the next one.
    page.goto(f"{live_server.url}/studio/{exhibition.pk}/publish/")
    expect(page.get_by_role("button", name="Publish now")).to_be_disabled()
    assert_accessible(page)
    screenshot(page, "publish-alt-missing-1440")
    page.get_by_label("Alt text for photo 3, “P3”").focus()
    page.keyboard.type("A boy carries a tray of bread above the crowd.")
    page.keyboard.press("Enter")
    expect(page.locator("#publish-live")).to_have_text("Alt text saved for “P3”. 1 photo still needs alt text.")
    expect(page.get_by_label("Alt text for photo 5, “P5”")).to_be_focused()
    page.keyboard.type("Melons stacked in a pyramid at dusk.")
    page.keyboard.press("Enter")
    expect(page.locator("#publish-live")).to_have_text("Alt text saved for “P5”. Every photo has alt text now.")
    publish = page.get_by_role("button", name="Publish now")
    expect(publish).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Published.")

    # Nothing has changed since: "Publish changes" waits and says why.
    expect(page.get_by_role("button", name="Publish changes")).to_be_disabled()
    expect(page.locator("#publish-why")).to_contain_text("Nothing has changed since the version published on")
    assert_accessible(page)
    screenshot(page, "publish-unchanged-1440")
    page.goto(f"{live_server.url}/e/{Exhibition.objects.get(pk=exhibition.pk).slug}/")
    assert "Evening" in page.locator("main").inner_text()
    expect(page.locator("main img[alt='Melons stacked in a pyramid at dusk.']")).to_have_count(1)


def test_by_touch_on_a_phone_reorder_make_a_chapter_of_a_selection_fix_alt_text_and_publish(browser, live_server):
    exhibition = build()
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server.url, f"/studio/{exhibition.pk}/")
        expect(page.locator("#sequence .seq-item")).to_have_count(6)

        # The toolbar fits the phone's width: the moves and undo in one row, the rest behind "More".
        toolbar = page.locator(".seq-toolbar")
        assert toolbar.evaluate("el => el.scrollWidth <= el.clientWidth")
        box = toolbar.bounding_box()
        assert box["height"] < 70
        for name in ("Move earlier", "Move later"):
            button = page.get_by_role("button", name=name)
            expect(button).to_be_visible()
            assert button.bounding_box()["height"] >= 44  # a thumb's target
        more = page.get_by_role("button", name="More")
        expect(more).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("button", name="Remove")).to_be_hidden()
        more.tap()
        expect(more).to_have_attribute("aria-expanded", "true")
        expect(page.get_by_role("button", name="Remove")).to_be_visible()
        assert_accessible(page)
        screenshot(page, "sequencer-phone-more")
        more.tap()
        expect(page.get_by_role("button", name="Remove")).to_be_hidden()

        # Tap P2, then "Move later" twice.
        items = page.locator("#sequence .seq-item")
        items.nth(1).tap()
        expect(items.nth(1)).to_have_attribute("aria-selected", "true")
        page.get_by_role("button", name="Move later").tap()
        expect(page.locator(".seq-saving")).to_have_text("Saved")
        page.get_by_role("button", name="Move later").tap()
        expect(page.locator("#seq-live")).to_have_text("Moved “P2” to number 4 of 6")
        expect(page.locator(".seq-saving")).to_have_text("Saved")
        assert saved_titles(exhibition) == ["P1", "P3", "P4", "P2", "P5", "P6"]
        screenshot(page, "sequencer-phone-moved")

        # Each tap adds to the selection: P2 off, P5 and P6 on, and they become a chapter.
        items.nth(3).tap()
        items.nth(4).tap()
        items.nth(5).tap()
        expect(page.locator('#sequence .seq-item[aria-selected="true"]')).to_have_count(2)
        expect(page.locator("#seq-where")).to_contain_text("a new chapter gathers the 2 selected items")
        page.get_by_role("link", name="Add chapter").tap()
        expect(page.get_by_label("Where").locator("option:checked")).to_contain_text("Of the 2 selected items")
        assert_accessible(page)
        page.get_by_role("group", name="Chapter title").get_by_label("English").fill("Closing time")
        page.get_by_role("button", name="Add", exact=True).tap()
        expect(page.locator("#sequence .seq-section")).to_have_count(1)
        assert saved_titles(exhibition) == ["P1", "P3", "P4", "P2", "Closing time", "P5", "P6"]
        assert_accessible(page)
        screenshot(page, "sequencer-phone-chapter")

        # The publish page on the phone: describe both photos, then publish.
        page.goto(f"{live_server.url}/studio/{exhibition.pk}/publish/")
        assert_accessible(page)
        screenshot(page, "publish-phone-alt-missing")
        page.get_by_label("Alt text for photo 2, “P3”").fill("A boy carries a tray of bread.")
        page.get_by_role("button", name="Save and next missing").first.tap()
        expect(page.get_by_label("Alt text for photo 5, “P5”")).to_be_focused()
        page.get_by_label("Alt text for photo 5, “P5”").fill("Melons at dusk.")
        page.get_by_role("button", name="Save and next missing").tap()
        expect(page.get_by_role("button", name="Publish now")).to_be_enabled()
        assert_accessible(page)
        page.get_by_role("button", name="Publish now").tap()
        expect(page.locator(".messages")).to_contain_text("Published.")
        expect(page.get_by_role("button", name="Publish changes")).to_be_disabled()
        assert_accessible(page)
        screenshot(page, "publish-phone-published")
    finally:
        context.close()
