"""The handoff in Chromium: Aigerim sends her picks with four stars and up to Daniyar with a note; he reads it in
his studio, accepts, and in the photo picker filters by her picks, 4+ stars, in capture order, reading the stars,
flags, labels, tags, people and their consent; then the contact sheet of what was shared. On a desktop and a
phone; then the same from the keyboard alone (Tab, arrows, Space, Enter; the photos go after the chapter that had the
focus in the sequencer) and by touch on a phone (photos chosen in the library). axe at 0 violations on every page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from curation import subjects
from curation.models import Consent, LibraryHandoff, Photo
from exhibitions import sequencing, services
from exhibitions.models import Exhibition
from tests import factories
from tests.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "picks-from-the-bazaar"
PHONE = {"width": 390, "height": 844}
NOTE = "The bazaar at dawn. Gulnara agreed to the web; the nurse I still have to ask."


def assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def log_in(page, base: str, username: str, then: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={quote(then)}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: url.startswith(f"{base}{then}"))


def titles(page) -> list[str]:
    return page.locator(".picker-photo .contact-label:not(.muted)").all_inner_texts()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@dataclass
class Market:
    exhibition: Exhibition
    frames: dict[str, Photo]


@pytest.fixture
def market() -> Market:
    """Aigerim's four frames of the bazaar, culled, with a person who agreed to the web and one not asked yet;
    Daniyar's empty draft "Market days"."""
    aigerim = factories.photographer(username="aigerim", password=PASSWORD)
    aigerim.first_name, aigerim.last_name = "Aigerim", "Sadykova"
    aigerim.save(update_fields=["first_name", "last_name"])
    daniyar = factories.curator(username="daniyar", password=PASSWORD)
    exhibition = services.exhibition_create(owner=daniyar, title="Market days")
    # Uploaded in this order; taken Stall 07:10, Gate 07:20, Dawn 07:30. Her picks with 4+ stars: Gate, Dawn.
    frames = {}
    for n, (title, minute, rating, flag, label) in enumerate(
        [
            ("Dawn", 30, 5, "pick", "green"),
            ("Gate", 20, 4, "pick", ""),
            ("Stall", 10, 3, "pick", ""),
            ("Blur", 40, 5, "reject", ""),
        ],
        start=1,
    ):
        frames[title] = factories.processed_photo(
            aigerim,
            data=factories.jpeg_bytes(size=(300, 200), seed=n),
            title=title,
            alt_text=f"{title} at the bazaar",
            rating=rating,
            flag=flag,
            label=label,
        )
        # After the renditions: reading the file sets the capture time from its EXIF, the same in every frame.
        Photo.objects.filter(pk=frames[title].pk).update(taken_at=timezone.make_aware(datetime(2026, 5, 14, 7, minute)))
    gulnara = subjects.subject_create(
        owner=aigerim, name="Fruit seller, east gate", public_name="Gulnara", photos=[frames["Dawn"]]
    )
    subjects.consent_record(subject=gulnara, actor=aigerim, status=Consent.Status.SIGNED, scope_web=True)
    subjects.subject_create(owner=aigerim, name="Night-shift nurse", photos=[frames["Gate"]])
    frames["Dawn"].tags.add(aigerim.tags.create(name="bazaar"))
    return Market(exhibition=exhibition, frames=frames)


