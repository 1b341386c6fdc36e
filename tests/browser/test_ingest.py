"""Ingest in Chromium with one worker: a photographer uploads 30 frames and sees every thumbnail before any full
size, read from the page alone ("Thumbnails 12 of 30 · full sizes 0 of 30"); a frame cut short inside its pixel data
is accepted on its header and then shown as a failure with its reason; "Done" is said only once the workers are."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories
from tests.conftest import screenshot, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

PASSWORD = "a-long-pass-phrase"
FRAMES = 30
LINE = re.compile(r"Thumbnails? (\d+) of (\d+) · full sizes? (\d+) of (\d+)")


def assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def shoot(tmp_path):
    """29 frames drawn by Pillow and one whose copy stopped inside its pixel data (its header is whole)."""
    paths = []
    for i in range(1, FRAMES):
        path = tmp_path / f"DSCF{i:04d}.JPG"
        path.write_bytes(factories.jpeg_bytes(size=(1600, 1200), colour=(8 * i, 120, 250 - 8 * i)))
        paths.append(path)
    whole = factories.jpeg_bytes(size=(1600, 1200))
    cut = tmp_path / f"DSCF{FRAMES:04d}.JPG"
    cut.write_bytes(whole[: len(whole) * 3 // 4])
    return [*paths, cut]


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
    assert any(thumbnails > 0 and fulls == 0 for thumbnails, _, fulls, _ in progress)  # seen while it happened
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
