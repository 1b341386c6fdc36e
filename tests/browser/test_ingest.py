"""Ingest in Chromium with one worker: a photographer uploads 30 frames and sees every thumbnail before any full
size, read from the page alone ("Thumbnails 12 of 30 · full sizes 0 of 30"); a frame cut short inside its pixel data
is accepted on its header and then shown as a failure with its reason; "Done" is said only once the workers are.
On a phone by touch too, with axe at 0 violations while sending, while the workers work and when done."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests import factories
from tests.conftest import screenshot, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

PASSWORD = "a-long-pass-phrase"
FRAMES = 30
LINE = re.compile(r"Thumbnails? (\d+) of (\d+) · full sizes? (\d+) of (\d+)")


def assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def card(folder, count: int, *, prefix: str, size: tuple[int, int]) -> list:
    """`count` frames drawn by Pillow, the last one a copy that stopped inside its pixel data (its header is whole)."""
    paths = []
    step = 240 // count
    for i in range(1, count):
        path = folder / f"{prefix}{i:04d}.JPG"
        path.write_bytes(factories.jpeg_bytes(size=size, colour=(step * i, 120, 250 - step * i)))
        paths.append(path)
    whole = factories.jpeg_bytes(size=size)
    cut = folder / f"{prefix}{count:04d}.JPG"
    cut.write_bytes(whole[: len(whole) * 3 // 4])
    return [*paths, cut]


@pytest.fixture
def shoot(tmp_path):
    """29 frames and one cut short."""
    return card(tmp_path, FRAMES, prefix="DSCF", size=(1600, 1200))


def test_every_thumbnail_of_an_upload_shows_before_any_full_size_and_a_cut_frame_fails_with_its_reason(
    page, live_server, celery_worker, shoot
):
    factories.photographer(username="aigerim", password=PASSWORD)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("aigerim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/library/")
    page.goto(f"{live_server.url}/library/upload/")
    page.locator("[data-plain-submit]").wait_for(state="hidden")
    # Everything the page says about the workers, in order, as the photographer would have read it.
    page.evaluate(
        """() => {
          window.__said = [];
          const line = document.querySelector("[data-processing-text]");
          const done = document.querySelector("[data-overall-done]");
          const note = () => {
            const said = [line.textContent, done.hidden ? "" : done.textContent];
            const last = window.__said[window.__said.length - 1];
            if (!last || last[0] !== said[0] || last[1] !== said[1]) {
              window.__said.push([...said, Math.round(performance.now())]);
            }
          };
          new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
        }"""
    )
    page.set_input_files("[data-file-input]", [str(path) for path in shoot])

    done = page.locator("[data-overall-done]")
    wait_until(
        lambda: done.is_visible() and done.inner_text().startswith("Done:"),
        timeout=120,
        message=f"the workers to finish\n{celery_worker.log()[-3000:]}",
    )
    said = page.evaluate("window.__said")
    progress = [tuple(map(int, match.groups())) for text, _, _ in said if (match := LINE.search(text))]
    assert progress, said
    # Never a full size while a thumbnail of the upload is still missing.
    for thumbnails, total, fulls, _ in progress:
        assert fulls == 0 or thumbnails == total, (thumbnails, total, fulls, said)
    # Seen while it happened: every thumbnail in while the full sizes were still being made. (How many full sizes
    # the first look finds depends on the page's once-a-second poll, not on the order, which the loop above holds.)
    assert any(thumbnails == total and fulls < total for thumbnails, total, fulls, _ in progress), said
    assert progress[-1] == (FRAMES - 1, FRAMES - 1, FRAMES - 1, FRAMES - 1)
    # The files were all sent long before the workers were done, and the page never said "Done" meanwhile.
    finished = [index for index, (_, summary, _) in enumerate(said) if summary.startswith("Done:")]
    sent = [index for index, (_, summary, _) in enumerate(said) if summary.startswith("Sent:")]
    assert sent and finished and max(sent) < min(finished)
    for text, summary, _ in said[: min(finished)]:
        assert not summary.startswith("Done:"), (text, summary)

    cut = page.locator(".up-row", has_text=f"DSCF{FRAMES:04d}.JPG")
    assert "cut short" in cut.inner_text() and cut.get_attribute("data-state") == "processing-failed"
    assert cut.get_by_role("button", name="Process again").is_visible()
    assert page.locator(".up-row .up-thumb img").count() == FRAMES - 1
    summary = done.inner_text()
    assert f"Done: {FRAMES} imported" in summary and "1 photo could not be processed" in summary
    assert_accessible(page)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "ingest-upload-done-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "ingest-upload-done-phone")
    assert not errors, errors


PHONE = {"width": 390, "height": 844}
PHONE_FRAMES = 4


@pytest.fixture
def pocket_shoot(tmp_path):
    """Three frames and one cut short: few, so a phone's run is quick."""
    return card(tmp_path, PHONE_FRAMES, prefix="IMG_", size=(800, 600))


