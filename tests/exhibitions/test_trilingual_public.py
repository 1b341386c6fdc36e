"""Every text a visitor reads, in Kazakh, Russian and English: each reaches the public pages in its language, a
missing one falls back to the exhibition's default language (else any) and says which language it is in."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from exhibitions.models import Exhibition, ExhibitionItem
from tests.support.gallery import publish_now
from tests.support.trilingual import LANGUAGES, WORDS, trilingual_exhibition

pytestmark = pytest.mark.django_db


def page(client, name: str, args: list, code: str) -> str:
    # The language active both where the address is made and in the request: with or without a prefix in the
    # address, the page is in `code`.
    with translation.override(code):
        url = reverse(name, args=args)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 200, url
    return response.content.decode()


def others(code: str) -> list[str]:
    return [other for other in LANGUAGES if other != code]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_text_reaches_the_exhibition_page_in_its_language(client, code):
    exhibition = trilingual_exhibition()
    html = page(client, "exhibitions:detail", [exhibition.slug], code)
    keys = ["title", "subtitle", "statement", "credits", "venue", "chapter", "chapter_text", "panel"]
    keys += ["photo_title", "caption", "alt", "place", "name", "credit"]
    for key in keys:
        assert WORDS[code][key] in html, key
        for other in others(code):
            assert WORDS[other][key] not in html, (key, other)
    # Nothing in the exhibition is a fallback: no text says it is in another language than the page.
    main = html[html.index("<main") : html.index("</main>")]
    assert not re.search(r'<[a-z0-9]+[^>]* lang="', main)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_viewer_and_the_story_page_speak_the_visitors_language(client, code):
    exhibition = trilingual_exhibition()
    viewer = page(client, "exhibitions:photo", [exhibition.slug, 1], code)
    for key in ("photo_title", "caption", "alt", "place", "name", "credit", "title"):
        assert WORDS[code][key] in viewer, key
        assert all(WORDS[other][key] not in viewer for other in others(code)), key
    person = exhibition.published_snapshot["items"][-1]["subjects"][0]["id"]
    story = page(client, "exhibitions:story", [person], code)
    for key in ("name", "story", "title", "photo_title"):
        assert WORDS[code][key] in story, key
        assert all(WORDS[other][key] not in story for other in others(code)), key


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_home_page_and_the_feed_speak_the_visitors_language(client, code):
    trilingual_exhibition()
    home = page(client, "exhibitions:home", [], code)
    feed = page(client, "exhibitions:feed", [], code)
    for key in ("title", "subtitle"):
        assert WORDS[code][key] in home and WORDS[code][key] in feed, key
        assert all(WORDS[other][key] not in home + feed for other in others(code)), key


def test_a_missing_text_is_read_in_the_default_language_and_says_so(client):
    # Written in Russian (the default) and English only: a Kazakh visitor reads Russian, marked as Russian.
    exhibition = trilingual_exhibition(only=("ru", "en"), default_language="ru")
    html = page(client, "exhibitions:detail", [exhibition.slug], "kk")
    assert re.search(r'<h1 id="exhibition-title" lang="ru">Стойкость</h1>', html)
    assert re.search(r'<div class="statement" lang="ru">', html)
    assert re.search(r'<span class="caption-text" lang="ru">Гульнара тридцать', html)
    assert re.search(r'<img [^>]*alt="Улыбающаяся женщина[^"]*" lang="ru"', html)
    assert WORDS["en"]["statement"] not in html
    # The interface itself stays Kazakh.
    assert '<html lang="kk">' in html


def test_a_credit_line_read_in_another_language_says_so(client):
    # The photographer wrote her credit line in Russian and English: a Kazakh visitor reads the Russian one, inside
    # the page's own Kazakh sentence, marked as Russian on the exhibition page and in the viewer.
    exhibition = trilingual_exhibition(only=("ru", "en"), default_language="ru")
    for name, args in (("exhibitions:detail", [exhibition.slug]), ("exhibitions:photo", [exhibition.slug, 1])):
        html = page(client, name, args, "kk")
        assert re.search(r'<span lang="ru">Айгерим Сейиткали</span>', html), name
    # In the visitor's own language it needs no mark.
    html = page(client, "exhibitions:detail", [exhibition.slug], "ru")
    assert "Айгерим Сейиткали" in html and '<span lang="ru">Айгерим' not in html


def test_with_no_default_language_text_any_written_language_is_read(client):
    # Only English is written, the default is Kazakh: a Russian visitor reads English, marked as English.
    exhibition = trilingual_exhibition(only=("en",), default_language="kk")
    html = page(client, "exhibitions:detail", [exhibition.slug], "ru")
    assert re.search(r'<h1 id="exhibition-title" lang="en">Resilience</h1>', html)
    assert re.search(r'<a href="[^"]+" lang="en">Gulnara</a>', html)


def test_the_snapshot_freezes_every_language_until_the_next_publish(client):
    exhibition = trilingual_exhibition()
    item = exhibition.items.get(kind=ExhibitionItem.Kind.PHOTO)
    ExhibitionItem.objects.filter(pk=item.pk).update(caption_kk="Жаңа сөз")
    assert exhibition.published_snapshot["items"][-1]["caption"] == {code: WORDS[code]["caption"] for code in LANGUAGES}
    assert "Жаңа сөз" not in page(client, "exhibitions:detail", [exhibition.slug], "kk")
    publish_now(Exhibition.objects.get(pk=exhibition.pk))
    html = page(client, "exhibitions:detail", [exhibition.slug], "kk")
    assert "Жаңа сөз" in html and WORDS["ru"]["caption"] not in html


def test_a_snapshot_published_before_texts_had_languages_is_still_served(client):
    # Version 1 held plain strings: each is read as the language it is written in.
    exhibition = trilingual_exhibition()
    snapshot = exhibition.published_snapshot
    old = {
        **{k: v for k, v in snapshot.items() if k != "default_language"},
        "version": 1,
        "title": "Стойкость",
        "subtitle": "",
        "statement": "",
        "credits": "",
        "venue": "",
        "items": [
            {**e, "title": "Продавщица фруктов", "caption": "Apples.", "alt": "", "place": "", "subjects": []}
            for e in snapshot["items"]
            if e["kind"] == "photo"
        ],
        "cover": None,
    }
    Exhibition.objects.filter(pk=exhibition.pk).update(published_snapshot=old)
    from exhibitions.cache import public_pages_changed

    public_pages_changed(exhibition_id=exhibition.pk)
    html = page(client, "exhibitions:detail", [exhibition.slug], "en")
    assert re.search(r'<h1 id="exhibition-title" lang="ru">Стойкость</h1>', html)
    assert re.search(r'<span class="caption-text">Apples.</span>', html)


def test_dates_are_written_as_each_language_writes_them(client):
    # The photo was taken on 14 May 2026 (its EXIF); Kazakh writes the year first and the month in lower case.
    exhibition = trilingual_exhibition()
    expected = {"kk": "2026 жылғы 14 мамыр", "ru": "14 мая 2026", "en": "14 May 2026"}
    for code, words in expected.items():
        assert words in page(client, "exhibitions:detail", [exhibition.slug], code), code


def test_an_exhibition_keeps_one_feed_entry_id_in_every_language(client):
    exhibition = trilingual_exhibition()
    ids = {
        code: re.findall(r"<entry>.*?<id>([^<]+)</id>", page(client, "exhibitions:feed", [], code), re.S)
        for code in LANGUAGES
    }
    assert ids["kk"] == ids["ru"] == ids["en"] and len(ids["en"]) == 1
    # The address without a language, which every reader's language opens.
    assert ids["en"][0].endswith(reverse("unprefixed:detail", args=[exhibition.slug]))