def test_picks_with_a_note_reach_the_curator_who_filters_them_in_capture_order(page, live_server, market):
    exhibition = market.exhibition

    # --- Aigerim: her library filtered to picks with 4 stars and up, sent from the library to Daniyar.
    log_in(page, live_server.url, "aigerim", "/library/?flag=pick&rating=4")
    page.get_by_role("link", name="Send this filter to a curator").click()
    page.wait_for_url(lambda url: "/library/sharing/?filter=" in url)
    expect(page.locator(".share-filter-words")).to_contain_text("Picks · ★★★★ and up")
    expect(page.locator(".share-filter-words")).to_contain_text("2 photos now")
    assert_accessible(page)
    screenshot(page, "handoff-send-desktop")
    form = page.locator(".share-filter form")
    form.get_by_label("Curator's user name").fill("daniyar")
    form.get_by_label("A note for the curator").fill(NOTE)
    form.get_by_role("button", name="Send the filter").click()
    sent = "Your filter “Picks · ★★★★ and up” (2 photos now) is offered to “daniyar”."
    expect(page.get_by_text(sent)).to_be_visible()
    assert LibraryHandoff.objects.get().note == NOTE

    # --- Daniyar: the note where he answers the offer, then the picker.
    log_in(page, live_server.url, "daniyar", "/studio/")
    offers = page.locator("section", has=page.get_by_role("heading", name="Photos offered to you"))
    expect(offers).to_contain_text(NOTE)
    expect(offers).to_contain_text("Picks · ★★★★ and up")
    assert_accessible(page)
    screenshot(page, "handoff-studio-offer-desktop")
    offers.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You may now add the photos Aigerim Sadykova shares with you")).to_be_visible()

    page.goto(f"{live_server.url}/studio/{exhibition.pk}/add/")
    expect(page.locator(".handoff-notes")).to_contain_text(NOTE)
    filters = page.locator("form.picker-filters")
    filters.get_by_label("Photographer").select_option(label="Aigerim Sadykova")
    filters.get_by_label("Flag").select_option(label="Picks")
    filters.get_by_label("Stars").select_option(label="★★★★ and up")
    filters.get_by_label("Sort").select_option(label="Capture order")
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_url(lambda url: "sort=taken" in url)
    assert titles(page) == ["Gate", "Dawn"]
    dawn = page.locator(".picker-photo", has=page.get_by_role("checkbox", name="Dawn"))
    expect(dawn.locator(".shared-stars")).to_have_attribute("aria-label", "5 stars")
    expect(dawn).to_contain_text("Pick")
    expect(dawn).to_contain_text("Green")
    expect(dawn).to_contain_text("bazaar")
    expect(dawn.locator(".shared-people")).to_contain_text("Gulnara ✓ may be shown on the web")
    gate = page.locator(".picker-photo", has=page.get_by_role("checkbox", name="Gate"))
    expect(gate.locator(".shared-people")).to_contain_text("A person without a public name ✕ not asked yet")
    assert "Night-shift nurse" not in page.content() and "Fruit seller" not in page.content()
    assert_accessible(page)
    screenshot(page, "handoff-picker-desktop")

    # Both picks go into the show, in capture order, from the keyboard.
    page.get_by_role("checkbox", name="Gate").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator(".picker-count")).to_have_text("2 chosen")
    page.get_by_role("button", name="Add to the exhibition").click()
    page.wait_for_url(f"**/studio/{exhibition.pk}/*")
    assert [item.photo.title for item in exhibition.items.select_related("photo").order_by("position")] == [
        "Gate",
        "Dawn",
    ]

    # The contact sheet of what was shared, on a desktop and a phone.
    page.goto(f"{live_server.url}/studio/shared/?sort=taken")
    assert titles(page) == ["Gate", "Dawn"]
    expect(page.locator(".handoff-notes")).to_contain_text(NOTE)
    assert_accessible(page)
    screenshot(page, "handoff-sheet-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    for url, name in (
        ("/studio/shared/?sort=taken", "handoff-sheet-phone"),
        (f"/studio/{exhibition.pk}/add/?include_used=on&sort=taken", "handoff-picker-phone"),
        ("/studio/", "handoff-studio-phone"),
    ):
        page.goto(live_server.url + url)
        assert no_sideways_scroll(page), url
        assert_accessible(page)
        screenshot(page, name)


# --- From the keyboard alone ------------------------------------------------------------------------------------


