"""Culling in Chromium: the loupe moves between frames in the page, zooms to 100 % and pans, takes colour labels and
sends Esc back to the same cell; compare locks two photos' zoom and pan; survey drops frames as you decide; a phone
swipes and pans by touch. axe reports nothing on each new state."""

from __future__ import annotations

import re
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
    """Four photos with every rendition made, taken a minute apart (no burst stacks them), oldest first; the
    library shows the newest first."""
    owner = factories.photographer(username="aigerim", password=PASSWORD)
    photos = [
        factories.processed_photo(
            owner,
            data=factories.jpeg_bytes(size=(1800, 1200), colour=(60 * i, 110, 150), seed=i),
            filename=f"DSCF000{i}.JPG",
            taken_at=T0 + timedelta(minutes=i),
        )
        for i in range(1, 5)
    ]
    return owner, photos[::-1]  # in the library's order


def log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("aigerim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/library/")


def watch_errors(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and "favicon" not in m.location.get("url", "") else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def saved(photo: Photo, **expected) -> bool:
    photo.refresh_from_db()
    return all(getattr(photo, name) == value for name, value in expected.items())


def test_the_loupe_moves_in_page_zooms_takes_labels_and_esc_returns_to_the_same_cell(page, live_server, shoot):
    owner, photos = shoot
    problems = watch_errors(page)
    log_in(page, live_server)
    page.locator(".cell-link").nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-loupe]")
    page.wait_for_load_state()  # its script listens for keys once loaded, not when the element appears
    position = page.locator("[data-loupe-position]")
    assert position.inner_text() == "2 of 4"

    page.keyboard.press("4")
    page.keyboard.press("7")
    wait_until(lambda: saved(photos[1], rating=4, label="yellow"), timeout=5, message="4 stars and yellow")
    assert page.get_by_role("button", name="Yellow 7").get_attribute("aria-pressed") == "true"
    page.keyboard.press("7")  # the same colour again clears it
    wait_until(lambda: saved(photos[1], label=""), timeout=5, message="the yellow label cleared")
    page.keyboard.press("v")
    wait_until(lambda: saved(photos[1], label="purple"), timeout=5, message="purple from V")
    assert_accessible(page)
    screenshot(page, "culling-loupe-desktop")

    # The next frame arrives without a page load: the page's own state survives, the address follows.
    page.evaluate("window.__samePage = true")
    page.keyboard.press("ArrowRight")
    wait_until(lambda: position.inner_text() == "3 of 4", timeout=5, message="the next frame")
    assert page.evaluate("window.__samePage") is True
    assert page.url.endswith(f"/library/photos/{photos[2].pk}/loupe/")
    assert page.locator("[data-cull-form]").get_attribute("data-photo") == str(photos[2].pk)
    page.keyboard.press("ArrowLeft")
    wait_until(lambda: position.inner_text() == "2 of 4", timeout=5, message="back to the previous frame")
    # Its controls came from the cache, painted with what was changed on it.
    assert page.get_by_role("button", name="Purple V").get_attribute("aria-pressed") == "true"
    page.keyboard.press("ArrowRight")
    wait_until(lambda: position.inner_text() == "3 of 4", timeout=5, message="the next frame again")

    # 100 %: one image pixel per device pixel, panned by the arrows without leaving the photo.
    page.keyboard.press("z")
    zoomed = page.locator(".zoom-img")
    zoomed.wait_for()
    wait_until(
        lambda: page.evaluate(
            "(img) => img.complete && img.naturalWidth === 1800 && img.getBoundingClientRect().width === 1800",
            zoomed.element_handle(),
        ),
        timeout=10,
        message="the original at 100 %",
    )
    before = zoomed.evaluate("img => img.style.transform")
    page.keyboard.press("ArrowRight")
    assert zoomed.evaluate("img => img.style.transform") != before
    assert position.inner_text() == "3 of 4"
    assert page.get_by_role("button", name="100 % Z").get_attribute("aria-pressed") == "true"
    assert_accessible(page)
    screenshot(page, "culling-loupe-zoomed-desktop")
    page.keyboard.press("z")
    assert not zoomed.is_visible()

    page.reload()  # the address was kept true
    assert position.inner_text() == "3 of 4"
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(rf"/library/#photo-{photos[2].pk}$"))
    focused = lambda: page.evaluate("document.activeElement.closest('.cell')?.dataset.photo")  # noqa: E731
    wait_until(lambda: focused() == str(photos[2].pk), timeout=5, message="the same cell focused")
    page.keyboard.press("ArrowRight")
    assert focused() == str(photos[3].pk)
    page.keyboard.press("8")
    wait_until(lambda: saved(photos[3], label="green"), timeout=5, message="green from the grid")
    assert page.locator(f"#photo-{photos[3].pk}").get_attribute("data-label") == "green"
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog")
    for key in ("Expand or collapse a stack", "Pick this frame and reject the rest of its stack", "purple"):
        assert key in help_dialog.inner_text()
    assert not problems, problems


