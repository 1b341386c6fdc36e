"""The curator writes an exhibition in Kazakh, Russian and English: the details, chapter, panel and item forms take
each text in every language, the translation view shows every text of the show side by side with what is missing
and how much, and the publish page warns about missing translations (or waits for them, when the exhibition asks)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from curation.models import Photo
from exhibitions import publishing, sequencing, services
from exhibitions.models import Exhibition, ExhibitionItem
from exhibitions.snapshot import exhibition_snapshot_build
from tests import factories
from tests.support.gallery import publish_now
from tests.support.studio import order_ids, sequence, studio
from tests.support.trilingual import LANGUAGES, WORDS

pytestmark = pytest.mark.django_db


def fresh(exhibition: Exhibition) -> Exhibition:
    return Exhibition.objects.get(pk=exhibition.pk)


def words(field: str, key: str, only: tuple[str, ...] = LANGUAGES) -> dict[str, str]:
    """The form fields of one text in each language: {"title_kk": ..., "title_ru": ..., "title_en": ...}."""
    return {f"{field}_{code}": WORDS[code][key] for code in only}


def language_map(key: str) -> dict[str, str]:
    return {code: WORDS[code][key] for code in LANGUAGES}


def details(exhibition: Exhibition, **changes) -> dict[str, str]:
    """The details form as the page sends it (every text in English only), with some fields changed."""
    data = {
        "title_en": "Bazaar",
        "slug": exhibition.slug,
        "default_language": exhibition.default_language,
        "starts_on": "",
        "ends_on": "",
    }
    for name in ("subtitle", "statement", "credits", "venue"):
        data[f"{name}_en"] = ""
    for name in ("title", "subtitle", "statement", "credits", "venue"):
        for code in ("kk", "ru"):
            data[f"{name}_{code}"] = ""
    return {**data, **changes}


def public_page(client, exhibition: Exhibition, code: str) -> str:
    with translation.override(code):
        url = reverse("exhibitions:detail", args=[fresh(exhibition).slug])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 200
    return response.content.decode()


def counts(html: str) -> dict[str, tuple[int, int]]:
    """The translation view's "Kazakh 34 of 40", per language: (written, total)."""
    found = {}
    for code, block in re.findall(r'data-count="(\w+)">(.*?)</li>', html, re.S):
        written, total = re.search(r'tr-count-figure">(\d+) of (\d+)<', block).groups()
        found[code] = (int(written), int(total))
    return found


def field_value(html: str, name: str) -> str:
    """What a text field of the page holds (an input's value or a textarea's text)."""
    match = re.search(rf'<input type="text"[^>]*name="{re.escape(name)}" value="([^"]*)"', html) or re.search(
        rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>\n?(.*?)</textarea>', html, re.S
    )
    assert match, name
    return match.group(1)


def row_keys(html: str) -> set[str]:
    return set(re.findall(r'data-row="([^"]+)"', html))


# --- Writing through the forms ------------------------------------------------------------------------------------


