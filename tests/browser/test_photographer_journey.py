"""A photographer's day in Chromium: upload a shoot with a broken file, watch the worker's thumbnails arrive,
see the exact count follow the page's capped one, rate from the keyboard, cull in the loupe, filter by rating;
photographed at desktop and phone widths."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from curation import library
from curation.models import Photo
from tests import factories
from tests.conftest import screenshot, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

PASSWORD = "a-long-pass-phrase"


def assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def shoot(tmp_path):
    """Five frames drawn by Pillow a minute apart (no burst among them) and one copied off the card half-way."""
    paths = []
    for i in range(1, 6):
        path = tmp_path / f"DSCF{i:04d}.JPG"
        path.write_bytes(
            factories.jpeg_bytes(
                size=(900, 600), colour=(40 * i, 120, 200 - 30 * i), taken_at=f"2026:05:14 07:{10 + i}:30"
            )
        )
        paths.append(path)
    whole = factories.jpeg_bytes(size=(1600, 1200))
    broken = tmp_path / "DSCF0006.JPG"
    broken.write_bytes(whole[: len(whole) // 2])
    return [*paths, broken]


def test_upload_a_shoot_rate_it_from_the_keyboard_and_filter_by_rating(
    page, live_server, celery_worker, shoot, monkeypatch
):
    # The library page counts exactly up to 4 photos here (a thousand in production); the shoot has six.
    monkeypatch.setattr(library, "COUNT_EXACT_UP_TO", 4)
    owner = factories.photographer(username="aigerim", password=PASSWORD)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("aigerim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/library/")
    assert page.get_by_text("Your library is empty").is_visible()

    page.locator(".site-nav").get_by_role("link", name="Upload").click()
    page.wait_for_url("**/library/upload/")
    page.locator("[data-plain-submit]").wait_for(state="hidden")  # the script has taken over the plain form
    # A first try with only a wrong file: it is refused, and no link leads to an empty upload in the library.
    notes = shoot[0].with_name("notes.pdf")
    notes.write_bytes(b"%PDF-1.4 not a photo")
    page.set_input_files("[data-file-input]", [str(notes)])
    page.locator("[data-overall-done]").wait_for(timeout=30_000)
    assert "Not a photo" in page.locator(".up-row", has_text="notes.pdf").inner_text()
    assert page.get_by_role("link", name="See this upload in the library").count() == 0
    page.reload()
    page.locator("[data-plain-submit]").wait_for(state="hidden")
    page.evaluate(
        """() => {
          window.__thumbnailWithStaleStatus = 0;
          new MutationObserver(() => {
            for (const row of document.querySelectorAll(".up-row")) {
              if (row.querySelector(".up-thumb img") && row.textContent.includes("making the thumbnail")) {
                window.__thumbnailWithStaleStatus += 1;
              }
            }
          }).observe(document.body, { subtree: true, childList: true, characterData: true });
        }"""
    )
    page.set_input_files("[data-file-input]", [str(p) for p in shoot])
    done = page.locator("[data-overall-done]")
    done.wait_for(timeout=30_000)
    assert "6 of 6 files" in page.locator("[data-overall-text]").inner_text()

    thumbnails = page.locator(".up-row .up-thumb img")
    wait_until(
        lambda: thumbnails.count() == 5,
        timeout=60,
        message=f"five thumbnails from the worker\n{celery_worker.log()[-2000:]}",
    )
    # A row with its thumbnail says the photo is in (the larger sizes are the workers' business): never both.
    assert page.evaluate("window.__thumbnailWithStaleStatus") == 0
    broken = page.locator(".up-row", has_text="DSCF0006.JPG")
    wait_until(lambda: "cut short" in broken.inner_text(), timeout=60, message="the broken file's reason")
    assert_accessible(page)
    screenshot(page, "journey-upload-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "journey-upload-phone")
    page.set_viewport_size({"width": 1440, "height": 900})

    # The page says "more than 4" and asks for the exact number; while that request fails, the page stays honest.
    def count_request(url: str) -> bool:
        return "count=1" in url

    page.route(count_request, lambda route: route.abort())
    with page.expect_event("requestfailed", lambda request: count_request(request.url)):
        page.get_by_role("link", name="See this upload in the library").click()
    count = page.locator("[data-total-label]")
    assert count.inner_text() == "More than 4 photos"
    assert page.locator("[data-select-all]").inner_text() == "Select all in this filter"
    page.unroute(count_request)
    with page.expect_response(lambda response: count_request(response.url)):
        page.reload()
    wait_until(lambda: count.inner_text() == "6 photos", timeout=5, message="the exact count to replace 'more than 4'")
    page.get_by_role("button", name="Select all 6 in this filter").click()
    assert page.locator("[data-selection-count]").inner_text() == "All 6 photos in this filter selected"
    page.get_by_role("button", name="Clear selection").click()
    cells = page.locator(".cell")
    assert cells.count() == 6
    first, second = cells.nth(0), cells.nth(1)
    first.locator(".cell-link").focus()
    page.keyboard.press("4")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("5")
    page.keyboard.press("p")
    wait_until(lambda: second.get_attribute("data-flag") == "pick", timeout=5, message="the pick to show")
    assert first.get_attribute("data-rating") == "4" and second.get_attribute("data-rating") == "5"
    assert first.locator(".star-on").inner_text() == "★★★★"
    rated = {int(first.get_attribute("data-photo")): 4, int(second.get_attribute("data-photo")): 5}
    wait_until(
        lambda: dict(Photo.objects.filter(owner=owner, rating__gt=0).values_list("pk", "rating")) == rated,
        timeout=5,
        message="the ratings to be saved",
    )
    cells.nth(1).locator(".cell-select").click()
    cells.nth(4).locator(".cell-select").click(modifiers=["Shift"])
    assert page.locator("[data-selection-count]").inner_text() == "4 photos selected"
    page.get_by_role("button", name="Clear selection").click()
    first.locator(".cell-link").focus()
    page.keyboard.press("?")
    assert page.get_by_role("dialog").is_visible()
    screenshot(page, "journey-library-help")
    page.keyboard.press("Escape")

    if page.locator("[data-filters]").get_attribute("open") is None:  # open already when a filter is on
        page.get_by_text("Filter and sort").click()
    page.get_by_label("Rating").select_option("4")
    page.get_by_role("button", name="Apply").first.click()
    page.wait_for_url("**rating=4**")
    shown = {int(pk) for pk in page.locator(".cell").evaluate_all("cells => cells.map(c => c.dataset.photo)")}
    assert shown == set(rated)
    assert "2 photos" in page.locator(".lib-count").inner_text()
    assert_accessible(page)
    screenshot(page, "journey-library-filtered-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "journey-library-filtered-phone")
    page.set_viewport_size({"width": 1440, "height": 900})

    page.locator(".cell-link").first.click()
    page.wait_for_selector("[data-loupe]")
    page.keyboard.press("x")
    wait_until(
        lambda: Photo.objects.filter(owner=owner, flag=Photo.Flag.REJECT).count() == 1,
        timeout=5,
        message="the reject to be saved from the loupe",
    )
    assert page.get_by_role("button", name="Reject X").get_attribute("aria-pressed") == "true"
    assert_accessible(page)
    screenshot(page, "journey-loupe-desktop")
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/loupe/?*rating=4*")
    page.keyboard.press("Escape")
    page.wait_for_url("**/library/?*rating=4*#photo-*")
    assert not problems, problems


def test_a_file_that_failed_on_the_way_is_retried_alone(page, live_server, shoot):
    factories.photographer(username="daniyar", password=PASSWORD)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("daniyar")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/library/")
    dropped = []

    def flaky_network(route) -> None:
        if b'filename="DSCF0002.JPG"' in (route.request.post_data_buffer or b"") and not dropped:
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/library/upload/files/", flaky_network)
    page.goto(f"{live_server.url}/library/upload/")
    page.locator("[data-plain-submit]").wait_for(state="hidden")
    page.set_input_files("[data-file-input]", [str(p) for p in shoot[:3]])
    page.locator("[data-overall-done]").wait_for()
    row = page.locator(".up-row", has_text="DSCF0002.JPG")
    assert "interrupted" in row.inner_text() and row.get_attribute("data-state") == "failed"
    assert page.locator(".up-row[data-state=imported]").count() == 2
    row.get_by_role("button", name="Retry").click()
    wait_until(lambda: row.get_attribute("data-state") == "imported", timeout=10, message="the retried file")
    assert Photo.objects.filter(original_filename="DSCF0002.JPG").count() == 1
    assert "3 imported" in page.locator("[data-overall-done]").inner_text()