class Held:
    """Requests kept on the wire until released, as a slow network would: the page's state stays on the screen
    while the test reads it and axe checks it. The answers, when they come, are the server's own."""

    def __init__(self, page, fragment: str) -> None:
        self.routes: list = []
        self.holding = True
        page.route(lambda url: fragment in url, self.arrive)

    def arrive(self, route) -> None:
        if self.holding:
            self.routes.append(route)
        else:
            route.continue_()

    def release(self) -> None:
        self.holding = False
        while self.routes:
            self.routes.pop(0).continue_()


def test_on_a_phone_each_file_is_answered_and_done_waits_for_the_workers_and_the_cut_frame_fails_later(
    browser, live_server, celery_worker, pocket_shoot
):
    factories.photographer(username="aigerim", password=PASSWORD)
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{live_server.url}/accounts/login/?next=/library/upload/")
        page.get_by_label("Username").fill("aigerim")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").tap()
        page.wait_for_url(f"{live_server.url}/library/upload/", wait_until="load")
        page.locator("[data-plain-submit]").wait_for(state="hidden")
        choose = page.get_by_text("Choose photos", exact=True)
        expect(choose).to_be_in_viewport()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

        files = Held(page, "/library/upload/files/")
        status = Held(page, "/library/photos/status/")
        # A tap on the button opens the phone's picker, which hands over the chosen files.
        with page.expect_file_chooser() as chooser:
            choose.tap()
        chooser.value.set_files([str(path) for path in pocket_shoot])

        # Sending: every file has its row at once; as many as go together are on their way, the rest wait.
        rows = page.locator("[data-list] .up-row")
        expect(rows).to_have_count(PHONE_FRAMES)
        expect(rows.locator(".up-name")).to_have_text([path.name for path in pocket_shoot])
        together = min(int(page.locator("[data-upload]").get_attribute("data-concurrency")), PHONE_FRAMES)
        on_the_way = page.locator('[data-list] .up-row:is([data-state="sending"], [data-state="checking"])')
        expect(on_the_way).to_have_count(together)
        for answer in on_the_way.locator(".up-status").all_inner_texts():
            assert answer in ("Sending…", "Checking…"), answer
        waiting = page.locator('[data-list] .up-row[data-state="queued"]')
        expect(waiting.locator(".up-status")).to_have_text(["Waiting"] * (PHONE_FRAMES - together))
        expect(page.locator("[data-overall-text]")).to_contain_text(f"0 of {PHONE_FRAMES} files")
        expect(page.locator("[data-overall-done]")).to_be_hidden()
        assert_accessible(page)
        screenshot(page, "ingest-phone-sending")

        # Processing: each file answered, the cut frame too (its header is whole); the workers' line, no "Done".
        files.release()
        done = page.locator("[data-overall-done]")
        expect(done).to_contain_text(f"Sent: {PHONE_FRAMES} imported, 0 already in your library, 0 refused")
        expect(page.locator('[data-list] .up-row[data-state="imported"]')).to_have_count(PHONE_FRAMES)
        cut = rows.filter(has_text=pocket_shoot[-1].name)
        expect(cut.locator(".up-status")).to_have_text("Imported — making the thumbnail…")
        line = page.locator("[data-processing-text]")
        expect(line).to_be_visible()
        progress = LINE.search(line.inner_text())
        assert progress and progress.group(2) == progress.group(4) == str(PHONE_FRAMES), line.inner_text()
        assert progress.group(3) == "0"  # no full size before the photographer's thumbnails
        assert "Done" not in done.inner_text()
        assert_accessible(page)
        screenshot(page, "ingest-phone-processing")

        # Finished: the workers' answers arrive; the cut frame fails with its reason, and only then "Done".
        status.release()
        wait_until(
            lambda: done.inner_text().startswith("Done:"),
            timeout=60,
            message=f"the workers to finish\n{celery_worker.log()[-3000:]}",
        )
        whole = PHONE_FRAMES - 1
        expect(line).to_have_text(f"Thumbnails {whole} of {whole} · full sizes {whole} of {whole}")
        expect(cut).to_have_attribute("data-state", "processing-failed")
        expect(cut.locator(".up-status")).to_contain_text("cut short")
        expect(cut.get_by_role("button", name="Process again")).to_be_visible()
        ready = page.locator('[data-list] .up-row[data-state="imported"]')
        expect(ready.locator(".up-status")).to_have_text(["Imported"] * whole)
        expect(ready.locator(".up-thumb img")).to_have_count(whole)
        expect(done).to_contain_text(f"Done: {PHONE_FRAMES} imported")
        expect(done).to_contain_text("1 photo could not be processed")
        expect(page.get_by_role("link", name="See this upload in the library")).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, "ingest-phone-done")
        assert not errors, errors
    finally:
        context.close()