class TestTheFormsTakeEveryLanguage:
    def test_each_text_written_in_three_languages_reaches_the_snapshot_and_the_public_page_in_each(self, client):
        exhibition = sequence(2)
        client.force_login(exhibition.owner)
        first, _second = order_ids(exhibition)
        data = details(
            exhibition,
            **words("title", "title"),
            **words("subtitle", "subtitle"),
            **words("statement", "statement"),
            **words("credits", "credits"),
            **words("venue", "venue"),
            default_language="kk",
            slug="resilience",
        )
        assert client.post(studio("details", exhibition), data).status_code == 302
        item = client.post(
            studio("item", exhibition, first),
            {**words("title", "photo_title"), **words("caption", "caption"), **words("alt_text", "alt")},
        )
        assert item.status_code == 302
        chapter = {**words("title", "chapter"), **words("text", "chapter_text"), "position": "0"}
        assert client.post(studio("section-new", exhibition) + "?before=0", chapter).status_code == 302
        assert (
            client.post(studio("panel-new", exhibition), {**words("text", "panel"), "position": ""}).status_code == 302
        )

        snapshot = exhibition_snapshot_build(fresh(exhibition))
        assert snapshot["default_language"] == "kk"
        for key in ("title", "subtitle", "statement", "credits", "venue"):
            assert snapshot[key] == language_map(key), key
        section, photo, _other, panel = snapshot["items"]
        assert (section["title"], section["text"]) == (language_map("chapter"), language_map("chapter_text"))
        assert panel["text"] == language_map("panel")
        assert photo["title"] == language_map("photo_title")
        assert photo["caption"] == language_map("caption")
        assert photo["alt"] == language_map("alt")

        publish_now(fresh(exhibition))
        keys = ["title", "subtitle", "statement", "credits", "venue", "chapter", "chapter_text", "panel"]
        keys += ["photo_title", "caption", "alt"]
        for code in LANGUAGES:
            html = public_page(client, exhibition, code)
            for key in keys:
                assert WORDS[code][key] in html, (code, key)
                for other in LANGUAGES:
                    if other != code:
                        assert WORDS[other][key] not in html, (code, key, other)

    def test_each_field_says_its_language_to_spelling_and_screen_readers(self, client):
        exhibition = sequence(1)
        client.force_login(exhibition.owner)
        html = client.get(studio("details", exhibition)).content.decode()
        for code in LANGUAGES:
            assert re.search(rf'<input[^>]*name="title_{code}"[^>]*lang="{code}"', html)
            assert re.search(rf'<textarea[^>]*name="statement_{code}"[^>]*lang="{code}"', html)
        # Kazakh, Russian, English: the studio's columns, in the order Almaty's labels hang in.
        assert html.index('name="title_kk"') < html.index('name="title_ru"') < html.index('name="title_en"')
        assert 'name="default_language"' in html and 'name="translations_required"' in html

    def test_a_title_empty_in_every_language_is_refused_by_name_and_loses_nothing_typed(self, client):
        exhibition = sequence(1, title="Bazaar")
        client.force_login(exhibition.owner)
        data = details(exhibition, title_en="", statement_kk="Базар таңертең ашылады.", venue_ru="Музей Кастеева")
        response = client.post(studio("details", exhibition), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Give the exhibition a title in at least one language." in html
        assert "Not saved" in html
        assert field_value(html, "statement_kk") == "Базар таңертең ашылады."
        assert field_value(html, "venue_ru") == "Музей Кастеева"
        stored = fresh(exhibition)
        assert (stored.title_en, stored.statement_kk, stored.venue_ru) == ("Bazaar", None, None)

    @pytest.mark.parametrize("posted", ["de", None])
    def test_a_default_language_the_site_no_longer_lists_does_not_break_the_refusal(self, client, posted):
        # Written when the site listed German, say: the title's refusal goes under a field that exists.
        exhibition = sequence(1, title="Bazaar")
        Exhibition.objects.filter(pk=exhibition.pk).update(default_language="de")
        client.force_login(exhibition.owner)
        data = details(fresh(exhibition), title_en="", statement_kk="Базар таңертең ашылады.")
        if posted is None:
            del data["default_language"]
        response = client.post(studio("details", exhibition), data)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Give the exhibition a title in at least one language." in html
        assert field_value(html, "statement_kk") == "Базар таңертең ашылады."
        assert fresh(exhibition).title_en == "Bazaar"

    def test_a_chapter_or_a_panel_without_words_in_any_language_is_refused(self, client):
        exhibition = sequence(1)
        client.force_login(exhibition.owner)
        chapter = client.post(studio("section-new", exhibition), {"title_kk": "", "text_kk": "Таң.", "position": ""})
        assert "A chapter needs a title in at least one language." in chapter.content.decode()
        assert field_value(chapter.content.decode(), "text_kk") == "Таң."
        panel = client.post(studio("panel-new", exhibition), {"text_kk": " ", "text_ru": "", "position": ""})
        assert "A text panel needs some text in at least one language." in panel.content.decode()
        assert exhibition.items.count() == 1

    def test_the_address_is_made_from_the_title_in_the_default_language(self, client):
        curator = factories.curator()
        title = {"kk": "Алма бағы", "en": "The apple orchard"}
        assert services.exhibition_create(owner=curator, title=title, default_language="en").slug == "the-apple-orchard"
        kazakh = services.exhibition_create(owner=curator, title=title, default_language="kk")
        assert kazakh.slug == "алма-бағы"
        # Written in Kazakh only, by a curator reading the studio in English: Kazakh is the show's language.
        only_kazakh = services.exhibition_create(owner=curator, title={"kk": "Тау"})
        assert (only_kazakh.default_language, only_kazakh.slug) == ("kk", "тау")
        # An address left empty is made again from the default language's title.
        sequencing.exhibition_photos_append(exhibition=kazakh, photos=[factories.photo(factories.photographer())])
        client.force_login(curator)
        data = details(kazakh, title_kk="Алма бағы", title_en="Apples", slug="", default_language="en")
        assert client.post(studio("details", kazakh), data).status_code == 302
        assert fresh(kazakh).slug == "apples"

    def test_a_photo_item_written_in_one_language_replaces_the_photographers_words_in_all(self, client):
        exhibition = sequence(1)
        client.force_login(exhibition.owner)
        (item,) = order_ids(exhibition)
        page = client.get(studio("item", exhibition, item)).content.decode()
        assert re.search(r'name="alt_text_en"[^>]*placeholder="Alt P0"', page)
        client.post(studio("item", exhibition, item), {"title_kk": "Шай", "title_ru": "", "title_en": ""})
        entry = exhibition_snapshot_build(fresh(exhibition))["items"][0]
        # The photographer's English title is not mixed with the curator's Kazakh one; her alt text still applies.
        assert entry["title"] == {"kk": "Шай"} and entry["alt"] == {"en": "Alt P0"}

    def test_undo_brings_back_a_removed_chapter_in_every_language(self):
        exhibition = sequence(2)
        chapter = sequencing.exhibition_section_add(
            exhibition=exhibition, title=language_map("chapter"), text=language_map("chapter_text"), position=0
        )
        exhibition = fresh(exhibition)
        result = sequencing.exhibition_items_remove(
            exhibition=exhibition, item_ids=[chapter.pk], version=exhibition.version
        )
        sequencing.exhibition_undo(exhibition=exhibition, version=result.version)
        back = ExhibitionItem.objects.get(pk=chapter.pk)
        assert [back.title_kk, back.title_ru, back.title_en] == [WORDS[c]["chapter"] for c in LANGUAGES]
        assert back.text_kk == WORDS["kk"]["chapter_text"]


# --- The translation view -----------------------------------------------------------------------------------------


def show_with_gaps() -> Exhibition:
    """Bazaar: two photos (the photographer's English words), a chapter in Kazakh and Russian, a panel in Russian.

    Texts written in some language: the exhibition's title (en), the chapter's title (kk, ru), the panel (ru), and
    each photo's title and alt text (en) — 7; captions, the chapter's text and the other exhibition texts are
    written in none.
    """
    exhibition = sequence(2)
    sequencing.exhibition_section_add(exhibition=exhibition, title={"kk": "Таң", "ru": "Утро"}, position=0)
    sequencing.exhibition_text_panel_append(exhibition=exhibition, text={"ru": "У каждого прилавка своя история."})
    return fresh(exhibition)


class TestTheTranslationView:
    def test_every_text_is_shown_in_three_columns_with_the_missing_ones_marked_and_counted(self, client):
        exhibition = show_with_gaps()
        client.force_login(exhibition.owner)
        html = client.get(studio("translations", exhibition)).content.decode()
        assert counts(html) == {"kk": (1, 7), "ru": (2, 7), "en": (5, 7)}
        chapter = exhibition.items.get(kind="section").pk
        assert field_value(html, f"item.{chapter}.title.kk") == "Таң"
        cells = re.findall(rf'data-cell="(\w+)">\s*<label for="text-item-{chapter}-title-\w+">.*?</label>', html, re.S)
        assert cells == ["kk", "ru", "en"]
        # Missing: marked in the field's own label, so a screen reader reads it with the field.
        label = re.search(rf'<label for="text-item-{chapter}-title-en">(.*?)</label>', html, re.S).group(1)
        assert re.search(r'class="tr-missing" data-missing>missing<', label)
        label = re.search(rf'<label for="text-item-{chapter}-title-kk">(.*?)</label>', html, re.S).group(1)
        assert "data-missing hidden" in label
        # The photographer's words, for a photo the curator wrote none for, say whose they are.
        photo = exhibition.items.filter(kind="photo").first().pk
        assert field_value(html, f"item.{photo}.title.en") == "P0"
        row = html[html.index(f'data-row="item.{photo}.title"') :]
        assert "photographer" in row[: row.index("</legend>")]
        # Linked from the studio's pages and the publish page.
        assert (
            reverse("studio:translations", args=[exhibition.pk])
            in client.get(studio("sequencer", exhibition)).content.decode()
        )

    def test_only_missing_shows_the_texts_a_language_lacks(self, client):
        exhibition = show_with_gaps()
        client.force_login(exhibition.owner)
        chapter, panel = (exhibition.items.get(kind=kind).pk for kind in ("section", "text"))
        photos = list(exhibition.items.filter(kind="photo").values_list("pk", flat=True))
        missing_kk = row_keys(client.get(studio("translations", exhibition), {"missing": "kk"}).content.decode())
        expected = {"exhibition.title", f"item.{panel}.text"} | {
            f"item.{p}.{f}" for p in photos for f in ("title", "alt_text")
        }
        assert missing_kk == expected
        missing_any = row_keys(client.get(studio("translations", exhibition), {"missing": "any"}).content.decode())
        assert missing_any == expected | {f"item.{chapter}.title"}
        everything = row_keys(client.get(studio("translations", exhibition)).content.decode())
        assert f"item.{chapter}.text" in everything and f"item.{chapter}.text" not in missing_any

    def test_nothing_missing_is_said_in_words(self, client):
        exhibition = sequence(0)
        client.force_login(exhibition.owner)
        services.exhibition_texts_update(exhibition=exhibition, title={"kk": "Базар", "ru": "Базар", "en": "Bazaar"})
        html = client.get(studio("translations", exhibition), {"missing": "kk"}).content.decode()
        assert "Nothing is missing in Kazakh: every text is written in it." in html
        assert counts(html) == {"kk": (1, 1), "ru": (1, 1), "en": (1, 1)}

    def test_saving_the_page_writes_the_texts_changed_and_counts_them(self, client):
        exhibition = show_with_gaps()
        client.force_login(exhibition.owner)
        html = client.get(studio("translations", exhibition)).content.decode()
        chapter = exhibition.items.get(kind="section").pk
        photo = exhibition.items.filter(kind="photo").first()
        form = {name: value for name, value in re.findall(r'name="([^"]+\.was)" value="([^"]+)"', html)}
        for key in row_keys(html):
            for code in LANGUAGES:
                form[f"{key}.{code}"] = field_value(html, f"{key}.{code}")
        form[f"item.{chapter}.title.en"] = "Morning"
        form[f"item.{photo.pk}.alt_text.kk"] = "Алма толы сөре"
        response = client.post(studio("translations", exhibition), form, follow=True)
        page = response.content.decode()
        assert "Saved 2 texts." in page
        assert counts(page)["kk"] == (2, 7) and counts(page)["en"] == (6, 7)
        section = ExhibitionItem.objects.get(pk=chapter)
        assert (section.title_kk, section.title_ru, section.title_en) == ("Таң", "Утро", "Morning")
        # The photographer's alt text, changed in one language, became the exhibition's words in all of them ...
        item = ExhibitionItem.objects.get(pk=photo.pk)
        assert (item.alt_text_kk, item.alt_text_en) == ("Алма толы сөре", "Alt P0")
        # ... and the texts left as they were stay the photographer's: her next change still reaches the show.
        assert item.title_en is None and item.caption_en is None
        Photo.objects.filter(pk=photo.photo_id).update(title_en="Dawn")
        assert exhibition_snapshot_build(fresh(exhibition))["items"][1]["title"] == {"en": "Dawn"}

    def test_a_text_someone_changed_meanwhile_is_not_overwritten_and_what_was_typed_stays(self, client):
        exhibition = show_with_gaps()
        client.force_login(exhibition.owner)
        html = client.get(studio("translations", exhibition)).content.decode()
        chapter = exhibition.items.get(kind="section")
        key = f"item.{chapter.pk}.title"
        was = re.search(rf'name="{re.escape(key)}.was" value="([^"]+)"', html).group(1)
        sequencing.exhibition_item_update(item=chapter, title={"en": "Dawn"})  # a collaborator, meanwhile
        mine = {f"{key}.kk": "Таң", f"{key}.ru": "Утро", f"{key}.en": "Morning", f"{key}.was": was}
        response = client.post(studio("translations", exhibition), mine)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Someone changed this text while you were writing" in page
        assert field_value(page, f"{key}.en") == "Morning"
        assert re.search(r"<dd lang=\"en\">Dawn</dd>", page)
        assert ExhibitionItem.objects.get(pk=chapter.pk).title_en == "Dawn"
        # Saved again from that page (which now carries their version's fingerprint), the curator's words win.
        again = re.search(rf'name="{re.escape(key)}.was" value="([^"]+)"', page).group(1)
        client.post(studio("translations", exhibition), {**mine, f"{key}.was": again})
        assert ExhibitionItem.objects.get(pk=chapter.pk).title_en == "Morning"

    def test_emptying_a_chapter_title_in_every_language_is_refused_and_the_rest_is_saved(self, client):
        exhibition = show_with_gaps()
        client.force_login(exhibition.owner)
        html = client.get(studio("translations", exhibition)).content.decode()
        chapter, panel = (exhibition.items.get(kind=kind).pk for kind in ("section", "text"))
        title, text = f"item.{chapter}.title", f"item.{panel}.text"
        form = {f"{title}.kk": "", f"{title}.ru": "", f"{title}.en": ""}
        form |= {
            f"{text}.kk": "Әр сөренің өз тарихы бар.",
            f"{text}.ru": "У каждого прилавка своя история.",
            f"{text}.en": "",
        }
        for key in (title, text):
            form[f"{key}.was"] = re.search(rf'name="{re.escape(key)}.was" value="([^"]+)"', html).group(1)
        page = client.post(studio("translations", exhibition), form).content.decode()
        assert "A chapter needs a title." in page and "1 other text was saved." in page
        assert ExhibitionItem.objects.get(pk=chapter).title_kk == "Таң"
        assert ExhibitionItem.objects.get(pk=panel).text_kk == "Әр сөренің өз тарихы бар."

    def test_the_script_saves_one_text_and_gets_the_new_counts(self, client):
        exhibition = show_with_gaps()
        client.force_login(exhibition.owner)
        html = client.get(studio("translations", exhibition)).content.decode()
        photo = exhibition.items.filter(kind="photo").first().pk
        key = f"item.{photo}.caption"
        was = re.search(rf'name="{re.escape(key)}.was" value="([^"]+)"', html).group(1)
        answer = client.post(
            studio("translations", exhibition),
            {"row": key, f"{key}.was": was, f"{key}.kk": "Таңғы базар", f"{key}.ru": "", f"{key}.en": ""},
            headers={"Accept": "application/json"},
        ).json()
        assert answer["ok"] and answer["missing"] == ["ru", "en"] and not answer["borrowed"]
        assert counts(answer["counts"]) == {"kk": (2, 8), "ru": (2, 8), "en": (5, 8)}
        stale = client.post(
            studio("translations", exhibition),
            {"row": key, f"{key}.was": was, f"{key}.kk": "Кешкі базар", f"{key}.ru": "", f"{key}.en": ""},
            headers={"Accept": "application/json"},
        )
        assert stale.status_code == 409 and stale.json()["theirs"]["kk"] == "Таңғы базар"

    def test_only_the_exhibitions_curators_open_it(self, client):
        exhibition = show_with_gaps()
        photographer = exhibition.items.filter(kind="photo").first().photo.owner
        collaborator = factories.curator()
        exhibition.collaborators.add(collaborator)
        for user, status in (
            (exhibition.owner, 200),
            (collaborator, 200),
            (photographer, 404),
            (factories.curator(), 404),
        ):
            client.force_login(user)
            assert client.get(studio("translations", exhibition)).status_code == status
            assert client.post(studio("translations", exhibition), {}).status_code == (302 if status == 200 else 404)

    def test_its_queries_do_not_grow_with_the_show(self, client):
        def queries(n: int) -> int:
            exhibition = services.exhibition_create(owner=curator, title=f"Show of {n}")
            photos = [factories.photo(owner, data=factories.jpeg_bytes((40, 30))) for _ in range(n)]
            sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
            for i in range(n // 3):
                sequencing.exhibition_section_add(exhibition=exhibition, title={"kk": f"Тарау {i}"}, position=i * 4)
                sequencing.exhibition_text_panel_append(exhibition=exhibition, text={"ru": f"Панель {i}"})
            with CaptureQueriesContext(connection) as captured:
                assert client.get(studio("translations", exhibition)).status_code == 200
            return len(captured.captured_queries)

        owner, curator = factories.photographer(), factories.curator()
        client.force_login(curator)
        assert queries(3) == queries(30)


# --- Publishing ---------------------------------------------------------------------------------------------------


class TestPublishing:
    def test_the_publish_page_warns_of_missing_translations_with_counts_and_a_link(self, client):
        exhibition = show_with_gaps()
        client.force_login(exhibition.owner)
        html = client.get(studio("publish", exhibition)).content.decode()
        assert "Not every text is written in every language" in html
        for name, missing in (("Kazakh", 6), ("Russian", 5), ("English", 2)):
            assert f"{name}: {missing} of 7 texts missing" in html
        assert f"{reverse('studio:translations', args=[exhibition.pk])}?missing=kk" in html
        assert "disabled" not in re.search(
            r'<button type="submit" class="button[^"]*"[^>]*>\s*Publish now', html
        ).group(0)

    def test_when_every_language_is_required_publishing_waits_and_says_why(self, client):
        exhibition = sequence(1)
        client.force_login(exhibition.owner)
        data = details(exhibition, title_kk="Базар", title_ru="Базар", translations_required="on")
        assert client.post(studio("details", exhibition), data).status_code == 302
        assert fresh(exhibition).translations_required
        reasons = [b.message for b in publishing.publish_blockers(fresh(exhibition)) if b.code == "translations"]
        assert reasons == [
            "Kazakh: 2 of 3 texts are not written yet, and this exhibition is set to be published only with every "
            "text in every language.",
            "Russian: 2 of 3 texts are not written yet, and this exhibition is set to be published only with every "
            "text in every language.",
        ]
        client.post(studio("publish", exhibition))
        assert not fresh(exhibition).is_published
        page = client.get(studio("publish", exhibition)).content.decode()
        assert "Kazakh: 2 of 3 texts are not written yet" in page
        assert "Not every text is written in every language" not in page  # the blockers say it, once

        (item,) = order_ids(exhibition)
        both = {"title_kk": "Таң", "title_ru": "Утро", "title_en": "Dawn"}
        client.post(
            studio("item", exhibition, item),
            {**both, "alt_text_kk": "Сөре", "alt_text_ru": "Прилавок", "alt_text_en": "A stall"},
        )
        assert publishing.publish_blockers(fresh(exhibition)) == []
        client.post(studio("publish", exhibition))
        assert fresh(exhibition).is_published

    def test_alt_text_written_in_place_goes_into_the_language_the_curator_picks(self, client):
        exhibition = sequence(2)
        items = order_ids(exhibition)
        Photo.objects.filter(exhibition_items__pk__in=items).update(alt_text="")
        client.force_login(exhibition.owner)
        html = client.get(studio("publish", exhibition)).content.decode()
        assert re.search(rf'<select name="alt-{items[0]}-language"', html)
        response = client.post(
            studio("publish-alt-text", exhibition, items[0]),
            {f"alt-{items[0]}-alt_text": "Женщина у прилавка", f"alt-{items[0]}-language": "ru"},
        )
        item = ExhibitionItem.objects.get(pk=items[0])
        assert (item.alt_text_ru, item.alt_text_en, item.alt_text_kk) == ("Женщина у прилавка", None, None)
        # The next photo's field is offered in the same language.
        page = client.get(response["Location"]).content.decode()
        assert re.search(r'<option value="ru" selected>', page)
        assert re.search(rf'<textarea name="alt-{items[1]}-alt_text"[^>]*lang="ru"', page)

    def test_alt_text_sent_without_a_language_is_kept_when_the_default_one_is_no_longer_listed(self, client):
        # A form that names no language writes in the default one; one the site dropped has no column to hold it,
        # so the words go where a plain text goes, the curator's own language, rather than nowhere.
        exhibition = sequence(1)
        (item_pk,) = order_ids(exhibition)
        Photo.objects.filter(exhibition_items__pk=item_pk).update(alt_text="")
        Exhibition.objects.filter(pk=exhibition.pk).update(default_language="de")
        client.force_login(exhibition.owner)
        client.post(
            studio("publish-alt-text", exhibition, item_pk),
            {f"alt-{item_pk}-alt_text": "Женщина у прилавка"},
            HTTP_ACCEPT_LANGUAGE="ru",
        )
        assert ExhibitionItem.objects.get(pk=item_pk).alt_text_ru == "Женщина у прилавка"


# --- The admin ----------------------------------------------------------------------------------------------------


def test_the_admin_edits_each_text_in_every_language_with_a_title_in_any_one(client):
    exhibition = sequence(1)
    staff = factories.curator()
    type(staff).objects.filter(pk=staff.pk).update(is_staff=True, is_superuser=True)
    client.force_login(type(staff).objects.get(pk=staff.pk))
    change = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    html = client.get(change).content.decode()
    for code in LANGUAGES:
        assert f'name="title_{code}"' in html and f'name="items-0-caption_{code}"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)  # no inline code: the CSP would refuse it
    assert "ajax.googleapis.com" not in html
    changelist = reverse("admin:exhibitions_exhibition_changelist")
    assert change in client.get(changelist, {"q": "Bazaar"}).content.decode()
    assert change not in client.get(changelist, {"q": "Базар"}).content.decode()
    Exhibition.objects.filter(pk=exhibition.pk).update(title_en=None, title_kk="Базар")
    assert change in client.get(changelist, {"q": "Базар"}).content.decode()  # every language, not the admin's only