def test_compare_locks_zoom_and_pan_and_survey_drops_frames(page, live_server, shoot):
    owner, photos = shoot
    problems = watch_errors(page)
    log_in(page, live_server)
    cells = page.locator(".cell-link")
    cells.nth(0).focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    page.keyboard.press("c")
    page.wait_for_selector("[data-compare]")
    page.wait_for_load_state()  # its script listens for keys once loaded, not when the element appears
    frames = page.locator("[data-frame]")
    assert [int(pk) for pk in frames.evaluate_all("all => all.map(f => f.dataset.photo)")] == [
        photos[0].pk,
        photos[2].pk,
    ]
    page.keyboard.press("ArrowRight")  # the candidate is the active side
    page.keyboard.press("p")
    page.keyboard.press("9")
    wait_until(lambda: saved(photos[2], flag="pick", label="blue"), timeout=5, message="the candidate picked, blue")
    assert saved(photos[0], flag="", label="")
    assert_accessible(page)
    screenshot(page, "culling-compare-desktop")

    page.keyboard.press("z")
    zooms = page.locator(".zoom-img")
    wait_until(
        lambda: zooms.count() == 2 and all(zooms.nth(i).is_visible() for i in range(2)),
        timeout=5,
        message="both zoomed",
    )
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    transforms = zooms.evaluate_all("all => all.map(img => img.style.transform)")
    assert transforms[0] == transforms[1]  # the same spot of both photos (they have the same size)
    left = page.locator("[data-frame-stage]").nth(0)
    box = left.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 120, box["y"] + box["height"] / 2 - 60, steps=4)
    page.mouse.up()
    dragged = zooms.evaluate_all("all => all.map(img => img.style.transform)")
    assert dragged[0] == dragged[1] != transforms[0]
    assert_accessible(page)
    screenshot(page, "culling-compare-zoomed-desktop")
    page.keyboard.press("z")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/library/#photo-\d+$"))

    page.locator(".cell-link").nth(0).focus()
    for _ in range(3):
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
    page.keyboard.press("n")
    page.wait_for_selector("[data-survey]")
    page.wait_for_load_state()  # its script listens for keys once loaded, not when the element appears
    frames = page.locator("[data-frame]")
    assert frames.count() == 3
    assert_accessible(page)
    screenshot(page, "culling-survey-desktop")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Delete")
    assert frames.count() == 2
    assert f"photo={photos[1].pk}" not in page.url and f"photo={photos[2].pk}" in page.url
    page.keyboard.press("x")  # the frame that took the dropped one's place
    wait_until(lambda: saved(photos[2], flag="reject"), timeout=5, message="the reject in the survey")
    assert saved(photos[1], flag="")  # dropped from the survey, still in the library as it was
    page.get_by_role("link", name=f"Take out of the survey: {photos[0].display_title}").click()
    assert frames.count() == 1
    assert_accessible(page)
    assert not problems, problems


