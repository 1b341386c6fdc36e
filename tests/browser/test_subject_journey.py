"""A photographer notes who is in a photo, writes her story and records her signed release; the curator, blocked
until then, sees the exhibition become publishable and publishes it. In Chromium, with axe and screenshots."""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from curation.models import Subject
from exhibitions import sequencing, services
from exhibitions.models import Exhibition
from tests import factories
from tests.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "apricots-at-dawn"


def release_scan() -> bytes:
    """A phone photo of a signed form, drawn by Pillow."""
    image = Image.new("RGB", (600, 840), (246, 243, 236))
    draw = ImageDraw.Draw(image)
    for y in range(80, 700, 40):
        draw.line((60, y, 540, y), fill=(120, 120, 120), width=2)
    draw.line((320, 760, 520, 740), fill=(20, 20, 90), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def log_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def check(page, name: str) -> None:
    """No accessibility violation, and a look at desktop and phone widths."""
    results = Axe().run(page)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"
    screenshot(page, f"subjects-{name}-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"subjects-{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_a_subject_from_a_photo_with_a_signed_release_makes_the_exhibition_publishable(page, browser, live_server):
    photographer = factories.photographer(username="madina", password=PASSWORD)
    curator_user = factories.curator(username="daniyar", password=PASSWORD)
    photo = factories.processed_photo(
        photographer,
        data=factories.jpeg_bytes((480, 320)),
        title="Morning at the stall",
        alt_text="A woman arranges apricots on a wooden stall.",
    )
    exhibition = services.exhibition_create(owner=curator_user, title="Green Bazaar")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
    base = live_server.url

    # The photographer notes who is in the photo, from the photo's page.
    log_in(page, base, "madina", f"/library/photos/{photo.pk}/")
    expect(page.get_by_role("heading", name="Morning at the stall")).to_be_visible()
    page.get_by_role("link", name="New subject from this photo").click()
    expect(page.get_by_text("Who or what is in “Morning at the stall”?")).to_be_visible()
    expect(page.get_by_role("radio", name="Person")).to_be_checked()
    page.get_by_label("Name or description").fill("Fruit seller, Green Bazaar")
    page.get_by_role("textbox", name="Place").fill("Green Bazaar, Almaty")
    page.get_by_label("Story", exact=True).fill(
        "She has sold apricots at the same stall for *thirty years*.\n\nHer son drives them down from Issyk."
    )
    page.get_by_role("group", name="Name as it may be shown").get_by_label("English").fill("Gulnara")
    page.get_by_label("Private notes").fill("Ask for her at stall 12 before nine.")
    page.get_by_role("button", name="Add the subject").click()
    expect(page.get_by_role("heading", name="Fruit seller, Green Bazaar")).to_be_visible()
    expect(page.locator(".subj-story em")).to_have_text("thirty years")
    expect(page.locator(".subj-story p")).to_have_count(2)
    expect(page.locator(".messages")).to_contain_text("Next: record whether they agreed to be shown.")
    expect(page.locator(".consent-badge")).to_have_text("Not asked yet")
    subject = Subject.objects.get()
    assert list(subject.photos.all()) == [photo]
    check(page, "subject-not-asked")

    # The curator is now stopped, and sees exactly who (by the name she may be shown by) and which photo.
    curator_context = browser.new_context(viewport={"width": 1440, "height": 900})
    curator = curator_context.new_page()
    curator.set_default_timeout(15_000)
    log_in(curator, base, "daniyar", f"/studio/{exhibition.pk}/publish/")
    blockers = curator.locator(".studio-blockers")
    expect(blockers).to_contain_text(
        "“Morning at the stall” shows Gulnara, whose consent does not cover the web: not asked yet."
    )
    expect(blockers).not_to_contain_text("Fruit seller")
    expect(curator.get_by_role("button", name="Publish now")).to_be_disabled()
    expect(curator.locator("#consent")).to_contain_text("1 person shown has not agreed to the web.")
    check(curator, "publish-blocked")
    curator.get_by_role("link", name="Consent report").first.click()
    expect(curator.locator(".report-table")).to_contain_text("Not asked yet")
    check(curator, "report-blocked")

    # The photographer records her signed release, with a photo of the form.
    page.get_by_role("link", name="Record consent").click()
    page.get_by_role("radio", name="Signed release").check()
    page.get_by_role("checkbox", name="Web").check()
    page.get_by_role("checkbox", name="Exhibition").check()
    page.get_by_label("Date", exact=True).fill("2026-05-14")
    page.get_by_label("Release document").set_input_files(
        files=[{"name": "gulnara-release.jpg", "mimeType": "image/jpeg", "buffer": release_scan()}]
    )
    page.get_by_label("Note for the history").fill("Signed at the stall; a copy left with her son.")
    check(page, "consent-form")
    page.get_by_role("button", name="Save consent").click()
    expect(page.locator(".messages")).to_contain_text("Consent saved for Fruit seller, Green Bazaar.")
    expect(page.locator(".subj-header .consent-badge")).to_have_text("Signed release · web")
    expect(page.get_by_role("link", name="gulnara-release.jpg")).to_be_visible()
    expect(page.locator("#history").locator("..")).to_contain_text("Answer: — → Signed release")
    check(page, "subject-signed")

    # The curator reloads: nothing blocks, publishing works, and the public page tells her story by her public name.
    curator.goto(f"{base}/studio/{exhibition.pk}/publish/")
    expect(curator.locator(".studio-blockers")).to_have_count(0)
    expect(curator.locator("#consent")).to_contain_text("Everyone shown has agreed to the web.")
    curator.get_by_role("button", name="Publish now").click()
    expect(curator.locator(".messages")).to_contain_text("Published.")
    assert Exhibition.objects.get(pk=exhibition.pk).is_published
    curator.get_by_role("link", name="Consent report").first.click()
    # The release is on file; the form itself (and its name) is the photographer's.
    expect(curator.locator(".report-table")).to_contain_text("on file")
    expect(curator.locator(".report-table")).not_to_contain_text("gulnara-release.jpg")
    check(curator, "report")

    curator.goto(f"{base}/e/{exhibition.slug}/")
    curator.get_by_role("link", name="Gulnara").first.click()
    expect(curator.get_by_role("heading", name="Gulnara")).to_be_visible()
    public_text = curator.locator("main").inner_text()
    assert "stall 12" not in public_text and "Fruit seller" not in public_text
    curator_context.close()

    page.goto(f"{base}/library/subjects/")
    expect(page.locator(".subj-table")).to_contain_text("Fruit seller, Green Bazaar")
    check(page, "list")
    assert problems == []
