"""A curator's evening in Chromium: build an exhibition from the library, arrange it by mouse and keyboard,
add a text panel, preview, publish — and the public page shows the new order."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from curation import sharing
from exhibitions import collaboration, sequencing, services
from exhibitions.models import Exhibition
from tests import factories
from tests.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "evening-at-the-bazaar"


def saved_titles(exhibition: Exhibition) -> list[str]:
    items = exhibition.items.select_related("photo").order_by("position")
    return [item.display_title for item in items]


def sheet_titles(page) -> list[str]:
    return page.locator("#sequence .seq-item").evaluate_all("items => items.map(li => li.dataset.title)")


def wait_saved(page) -> None:
    expect(page.locator(".seq-saving")).to_have_text("Saved")


def test_a_curator_builds_arranges_previews_and_publishes(page, live_server):
    photographer = factories.photographer()
    for n in range(1, 7):
        factories.processed_photo(
            photographer, data=factories.jpeg_bytes(size=(240, 160), seed=n), title=f"Plate {n}", alt_text=f"Alt {n}"
        )
    curator = factories.curator(username="daniyar", password=PASSWORD)
    sharing.library_share_grant(owner=photographer, curator=curator)  # the picker offers only what is shared

    page.goto(f"{live_server.url}/accounts/login/?next=/studio/")
    page.get_by_label("Username").fill("daniyar")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("New exhibition").fill("Market days")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Market days")).to_be_visible()
    exhibition = Exhibition.objects.get(title="Market days")

    # From the library: the picker lists the newest first; tick all six.
    page.get_by_role("link", name="Add photos from the library").click()
    for n in range(6, 0, -1):
        page.get_by_role("checkbox", name=f"Plate {n}").check()
    expect(page.locator(".picker-count")).to_have_text("6 chosen")
    page.get_by_role("button", name="Add to the exhibition").click()
    expect(page.locator("#sequence .seq-item")).to_have_count(6)
    assert sheet_titles(page) == ["Plate 6", "Plate 5", "Plate 4", "Plate 3", "Plate 2", "Plate 1"]

    # Drag the fifth photo to the first place.
    items = page.locator("#sequence .seq-item")
    items.nth(4).drag_to(items.nth(0), target_position={"x": 6, "y": 40})
    wait_saved(page)
    assert sheet_titles(page)[:2] == ["Plate 2", "Plate 6"]
    assert saved_titles(exhibition) == ["Plate 2", "Plate 6", "Plate 5", "Plate 4", "Plate 3", "Plate 1"]

    # Then from the keyboard alone: drop the dragged selection, go to the last item, select it, move it up twice.
    page.locator("#sequence .seq-item").first.focus()
    page.keyboard.press("Escape")
    page.keyboard.press("End")
    page.keyboard.press("Space")
    page.keyboard.press("Alt+ArrowUp")
    wait_saved(page)
    page.keyboard.press("Alt+ArrowUp")
    expect(page.locator("#seq-live")).to_have_text("Moved “Plate 1” to number 4 of 6")
    wait_saved(page)
    assert saved_titles(exhibition) == ["Plate 2", "Plate 6", "Plate 5", "Plate 1", "Plate 4", "Plate 3"]
    focused = page.evaluate("document.activeElement.dataset.title")
    assert focused == "Plate 1"

    # Undo takes back the last step, and says what it took back.
    undo = page.locator('.seq-toolbar [data-action="undo"]')
    expect(undo).to_have_text("Undo: move of “Plate 1”")
    undo.click()
    expect(page.locator("#sequence .seq-item").nth(4)).to_have_attribute("data-title", "Plate 1")
    assert saved_titles(exhibition)[3:5] == ["Plate 4", "Plate 1"]
    page.keyboard.press("Alt+ArrowUp")  # focus stayed on the photo: move it again
    wait_saved(page)
    assert saved_titles(exhibition) == ["Plate 2", "Plate 6", "Plate 5", "Plate 1", "Plate 4", "Plate 3"]

    # A text panel after the focused photo.
    page.get_by_role("link", name="Add text panel").click()
    expect(page.get_by_label("Where")).to_have_value("4")  # after "Plate 1"
    page.get_by_role("group", name="Text", exact=True).get_by_label("English").fill(
        "“The market is where the city remembers itself.”"
    )
    page.get_by_role("button", name="Add").click()
    expect(page.locator("#sequence .seq-text")).to_have_count(1)
    assert saved_titles(exhibition)[4] == "“The market is where the city remembers itself.”"
    screenshot(page, "studio-sequencer-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "studio-sequencer-phone")
    page.set_viewport_size({"width": 1440, "height": 900})

    # Someone else reorders behind this page's back: the next move is refused and the fresh order shown.
    fresh = Exhibition.objects.get(pk=exhibition.pk)
    ids = list(fresh.items.order_by("position").values_list("pk", flat=True))
    sequencing.exhibition_reorder(exhibition=fresh, item_ids=[*ids[1:], ids[0]], version=fresh.version)
    page.locator("#sequence .seq-item").first.focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator(".seq-alert")).to_have_text(re.compile("Someone else changed this exhibition"))
    assert sheet_titles(page)[-1] == "Plate 2"
    assert saved_titles(exhibition)[-1] == "Plate 2"
    page.locator("#sequence .seq-item").last.focus()
    page.keyboard.press("Alt+Home")
    wait_saved(page)
    order = ["Plate 2", "Plate 6", "Plate 5", "Plate 1", "“The market is where the city remembers itself.”"]
    assert saved_titles(exhibition)[:5] == order

    # The preview is the public page, built from the draft.
    page.get_by_role("link", name="Preview").click()
    # Read once the preview has loaded, not the sequencer the click leaves.
    expect(page.locator(".preview-ribbon")).to_be_visible()
    preview_alts = page.locator("main img[alt^='Alt ']").evaluate_all("imgs => imgs.map(i => i.alt)")
    assert preview_alts == ["Alt 2", "Alt 6", "Alt 5", "Alt 1", "Alt 4", "Alt 3"]

    page.goto(f"{live_server.url}/studio/{exhibition.pk}/publish/")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messages")).to_contain_text("Published.")

    page.goto(f"{live_server.url}/e/{exhibition.slug}/")
    public_alts = page.locator("main img[alt^='Alt ']").evaluate_all("imgs => imgs.map(i => i.alt)")
    assert public_alts == ["Alt 2", "Alt 6", "Alt 5", "Alt 1", "Alt 4", "Alt 3"]
    assert "remembers itself" in page.locator("main").inner_text()


def test_studio_pages_pass_axe_with_no_csp_errors_and_are_photographed(page, live_server):
    photographer = factories.photographer()
    curator = factories.curator(username="aida", password=PASSWORD)
    sharing.library_share_grant(owner=photographer, curator=curator)
    exhibition = services.exhibition_create(owner=curator, title="Resilience and community")
    photos = [
        factories.processed_photo(
            photographer,
            data=factories.jpeg_bytes(size=(240, 160) if n % 3 else (160, 240), seed=n),
            title=f"Plate {n}",
            alt_text=f"Alt {n}" if n != 4 else "",
        )
        for n in range(1, 10)
    ]
    sequencing.exhibition_section_add(exhibition=exhibition, title="Before the gates open", text="Dawn at the bazaar.")
    sequencing.exhibition_photos_add(exhibition=exhibition, photos=photos[:5])
    sequencing.exhibition_text_panel_add(exhibition=exhibition, text="“The market is where the city remembers itself.”")
    sequencing.exhibition_section_add(exhibition=exhibition, title="Closing time")
    sequencing.exhibition_photos_add(exhibition=exhibition, photos=photos[5:8])
    collaboration.review_link_create(
        exhibition=exhibition, actor=curator, valid_for=timedelta(days=7), label="For Aigerim"
    )
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/accounts/login/?next=/studio/")
    page.get_by_label("Username").fill("aida")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Exhibitions studio")).to_be_visible()

    pages = {
        "list": "/studio/",
        "sequencer": f"/studio/{exhibition.pk}/",
        "picker": f"/studio/{exhibition.pk}/add/",
        "details": f"/studio/{exhibition.pk}/details/",
        "item": f"/studio/{exhibition.pk}/items/{exhibition.items.get(photo=photos[3]).pk}/",
        "publish": f"/studio/{exhibition.pk}/publish/",
        "sharing": f"/studio/{exhibition.pk}/sharing/",
    }
    for name, path in pages.items():
        page.set_viewport_size({"width": 1440, "height": 900})
        page.goto(live_server.url + path)
        if name == "sequencer":
            # Two photos selected and dragged together into the next chapter, just under its heading.
            items = page.locator("#sequence .seq-item")
            items.nth(1).click()
            items.nth(3).click(modifiers=["Control"])
            expect(page.locator(".seq-selected")).to_have_text("2 selected")
            heading = items.nth(7)
            box = heading.bounding_box()
            items.nth(1).drag_to(heading, target_position={"x": box["width"] / 2, "y": box["height"] - 4})
            expect(page.locator(".seq-saving")).to_have_text("Saved")
            after_heading = saved_titles(exhibition)[6:8]
            assert after_heading == ["Plate 1", "Plate 3"]
            assert saved_titles(exhibition)[:6] == [
                "Before the gates open",
                "Plate 2",
                "Plate 4",
                "Plate 5",
                "“The market is where the city remembers itself.”",
                "Closing time",
            ]
        results = Axe().run(page)
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"
        screenshot(page, f"studio-{name}-1440")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, f"studio-{name}-390")
    assert csp_errors == []