def test_on_a_phone_a_swipe_moves_and_a_tap_zooms_with_touch_panning(browser, live_server, shoot):
    owner, photos = shoot
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        problems = watch_errors(page)
        log_in(page, live_server)
        page.goto(f"{live_server.url}/library/photos/{photos[0].pk}/loupe/")
        position = page.locator("[data-loupe-position]")
        assert position.inner_text() == "1 of 4"
        assert_accessible(page)
        screenshot(page, "culling-loupe-phone")
        touch = page.context.new_cdp_session(page)
        box = page.locator("[data-loupe-stage]").bounding_box()
        y = box["y"] + box["height"] / 2

        def drag(x0: float, y0: float, x1: float, y1: float) -> None:
            touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
            for i in range(1, 6):
                point = {"x": x0 + (x1 - x0) * i / 5, "y": y0 + (y1 - y0) * i / 5}
                touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
            touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

        drag(320, y, 60, y + 10)  # a swipe to the left: the next photo
        wait_until(lambda: position.inner_text() == "2 of 4", timeout=5, message="the swipe to the next photo")
        assert page.url.endswith(f"/library/photos/{photos[1].pk}/loupe/")
        page.locator("[data-loupe-stage] img.large").tap()
        zoomed = page.locator(".zoom-img")
        zoomed.wait_for()
        # 100 % on a 2x screen: 1800 image pixels over 900 CSS pixels.
        wait_until(
            lambda: zoomed.evaluate("img => img.getBoundingClientRect().width") == 900, timeout=10, message="100 %"
        )
        before = zoomed.evaluate("img => img.style.transform")
        drag(200, y, 80, y - 40)
        assert zoomed.evaluate("img => img.style.transform") != before
        assert position.inner_text() == "2 of 4"  # a drag at 100 % pans; it does not move to another photo
        assert_accessible(page)
        screenshot(page, "culling-loupe-zoomed-phone")
        page.locator(".zoom-layer").tap()  # a tap at 100 % goes back to the whole photo
        zoomed.wait_for(state="hidden")
        page.get_by_role("button", name="Pick P").tap()
        wait_until(
            lambda: page.get_by_role("button", name="Pick P").get_attribute("aria-pressed") == "true",
            timeout=5,
            message="the pick shown",
        )
        wait_until(lambda: saved(photos[1], flag="pick"), timeout=5, message="the pick by touch")
        assert not problems, problems
    finally:
        context.close()


def test_on_a_desktop_a_click_on_the_loupes_photo_zooms_there_to_100_percent_and_a_second_click_fits_it(
    page, live_server, shoot
):
    owner, photos = shoot
    problems = watch_errors(page)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/library/photos/{photos[1].pk}/loupe/")
    shown = page.locator("[data-loupe-stage] img.large")
    wait_until(lambda: shown.evaluate("img => img.complete && img.naturalWidth > 0"), timeout=10, message="the photo")
    fitted = shown.bounding_box()
    assert fitted["width"] < 1800  # the photo made to fit the window, smaller than its 1800 pixels

    # A click on the right of the photo: 100 %, with that side of the photo in the middle of the view.
    page.mouse.click(fitted["x"] + fitted["width"] * 0.85, fitted["y"] + fitted["height"] * 0.5)
    zoomed = page.locator(".zoom-img")
    zoomed.wait_for()
    wait_until(
        lambda: (
            zoomed.evaluate("img => img.complete && img.naturalWidth === 1800")
            and zoomed.bounding_box()["width"] == 1800
        ),
        timeout=10,
        message="the original at 100 %",
    )
    view = page.locator(".zoom-layer").bounding_box()
    box = zoomed.bounding_box()
    middle = (view["x"] + view["width"] / 2 - box["x"]) / box["width"]
    assert middle > 0.55, f"the middle of the view is at {middle:.0%} of the photo's width, not where it was clicked"
    assert page.get_by_role("button", name="100 % Z").get_attribute("aria-pressed") == "true"
    assert "at 100 %" in page.locator("[data-loupe-status]").inner_text()
    assert_accessible(page)

    page.mouse.click(view["x"] + view["width"] / 2, view["y"] + view["height"] / 2)
    zoomed.wait_for(state="hidden")
    assert shown.bounding_box() == fitted
    assert page.get_by_role("button", name="100 % Z").get_attribute("aria-pressed") == "false"
    assert page.locator("[data-loupe-status]").inner_text() == "Showing the whole photo."
    assert page.locator("[data-loupe-position]").inner_text() == "2 of 4"  # a click never moves to another photo
    assert not problems, problems


