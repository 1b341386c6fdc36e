"""The photographer writes a photo's words and a person's public name and story in Kazakh, Russian and English, in
Chromium: the three languages stand side by side on a desktop and one under another on a phone, each field in its
own language; axe finds nothing on the photo, subject and credit pages whichever language the interface speaks."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from curation import credits, subjects
from curation.models import Photo, Subject
from tests import factories
from tests.conftest import screenshot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "apricots-at-dawn"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The language each label names, as the site's language switch names it.
ENDONYMS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
TITLE = {"kk": "Таңғы дүңгіршек", "ru": "Утро у прилавка", "en": "Morning at the stall"}
CAPTION = {
    "kk": "Гүлнар отыз жыл бойы бір дүңгіршекте өрік сатады.",
    "ru": "Гульнара тридцать лет продаёт абрикосы за одним прилавком.",
    "en": "Gulnara has sold apricots at the same stall for thirty years.",
}
ALT = {
    "kk": "Ағаш сөреге өрік қойып жатқан әйел.",
    "ru": "Женщина раскладывает абрикосы на деревянном прилавке.",
    "en": "A woman arranges apricots on a wooden stall.",
}
PLACE = {"kk": "Көк базар, Алматы", "ru": "Зелёный базар, Алматы", "en": "Green Bazaar, Almaty"}


def signed_in(browser, live_server, username: str, language: str):
    """A new page of a browser that asks for `language`, signed in."""
    context = browser.new_context(viewport=DESKTOP, locale=language)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    return page


def check(page, name: str) -> None:
    """axe at a desktop's width and a phone's, and a screenshot at each (not kept in the repository)."""
    for size, label in ((DESKTOP, "1280"), (PHONE, "390")):
        page.set_viewport_size(size)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{name} at {label}: {results.generate_report()}"
        screenshot(page, f"library-texts-{name}-{label}")
    page.set_viewport_size(DESKTOP)


def boxes(page, group: str) -> list[dict]:
    fields = page.locator(f'[data-texts="{group}"] .text-lang')
    return [fields.nth(i).bounding_box() for i in range(fields.count())]


def test_a_photos_words_in_three_languages_side_by_side_on_a_desktop_one_under_another_on_a_phone(browser, live_server):
    photographer = factories.photographer(username="aigerim", password=PASSWORD)
    photo = factories.processed_photo(photographer, data=factories.jpeg_bytes((900, 600)), title_en=TITLE["en"])
    page = signed_in(browser, live_server, "aigerim", "en")
    page.goto(live_server.url + reverse("curation:photo", args=[photo.pk]))
    title = page.get_by_role("group", name="Title")
    for code, endonym in ENDONYMS.items():
        field = title.get_by_label(endonym)
        expect(field).to_have_attribute("lang", code)
    expect(title.get_by_label("English")).to_have_value(TITLE["en"])
    expect(title.locator(".text-missing")).to_have_count(2)  # Kazakh and Russian not written yet
    expect(page.locator(".hint-missing")).to_contain_text("needs alt text")

    for group, texts in (("Title", TITLE), ("Caption", CAPTION), ("Alt text", ALT), ("Place", PLACE)):
        for code, text in texts.items():
            page.get_by_role("group", name=group).get_by_label(ENDONYMS[code]).fill(text)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved.")
    photo.refresh_from_db()
    assert (photo.caption_kk, photo.alt_text_ru, photo.place_name_en) == (CAPTION["kk"], ALT["ru"], PLACE["en"])
    expect(page.locator(".text-missing")).to_have_count(0)

    # A desktop: one row of three; a phone: one column, in the same order.
    side_by_side = boxes(page, "caption")
    assert len({round(box["y"]) for box in side_by_side}) == 1
    assert side_by_side[0]["x"] < side_by_side[1]["x"] < side_by_side[2]["x"]
    page.set_viewport_size(PHONE)
    stacked = boxes(page, "caption")
    assert stacked[0]["y"] < stacked[1]["y"] < stacked[2]["y"]
    assert len({round(box["x"]) for box in stacked}) == 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)
    check(page, "photo-en")

    for language in ("kk", "ru"):
        other = signed_in(browser, live_server, "aigerim", language)
        other.goto(live_server.url + reverse("curation:photo", args=[photo.pk]))
        assert other.evaluate("() => document.documentElement.lang") == language
        expect(other.locator("h1")).to_have_text(TITLE[language])
        expect(other.locator('textarea[name="caption_kk"]')).to_have_value(CAPTION["kk"])
        check(other, f"photo-{language}")
        other.context.close()
    page.context.close()


def test_a_persons_public_name_and_story_in_three_languages_on_the_subject_pages(browser, live_server):
    photographer = factories.photographer(username="aigerim", password=PASSWORD)
    photo = factories.processed_photo(
        photographer, data=factories.jpeg_bytes((600, 400)), title_en=TITLE["en"], alt_text_en=ALT["en"]
    )
    page = signed_in(browser, live_server, "aigerim", "en")
    page.goto(live_server.url + reverse("curation:subject-new") + f"?photo={photo.pk}")
    page.get_by_label("Name or description").fill("Fruit seller, Green Bazaar")
    published = page.get_by_role("group", name="As published")
    names = {"kk": "Гүлнар", "ru": "Гульнара", "en": "Gulnara"}
    for code, name in names.items():
        published.get_by_role("group", name="Name as it may be shown").get_by_label(ENDONYMS[code]).fill(name)
    story = published.get_by_role("group", name="Public story")
    story.get_by_label("Русский").fill("Тридцать лет за *одним* прилавком.")
    story.get_by_label("English").fill("Thirty years at the *same* stall.")
    expect(story.get_by_label("Қазақша")).to_have_attribute("lang", "kk")
    check(page, "subject-form-en")
    page.get_by_role("button", name="Add the subject").click()
    expect(page.get_by_role("heading", name="Fruit seller, Green Bazaar")).to_be_visible()
    person = Subject.objects.get()
    assert (person.public_name_kk, person.public_name_ru) == ("Гүлнар", "Гульнара") and not person.public_story_kk
    expect(page.locator('.subj-facts span[lang="kk"]', has_text="Гүлнар")).to_be_visible()
    expect(page.locator('.subj-public-story[lang="ru"] em')).to_have_text("одним")
    check(page, "subject-en")

    subjects.consent_record(subject=person, actor=photographer, status="verbal", scope_web=True)
    credits.credit_name_set(user=photographer, credit_name={"kk": "Айгерім Сейітқали", "en": "Aigerim Seitkali"})
    for language in ("kk", "ru"):
        other = signed_in(browser, live_server, "aigerim", language)
        other.goto(live_server.url + reverse("curation:subject", args=[person.pk]))
        assert other.evaluate("() => document.documentElement.lang") == language
        check(other, f"subject-{language}")
        other.goto(live_server.url + reverse("curation:subject-edit", args=[person.pk]))
        expect(other.locator('input[name="public_name_kk"]')).to_have_value("Гүлнар")
        check(other, f"subject-form-{language}")
        other.goto(live_server.url + reverse("curation:credit"))
        expect(other.locator('.credit-lines span[lang="kk"]', has_text="Фото: Айгерім Сейітқали")).to_be_visible()
        check(other, f"credit-{language}")
        other.context.close()
    assert Photo.objects.get().subjects.get() == person
    page.context.close()
