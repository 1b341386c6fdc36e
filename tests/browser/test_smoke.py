"""The first browser journey: log in through the real page, and see the demo exhibition's photos load."""

from __future__ import annotations

import pytest

from exhibitions import demo
from tests.conftest import screenshot, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]


def test_log_in_and_see_the_demo_exhibition(page, live_server, celery_worker):
    exhibition, _ = demo.demo_load()
    from curation.models import Photo

    wait_until(
        lambda: not Photo.objects.exclude(status=Photo.Status.READY).exists(),
        timeout=90,
        message="the worker to make the demo renditions",
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(demo.PHOTOGRAPHER)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/library/")
    assert page.get_by_role("heading", name="Library").is_visible()
    screenshot(page, "library-desktop")

    page.goto(f"{live_server.url}/e/{exhibition.slug}/")
    first = page.locator(".plate img").first
    first.wait_for()
    wait_until(lambda: first.evaluate("img => img.complete && img.naturalWidth > 0"), timeout=10, message="photo")
    assert page.locator(".plate img").count() == len(demo.PLATES)
    assert page.get_by_role("heading", name="Resilience and community").is_visible()
    screenshot(page, "exhibition-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "exhibition-phone")