def whole(photo: dict, stage: dict) -> bool:
    """Whether the photo's box lies inside its stage's (which clips what overflows it)."""
    return (
        photo["x"] >= stage["x"] - 1
        and photo["y"] >= stage["y"] - 1
        and photo["x"] + photo["width"] <= stage["x"] + stage["width"] + 1
        and photo["y"] + photo["height"] <= stage["y"] + stage["height"] + 1
    )


def area(box: dict) -> float:
    return box["width"] * box["height"]


def test_the_loupe_shows_the_whole_photo_in_a_desktop_window(page, live_server, shoot):
    owner, photos = shoot
    log_in(page, live_server)
    page.goto(f"{live_server.url}/library/photos/{photos[1].pk}/loupe/")
    shown = page.locator("[data-loupe-stage] img.large")
    wait_until(lambda: shown.evaluate("img => img.complete && img.naturalWidth > 0"), timeout=10, message="the photo")
    assert whole(shown.bounding_box(), page.locator("[data-loupe-stage]").bounding_box())


def test_a_survey_shows_its_frames_as_large_as_the_window_allows_and_they_grow_as_frames_are_dropped(
    page, live_server, shoot
):
    owner, photos = shoot
    problems = watch_errors(page)
    log_in(page, live_server)
    thumbnail = page.locator(".cell img.thumb").first.bounding_box()
    page.goto(f"{live_server.url}/library/photos/survey/?" + "&".join(f"photo={p.pk}" for p in photos))
    window = page.viewport_size
    images = page.locator("[data-frame] img.large")

    def look(count: int) -> list[dict]:
        """The photos' boxes, once each is shown whole in its frame and the page needs no scrolling."""
        frames = page.locator("[data-frame]")
        assert frames.count() == count
        wait_until(
            lambda: images.evaluate_all("all => all.every(img => img.complete && img.naturalWidth > 0)"),
            timeout=10,
            message="the survey's photos",
        )
        shots = [images.nth(i).bounding_box() for i in range(count)]
        stages = [page.locator("[data-frame-stage]").nth(i).bounding_box() for i in range(count)]
        assert all(whole(shot, stage) for shot, stage in zip(shots, stages, strict=True)), (shots, stages)
        scroll = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        assert scroll == [window["width"], window["height"]]  # no scrollbar: every frame is on the screen
        boxes = [frames.nth(i).bounding_box() for i in range(count)]
        assert max(box["y"] + box["height"] for box in boxes) > window["height"] - 40, "no empty band at the bottom"
        return shots

    four = look(4)
    frames = [page.locator("[data-frame]").nth(i).bounding_box() for i in range(4)]
    assert sum(map(area, frames)) > 0.7 * area(window), "the frames fill most of the window"
    for shot in four:
        assert area(shot) > 6 * area(thumbnail), (shot, thumbnail)
    assert sum(map(area, four)) > 0.5 * area(window), "the photos themselves cover half the window"
    assert_accessible(page)
    screenshot(page, "culling-survey-fitted-desktop")

    page.keyboard.press("Delete")
    # Three photos of this shape are largest two by two with one place empty, as four were: none may shrink.
    three = look(3)
    assert min(map(area, three)) >= 0.99 * min(map(area, four))
    page.keyboard.press("Delete")
    two = look(2)
    assert min(map(area, two)) > 1.4 * max(map(area, four)), (two, four)
    assert not problems, problems
