"""Bursts and colour labels on the contact sheet in Chromium: a burst shows as one stacked cell, S opens it,
Shift+P keeps the focused frame and rejects the rest, the colour-label filter; on a desktop and a phone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from curation.models import Photo
from tests import factories
from tests.conftest import screenshot, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "a-long-pass-phrase"
T0 = datetime(2026, 5, 14, 7, 0, tzinfo=UTC)


def assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def shoot():
    """A burst of five frames a third of a second apart, then two frames on their own: one labelled red."""
    owner = factories.photographer(username="aigerim", password=PASSWORD)
    offsets = [0, 0.3, 0.6, 0.9, 1.2, 40, 90]
    photos = []
    for i in range(len(offsets)):
        photo = factories.processed_photo(
            owner,
            data=factories.jpeg_bytes(size=(600, 400), colour=(30 * i, 110, 190 - 20 * i)),
            filename=f"DSCF{i + 1:04d}.JPG",
        )
        photos.append(photo)
    for photo, offset in zip(photos, offsets, strict=True):
        photo.taken_at = T0 + timedelta(seconds=offset)
    Photo.objects.bulk_update(photos, ["taken_at"])
    Photo.objects.filter(pk=photos[5].pk).update(label=Photo.Label.RED)
    return owner, photos


def log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("aigerim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/library/")


def test_a_burst_is_stacked_opened_with_s_and_culled_to_one_frame_with_shift_p(page, live_server, shoot):
    owner, photos = shoot
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server)
    page.goto(f"{live_server.url}/library/?sort=taken-asc")

    cells = page.locator(".grid > .cell")
    assert cells.count() == 3  # the burst's cover and the two frames on their own
    cover = page.locator(f"#photo-{photos[0].pk}")
    toggle = cover.locator("[data-stack-toggle]")
    assert toggle.inner_text().startswith("1/5")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator(f"#photo-{photos[5].pk} [data-label-words]").inner_text() == "Colour label: Red"
    assert_accessible(page)
    screenshot(page, "stacks-closed-desktop")

    cover.locator(".cell-link").focus()
    page.keyboard.press("s")
    assert cells.count() == 7
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(f"#photo-{photos[3].pk}").is_visible()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    third = page.locator(f"#photo-{photos[2].pk}")
    assert page.evaluate("document.activeElement.closest('.cell').id") == f"photo-{photos[2].pk}"
    assert_accessible(page)
    screenshot(page, "stacks-open-desktop")

    page.keyboard.press("Shift+P")
    wait_until(lambda: third.get_attribute("data-flag") == "pick", timeout=5, message="the kept frame to be a pick")
    for other in (0, 1, 3, 4):
        assert page.locator(f"#photo-{photos[other].pk}").get_attribute("data-flag") == "reject"
    assert third.locator("[data-flag-label]").inner_text().lower() == "pick"
    assert page.locator(f"#photo-{photos[5].pk}").get_attribute("data-flag") == ""
    flags = dict(Photo.objects.filter(owner=owner).values_list("pk", "flag"))
    assert [flags[p.pk] for p in photos] == ["reject", "reject", "pick", "reject", "reject", "", ""]
    assert "rest of the burst" in page.locator("[data-stack-status]").inner_text()

    # Closed again, the stack shows the frame kept; a reload agrees.
    page.keyboard.press("s")
    assert cells.count() == 3
    assert third.is_visible() and not cover.is_visible()
    page.reload()
    assert page.locator(".grid > .cell").count() == 3
    assert page.locator(f"#photo-{photos[2].pk}").get_attribute("data-stack-cover") == ""
    assert_accessible(page)
    assert errors == []

    # Back from the loupe on a frame hidden in a closed stack: the stack opens and the grid goes on from that frame.
    page.goto(f"{live_server.url}/library/?sort=taken-asc&burst=2#photo-{photos[4].pk}")
    wait_until(
        lambda: page.evaluate("document.activeElement.closest('.cell')?.id") == f"photo-{photos[4].pk}",
        timeout=5,
        message="the frame from the address to have the focus",
    )
    assert page.locator(".grid > .cell").count() == 7
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.closest('.cell').id") == f"photo-{photos[3].pk}"

    # The colour-label filter, "no label" with it: everything but the red frame.
    page.locator("[data-filters] > summary").click()
    page.get_by_role("checkbox", name="No label").check()
    page.locator(".lib-filters").get_by_role("button", name="Apply").click()
    page.wait_for_url("**label=none**")
    assert page.locator(f"#photo-{photos[5].pk}").count() == 0
    assert page.locator(".grid > .cell").count() == 2  # the stack (its kept frame on top) and the last frame
    assert_accessible(page)
    screenshot(page, "stacks-label-filter-desktop")


@pytest.fixture
def phone(browser):
    """A touch screen with no mouse: what a phone reports to CSS (`hover: none`) and to the page."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_colour_label_filter_and_a_stack_on_a_phone(phone, live_server, shoot):
    owner, photos = shoot
    page = phone
    log_in(page, live_server)
    page.goto(f"{live_server.url}/library/?sort=taken-asc")
    cover = page.locator(f"#photo-{photos[0].pk}")
    cover.locator("[data-stack-toggle]").tap()
    assert page.locator(".grid > .cell").count() == 7
    assert cover.locator("[data-stack-pick]").is_visible()
    assert_accessible(page)
    screenshot(page, "stacks-open-phone")

    # The no-JavaScript button works under the script too: keep the last frame of the burst.
    page.locator(f"#photo-{photos[4].pk} [data-stack-pick]").tap()
    last = page.locator(f"#photo-{photos[4].pk}")
    wait_until(lambda: last.get_attribute("data-flag") == "pick", timeout=5, message="the tapped frame to be kept")
    assert cover.get_attribute("data-flag") == "reject"

    page.locator("[data-filters] > summary").click()
    page.get_by_role("checkbox", name="Red").check()
    page.locator(".lib-filters").get_by_role("button", name="Apply").click()
    page.wait_for_url("**label=red**")
    assert [c.get_attribute("id") for c in page.locator(".grid > .cell").all()] == [f"photo-{photos[5].pk}"]
    assert page.get_by_role("checkbox", name="Red").is_checked()
    assert_accessible(page)
    screenshot(page, "stacks-label-filter-phone")


def test_on_a_russian_keyboard_layout_the_stack_keys_still_work(page, live_server, shoot):
    """S and Shift+P go by the key's place: on a Russian layout they type "ы" and "З"."""
    owner, photos = shoot
    log_in(page, live_server)
    page.goto(f"{live_server.url}/library/?sort=taken-asc")
    cells = page.locator(".grid > .cell")
    page.locator(f"#photo-{photos[0].pk} .cell-link").focus()

    def press(key: str, code: str, shift: bool = False) -> None:
        page.evaluate(
            """([key, code, shift]) => document.activeElement.dispatchEvent(
                new KeyboardEvent("keydown", {key, code, shiftKey: shift, bubbles: true, cancelable: true}))""",
            [key, code, shift],
        )

    press("ы", "KeyS")
    assert cells.count() == 7
    page.locator(f"#photo-{photos[1].pk} .cell-link").focus()
    press("З", "KeyP", shift=True)
    wait_until(lambda: Photo.objects.filter(pk__in=[p.pk for p in photos[:5]], flag=Photo.Flag.REJECT).count() == 4)
    assert Photo.objects.get(pk=photos[1].pk).flag == Photo.Flag.PICK
