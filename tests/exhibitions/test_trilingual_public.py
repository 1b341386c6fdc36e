"""Every text a visitor reads, in Kazakh, Russian and English: each reaches the public pages in its language, a
missing one falls back to the exhibition's default language (else any) and says which language it is in."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from curation.models import Profile
from exhibitions import sequencing, services
from exhibitions.models import Exhibition, ExhibitionItem
from tests import factories
from tests.support.gallery import publish_now, subject

pytestmark = pytest.mark.django_db

WORDS = {
    "kk": {
        "title": "Төзімділік",
        "subtitle": "Алматы базарындағы бір таң",
        "statement": "Сауда қатарларындағы адамдар туралы көрме.",
        "credits": "Көрмені құрастырған — Дәния",
        "venue": "Қастеев атындағы музей",
        "chapter": "Таң",
        "chapter_text": "Базар күн шықпай ашылады.",
        "panel": "Әр сөренің өз тарихы бар.",
        "photo_title": "Жеміс сатушы",
        "caption": "Гүлнара отыз жыл бойы алма сатады.",
        "alt": "Алма толы сөренің артында күлімдеп тұрған әйел",
        "place": "Жасыл базар",
        "name": "Гүлнара апай",
        "story": "Ол базарға он жасында келген.",
        "credit": "Айгерім Сейітқали",
    },
    "ru": {
        "title": "Стойкость",
        "subtitle": "Одно утро на алматинском базаре",
        "statement": "Выставка о людях торговых рядов.",
        "credits": "Куратор выставки — Дания",
        "venue": "Музей имени Кастеева",
        "chapter": "Утро",
        "chapter_text": "Базар открывается до рассвета.",
        "panel": "У каждого прилавка своя история.",
        "photo_title": "Продавщица фруктов",
        "caption": "Гульнара тридцать лет продаёт яблоки.",
        "alt": "Улыбающаяся женщина за прилавком, полным яблок",
        "place": "Зелёный базар",
        "name": "Гульнара",
        "story": "Она пришла на базар в десять лет.",
        "credit": "Айгерим Сейиткали",
    },
    "en": {
        "title": "Resilience",
        "subtitle": "One morning at an Almaty bazaar",
        "statement": "An exhibition about the people of the market rows.",
        "credits": "Curated by Daniya",
        "venue": "Kasteyev Museum",
        "chapter": "Morning",
        "chapter_text": "The bazaar opens before dawn.",
        "panel": "Every stall has its own story.",
        "photo_title": "The fruit seller",
        "caption": "Gulnara has sold apples for thirty years.",
        "alt": "A smiling woman behind a stall full of apples",
        "place": "Green Bazaar",
        "name": "Gulnara",
        "story": "She came to the bazaar when she was ten.",
        "credit": "Aigerim Seitkali",
    },
}
LANGUAGES = ("kk", "ru", "en")


def columns(field: str, key: str, only: tuple[str, ...] = LANGUAGES) -> dict[str, str]:
    return {f"{field}_{code}": WORDS[code][key] for code in only}


def trilingual_exhibition(*, only: tuple[str, ...] = LANGUAGES, default_language: str = "ru") -> Exhibition:
    """A published exhibition whose every text is written in `only` (the languages given), in the real pipeline."""
    owner = factories.photographer()
    Profile.objects.create(user=owner, **columns("credit_name", "credit", only))
    person = subject(owner, public_name="", public_story="")
    type(person).objects.filter(pk=person.pk).update(
        **columns("public_name", "name", only), **columns("public_story", "story", only)
    )
    photo = factories.processed_photo(
        owner,
        **columns("title", "photo_title", only),
        **columns("caption", "caption", only),
        **columns("alt_text", "alt", only),
        **columns("place_name", "place", only),
    )
    photo.subjects.add(person)
    exhibition = services.exhibition_create(owner=factories.curator(), title="draft")
    # The services' own words ("draft", "c", "t", "p" above, in English) are cleared first.
    Exhibition.objects.filter(pk=exhibition.pk).update(
        **{"title_en": None, **columns("title", "title", only)},
        default_language=default_language,
        **columns("subtitle", "subtitle", only),
        **columns("statement", "statement", only),
        **columns("credits", "credits", only),
        **columns("venue", "venue", only),
    )
    exhibition.refresh_from_db()
    chapter = sequencing.exhibition_section_add(exhibition=exhibition, title="c", text="t", position=0)
    ExhibitionItem.objects.filter(pk=chapter.pk).update(
        **{
            "title_en": None,
            "text_en": None,
            **columns("title", "chapter", only),
            **columns("text", "chapter_text", only),
        }
    )
    panel = sequencing.exhibition_text_panel_append(exhibition=exhibition, text="p")
    ExhibitionItem.objects.filter(pk=panel.pk).update(**{"text_en": None, **columns("text", "panel", only)})
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
    exhibition.refresh_from_db()
    publish_now(exhibition)
    exhibition.refresh_from_db()
    return exhibition


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