def tab_to(page, target, *, back: bool = False, presses: int = 80) -> None:
    """Tab (Shift+Tab with `back`) until `target` has the focus, as someone walking the page by keyboard would."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(presses):
        page.keyboard.press(key)
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{presses} presses of {key} never reached {target}")


def choose(page, menu, option: str) -> None:
    """Arrow down a closed menu that has the focus until `option` is the one chosen."""
    expect(menu).to_be_focused()
    chosen = menu.locator("option:checked")
    for _ in range(menu.locator("option").count()):
        if chosen.inner_text().strip() == option:
            return
        page.keyboard.press("ArrowDown")
    expect(chosen).to_have_text(option)


def log_in_by_keyboard(page, base: str, username: str, then: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={quote(then)}")
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # The pages' scripts set up their keys on load: a key pressed before that would go to the browser.
    page.wait_for_url(lambda url: url.startswith(f"{base}{then}"), wait_until="load")


def press_and_load(page, key: str = "Enter") -> None:
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def picks_in_capture_order_by_keyboard(page, filters) -> None:
    """Her picks, four stars and up, in capture order: the filters of the contact sheet or the picker, by keys."""
    tab_to(page, filters.get_by_label("Flag"))
    choose(page, filters.get_by_label("Flag"), "Picks")
    page.keyboard.press("Tab")
    choose(page, filters.get_by_label("Stars"), "★★★★ and up")
    tab_to(page, filters.get_by_label("Sort"))
    choose(page, filters.get_by_label("Sort"), "Capture order")
    tab_to(page, filters.get_by_role("button", name="Filter"))
    press_and_load(page)


def test_from_the_keyboard_alone_picks_go_with_a_note_and_the_curator_adds_them_after_a_chapter(
    page, live_server, market
):
    exhibition = market.exhibition
    for title in ("Morning", "Evening"):
        sequencing.exhibition_section_add(exhibition=exhibition, title=title)

    # --- Aigerim opens the filters, chooses her picks with 4 stars and up, and sends that filter with a note.
    log_in_by_keyboard(page, live_server.url, "aigerim", "/library/")
    tab_to(page, page.locator(".lib-filters-wrap > summary"))
    page.keyboard.press("Enter")
    filters = page.locator("form.lib-filters")
    expect(filters).to_be_visible()
    assert_accessible(page)
    tab_to(page, filters.get_by_label("Rating"))
    choose(page, filters.get_by_label("Rating"), "★★★★ and up")
    page.keyboard.press("Tab")
    choose(page, filters.get_by_label("Flag"), "Picks")
    tab_to(page, filters.get_by_role("button", name="Apply"))
    press_and_load(page)
    expect(page.locator(".lib-count")).to_contain_text("filtered")
    expect(page.locator("[data-grid] .cell")).to_have_count(2)
    assert sorted(page.locator("[data-grid] .cell-name").all_inner_texts()) == ["Dawn", "Gate"]
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name="Send this filter to a curator"))
    press_and_load(page)
    expect(page.locator(".share-filter-words")).to_contain_text("Picks · ★★★★ and up")
    expect(page.locator(".share-filter-words")).to_contain_text("2 photos now")
    form = page.locator(".share-filter form")
    tab_to(page, form.get_by_label("Curator's user name"))
    page.keyboard.type("daniyar")
    page.keyboard.press("Tab")
    expect(form.get_by_label("A note for the curator")).to_be_focused()
    page.keyboard.type(NOTE)
    page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Send the filter")).to_be_focused()
    press_and_load(page)
    sent = "Your filter “Picks · ★★★★ and up” (2 photos now) is offered to “daniyar”."
    expect(page.get_by_text(sent)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "handoff-keyboard-sent")

    # --- Daniyar reads the note in his studio and accepts.
    log_in_by_keyboard(page, live_server.url, "daniyar", "/studio/")
    offers = page.locator("section", has=page.get_by_role("heading", name="Photos offered to you"))
    expect(offers).to_contain_text("Aigerim Sadykova offers you the photos of a library filter")
    expect(offers).to_contain_text("A filter kept up to date: Picks · ★★★★ and up")
    expect(offers).to_contain_text(NOTE)
    assert_accessible(page)
    tab_to(page, offers.get_by_role("button", name="Accept"))
    press_and_load(page)
    expect(page.get_by_text("You may now add the photos Aigerim Sadykova shares with you")).to_be_visible()
    expect(page.get_by_role("heading", name="Photos offered to you")).to_have_count(0)
    assert_accessible(page)

    # The contact sheet of what was shared: her picks, 4+ stars, in capture order.
    tab_to(page, page.get_by_role("link", name="Photos shared with you"))
    press_and_load(page)
    expect(page.locator(".handoff-notes")).to_contain_text(NOTE)
    picks_in_capture_order_by_keyboard(page, page.locator("form.picker-filters"))
    assert titles(page) == ["Gate", "Dawn"]
    expect(page.locator(".shared-count")).to_have_text("2 photos")
    dawn = page.locator(".shared-photo", has_text="Dawn")
    expect(dawn.locator(".shared-stars")).to_have_attribute("aria-label", "5 stars")
    expect(dawn.locator(".shared-people")).to_contain_text("Gulnara ✓ may be shown on the web")
    assert_accessible(page)
    screenshot(page, "handoff-keyboard-sheet")

    # --- To the show: the first chapter has the focus when he chooses "Add photos", so they go after it.
    tab_to(page, page.locator(".studio-crumbs").get_by_role("link", name="Exhibitions studio"), back=True)
    press_and_load(page)
    tab_to(page, page.get_by_role("link", name="Market days"))
    press_and_load(page)
    tab_to(page, page.get_by_role("link", name="Skip to the sequence"))
    page.keyboard.press("Enter")
    expect(page.locator("#sequence .seq-item").first).to_be_focused()
    expect(page.locator("#seq-where")).to_contain_text("Morning")
    tab_to(page, page.locator(".seq-add").get_by_role("link", name="Add photos"), back=True)
    press_and_load(page)
    where = page.locator(".picker-bar").get_by_label("Where")
    expect(where.locator("option:checked")).to_have_text("After “Morning”")
    expect(page.locator(".handoff-notes")).to_contain_text(NOTE)
    assert_accessible(page)

    # The picker's filters: her photos, her picks, 4+ stars, capture order.
    filters = page.locator("form.picker-filters")
    tab_to(page, filters.get_by_label("Photographer"))
    choose(page, filters.get_by_label("Photographer"), "Aigerim Sadykova")
    picks_in_capture_order_by_keyboard(page, filters)
    assert titles(page) == ["Gate", "Dawn"]
    gate = page.locator(".picker-photo", has=page.get_by_role("checkbox", name="Gate"))
    expect(gate.locator(".shared-stars")).to_have_attribute("aria-label", "4 stars")
    expect(gate.locator(".shared-people")).to_contain_text("A person without a public name ✕ not asked yet")
    expect(where.locator("option:checked")).to_have_text("After “Morning”")  # filtering kept the place
    assert_accessible(page)

    # Space ticks each photo; the button before them adds both.
    tab_to(page, page.get_by_role("checkbox", name="Gate"))
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Dawn")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator(".picker-count")).to_have_text("2 chosen")
    assert_accessible(page)
    screenshot(page, "handoff-keyboard-picker")
    tab_to(page, page.get_by_role("button", name="Add to the exhibition"), back=True)
    press_and_load(page)
    expect(page.locator(".messages")).to_contain_text("Added 2 photos.")
    expect(page.locator("#sequence .seq-item")).to_have_count(4)
    assert [item.display_title for item in exhibition.items.select_related("photo").order_by("position")] == [
        "Morning",
        "Gate",
        "Dawn",
        "Evening",
    ]
    assert_accessible(page)


# --- By touch on a phone ----------------------------------------------------------------------------------------


def log_in_by_touch(page, base: str, username: str, then: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={quote(then)}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").tap()
    page.wait_for_url(lambda url: url.startswith(f"{base}{then}"), wait_until="load")


def tap_and_load(locator) -> None:
    with locator.page.expect_navigation(wait_until="load"):
        locator.tap()


def test_by_touch_on_a_phone_chosen_photos_go_with_a_note_and_the_curator_filters_and_adds_them(
    browser, live_server, market
):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # --- Aigerim taps the four frames of the morning and offers them to Daniyar with a note.
        log_in_by_touch(page, live_server.url, "aigerim", "/library/")
        expect(page.locator("[data-grid] .cell")).to_have_count(4)
        for title in ("Dawn", "Gate", "Stall", "Blur"):
            box = page.get_by_role("checkbox", name=f"Select {title}")
            size = box.bounding_box()
            assert size["width"] >= 24 and size["height"] >= 24, f"a fingertip's target is {size}"
            box.tap()
        bulk = page.locator("#bulk")
        expect(bulk.locator("[data-selection-count]")).to_have_text("4 photos selected")
        assert no_sideways_scroll(page)
        assert_accessible(page)
        bulk.get_by_label("With the selection").select_option(label="Share with a curator")
        expect(bulk.get_by_label("Curator's user name")).to_be_visible()
        bulk.get_by_label("Curator's user name").fill("daniyar")
        bulk.get_by_label("A note for the curator").fill(NOTE)
        assert_accessible(page)
        screenshot(page, "handoff-phone-selection")
        tap_and_load(bulk.get_by_role("button", name="Apply"))
        expect(page.get_by_text("4 more photos offered to “daniyar”.")).to_be_visible()
        assert LibraryHandoff.objects.get().note == NOTE
        assert no_sideways_scroll(page)
        assert_accessible(page)

        # --- Daniyar reads the note on his phone and accepts.
        log_in_by_touch(page, live_server.url, "daniyar", "/studio/")
        offers = page.locator("section", has=page.get_by_role("heading", name="Photos offered to you"))
        expect(offers).to_contain_text("Aigerim Sadykova offers you 4 chosen photos")
        expect(offers).to_contain_text(NOTE)
        assert no_sideways_scroll(page)
        assert_accessible(page)
        screenshot(page, "handoff-phone-offer")
        tap_and_load(offers.get_by_role("button", name="Accept"))
        expect(page.get_by_text("You may now add the photos Aigerim Sadykova shares with you")).to_be_visible()
        assert_accessible(page)

        # The contact sheet: all four, then her picks with 4+ stars in capture order.
        tap_and_load(page.get_by_role("link", name="Photos shared with you"))
        expect(page.locator(".shared-count")).to_have_text("4 photos")
        expect(page.locator(".handoff-notes")).to_contain_text(NOTE)
        sheet = page.locator("form.picker-filters")
        sheet.get_by_label("Flag").select_option(label="Picks")
        sheet.get_by_label("Stars").select_option(label="★★★★ and up")
        sheet.get_by_label("Sort").select_option(label="Capture order")
        tap_and_load(sheet.get_by_role("button", name="Filter"))
        assert titles(page) == ["Gate", "Dawn"]
        dawn = page.locator(".shared-photo", has_text="Dawn")
        expect(dawn.locator(".shared-people")).to_contain_text("Gulnara ✓ may be shown on the web")
        assert no_sideways_scroll(page)
        assert_accessible(page)
        screenshot(page, "handoff-phone-sheet-filtered")

        # --- To the show: the picker, filtered the same way, and a tap on each photo.
        tap_and_load(page.locator(".studio-crumbs").get_by_role("link", name="Exhibitions studio"))
        tap_and_load(page.get_by_role("link", name="Market days"))
        tap_and_load(page.locator(".seq-add").get_by_role("link", name="Add photos"))
        filters = page.locator("form.picker-filters")
        filters.get_by_label("Photographer").select_option(label="Aigerim Sadykova")
        filters.get_by_label("Flag").select_option(label="Picks")
        filters.get_by_label("Stars").select_option(label="★★★★ and up")
        filters.get_by_label("Sort").select_option(label="Capture order")
        tap_and_load(filters.get_by_role("button", name="Filter"))
        assert titles(page) == ["Gate", "Dawn"]
        for title in ("Gate", "Dawn"):
            page.locator(".picker-photo", has=page.get_by_role("checkbox", name=title)).locator("img").tap()
            expect(page.get_by_role("checkbox", name=title)).to_be_checked()
        expect(page.locator(".picker-count")).to_have_text("2 chosen")
        assert no_sideways_scroll(page)
        assert_accessible(page)
        screenshot(page, "handoff-phone-picker-chosen")
        tap_and_load(page.get_by_role("button", name="Add to the exhibition"))
        expect(page.locator(".messages")).to_contain_text("Added 2 photos.")
        expect(page.locator("#sequence .seq-item")).to_have_count(2)
        assert [item.photo.title for item in market.exhibition.items.select_related("photo").order_by("position")] == [
            "Gate",
            "Dawn",
        ]
        assert no_sideways_scroll(page)
        assert_accessible(page)
    finally:
        context.close()
