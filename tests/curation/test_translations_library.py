"""The photographer writes her words in Kazakh, Russian and English: the photo page, the subject page, the credit
line, the library's search and alt-text filters, and the admin. What she writes reaches the columns of each
language, a published exhibition's Kazakh page once it is published again, and the public credit at once."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from curation import credits, subjects
from curation.models import Photo, Profile, Subject
from curation.people.changes import people_version
from tests import factories
from tests.support.gallery import build_exhibition, detail_url, publish_now, subject

pytestmark = pytest.mark.django_db

LIBRARY = reverse("curation:library")

TITLE = {"kk": "Жеміс сатушы", "ru": "Продавщица фруктов", "en": "The fruit seller"}
CAPTION = {
    "kk": "Алманы өз бағынан әкеледі.",
    "ru": "Яблоки она привозит из своего сада.",
    "en": "She brings the apples from her own garden.",
}
ALT = {
    "kk": "Қызыл алма үйіндісінің артында тұрған әйел.",
    "ru": "Женщина за горой красных яблок.",
    "en": "A woman behind a pile of red apples.",
}
PLACE = {"kk": "Көк базар, Алматы", "ru": "Зелёный базар, Алматы", "en": "Green Bazaar, Almaty"}


def photo_url(photo: Photo) -> str:
    return reverse("curation:photo", args=[photo.pk])


def in_languages(name: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{name}_{code}": text for code, text in texts.items()}


def columns(obj, name: str) -> dict[str, str | None]:
    obj.refresh_from_db()
    return {code: getattr(obj, f"{name}_{code}") for code in ("kk", "ru", "en")}


def input_tag(html: str, name: str) -> str:
    """The <input> or <textarea> opening tag of the field `name`."""
    match = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html)
    assert match, f"no field {name}"
    return match.group(0)


class TestThePhotoPage:
    def test_each_text_in_three_languages_reaches_the_photos_columns(self, client):
        owner = factories.photographer()
        photo = factories.photo(owner)
        client.force_login(owner)
        posted = {
            **in_languages("title", TITLE),
            **in_languages("caption", CAPTION),
            **in_languages("alt_text", ALT),
            **in_languages("place_name", PLACE),
            "tags": "market",
        }
        response = client.post(photo_url(photo), posted, follow=True)
        assert "Saved." in response.content.decode()
        assert columns(photo, "title") == TITLE
        assert columns(photo, "caption") == CAPTION
        assert columns(photo, "alt_text") == ALT
        assert columns(photo, "place_name") == PLACE
        # The page reads them back, each in its own field, which says its language.
        html = client.get(photo_url(photo)).content.decode()
        for code, text in TITLE.items():
            tag = input_tag(html, f"title_{code}")
            assert f'lang="{code}"' in tag and f'value="{text}"' in tag

    def test_each_language_has_a_visible_label_and_the_missing_ones_are_marked(self, client):
        owner = factories.photographer()
        photo = factories.photo(owner, title_en="Apples", title_ru="Яблоки")
        client.force_login(owner)
        html = client.get(photo_url(photo)).content.decode()
        title_group = re.search(r'<fieldset class="texts[^"]*" data-texts="title">.*?</fieldset>', html, re.S).group(0)
        for name in ("English", "Русский", "Қазақша"):
            assert name in title_group
        assert title_group.count("not written") == 1  # Kazakh only
        # The alt text is written in no language: the page says what that blocks.
        assert "needs alt text before it can be published" in html

    def test_a_refused_save_keeps_what_was_typed_in_every_language_and_saves_nothing(self, client):
        owner = factories.photographer()
        photo = factories.photo(owner)
        client.force_login(owner)
        posted = {**in_languages("caption", CAPTION), "title_kk": "Ұзын " * 80, "title_en": "Apples"}
        response = client.post(photo_url(photo), posted)
        html = response.content.decode()
        assert response.status_code == 200 and "What you typed is still here." in html
        assert "Ensure this value has at most 300 characters" in html
        assert CAPTION["kk"] in html and CAPTION["ru"] in html and 'value="Apples"' in html
        assert columns(photo, "caption") == {"kk": None, "ru": None, "en": None}

    def test_a_form_posted_with_plain_names_writes_the_active_language_and_keeps_the_others(self, client):
        """A page loaded before texts had languages (or a script) posts `title`: the text of the page's language."""
        owner = factories.photographer()
        photo = factories.photo(owner, title_kk=TITLE["kk"], title_en="Old title")
        client.force_login(owner)
        client.post(photo_url(photo), {"title": "New title", "alt_text": "Apples."})
        assert columns(photo, "title") == {"kk": TITLE["kk"], "ru": None, "en": "New title"}
        assert columns(photo, "alt_text")["en"] == "Apples."

    def test_the_kazakh_caption_reaches_the_published_kazakh_page_once_published_again(self, client):
        exhibition = build_exhibition(1)
        photo = exhibition.items.get().photo
        client.force_login(photo.owner)
        client.post(
            photo_url(photo),
            {**in_languages("caption", CAPTION), **in_languages("title", TITLE), **in_languages("alt_text", ALT)},
        )
        client.logout()

        def public(code: str) -> str:
            with translation.override(code):
                url = detail_url(exhibition)
            return client.get(url, HTTP_ACCEPT_LANGUAGE=code).content.decode()

        assert CAPTION["kk"] not in public("kk")  # the published snapshot is frozen until published again
        publish_now(exhibition)
        kazakh, english = public("kk"), public("en")
        assert CAPTION["kk"] in kazakh and ALT["kk"] in kazakh and CAPTION["en"] not in kazakh
        assert CAPTION["en"] in english and CAPTION["kk"] not in english


class TestTheSubjectPage:
    def test_the_public_name_and_story_in_three_languages_reach_the_subjects_columns(self, client):
        owner = factories.photographer()
        client.force_login(owner)
        names = {"kk": "Гүлнар", "ru": "Гульнара", "en": "Gulnara"}
        stories = {"kk": "Отыз жыл бір дүңгіршекте.", "ru": "Тридцать лет за одним прилавком.", "en": "Thirty years."}
        response = client.post(
            reverse("curation:subject-new"),
            {
                "kind": "person",
                "name": "Fruit seller, Green Bazaar",
                **in_languages("public_name", names),
                **in_languages("public_story", stories),
            },
            follow=True,
        )
        person = Subject.objects.get()
        assert columns(person, "public_name") == names and columns(person, "public_story") == stories
        html = response.content.decode()
        assert (
            '<span lang="kk">Гүлнар</span>' in html and '<div class="subj-story subj-public-story" lang="ru">' in html
        )
        # The photographer's own label stays one text.
        assert person.name == "Fruit seller, Green Bazaar"

    def test_a_public_name_changed_in_one_language_moves_the_people_version_and_keeps_the_others(self, client):
        owner = factories.photographer()
        person = subjects.subject_create(
            owner=owner, name="Fruit seller", public_name={"kk": "Гүлнар", "ru": "Гульнара", "en": "Gulnara"}
        )
        client.force_login(owner)
        edit = client.get(reverse("curation:subject-edit", args=[person.pk])).content.decode()
        assert 'value="Гүлнар"' in input_tag(edit, "public_name_kk")
        before = people_version()
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(
                reverse("curation:subject-edit", args=[person.pk]),
                {"kind": "person", "name": "Fruit seller", "public_name_kk": "Гүлнара", "public_name_ru": "Гульнара",
                 "public_name_en": "Gulnara"},
            )  # fmt: skip
        assert columns(person, "public_name") == {"kk": "Гүлнара", "ru": "Гульнара", "en": "Gulnara"}
        assert people_version() != before  # public pages read names again

    def test_a_name_written_for_visitors_in_any_language_finds_the_subject(self, client):
        owner = factories.photographer()
        subjects.subject_create(owner=owner, name="Fruit seller", public_name={"kk": "Гүлнар"})
        subjects.subject_create(owner=owner, name="Tea seller", public_name={"en": "Serik"})
        client.force_login(owner)
        found = client.get(reverse("curation:subjects"), {"q": "гүлн"}).content.decode()
        assert "Fruit seller" in found and "Tea seller" not in found

    def test_services_still_take_a_plain_string_in_the_active_language(self):
        owner = factories.photographer()
        with translation.override("ru"):
            person = subjects.subject_create(owner=owner, name="Porter", public_name="Серик")
        assert columns(person, "public_name") == {"kk": None, "ru": "Серик", "en": None}

    def test_a_curator_reads_the_public_name_in_their_language_else_another_marked_as_such(self, client):
        show = build_exhibition(1, publish=False)
        person = subjects.subject_create(
            owner=show.items.get().photo.owner,
            name="Fruit seller",
            kind=Subject.Kind.PLACE,
            public_name={"kk": "Көк базар"},
            photos=[show.items.get().photo],
        )
        client.force_login(show.owner)
        html = client.get(reverse("curation:subject", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert '<h1 lang="kk">Көк базар</h1>' in html and "Fruit seller" not in html


class TestTheCreditLine:
    def test_the_credit_in_three_languages_reaches_the_profile_and_each_reads_in_its_own_words(self, client):
        photographer = factories.photographer(username="aigerim")
        client.force_login(photographer)
        lines = {"kk": "Айгерім Сейітқали", "ru": "Айгерим Сейткали", "en": "Aigerim Seitkali"}
        response = client.post(reverse("curation:credit"), in_languages("credit_name", lines))
        assert response.status_code == 302
        profile = Profile.objects.get(user=photographer)
        assert columns(profile, "credit_name") == lines
        page = client.get(reverse("curation:credit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "“Фото: Айгерім Сейітқали”" in page and "“Photograph: Aigerim Seitkali”" in page
        assert 'value="Айгерим Сейткали"' in input_tag(page, "credit_name_ru")
        with translation.override("kk"):
            assert credits.credit_for(photographer, "kk") == "Айгерім Сейітқали"

    def test_a_language_without_a_line_is_credited_in_another_and_the_page_says_so(self, client):
        photographer = factories.photographer(username="aigerim")
        credits.credit_name_set(user=photographer, credit_name={"en": "Aigerim Seitkali"})
        client.force_login(photographer)
        page = client.get(reverse("curation:credit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "“Фото: Aigerim Seitkali”" in page
        assert page.count("not written in this language: another is shown") == 2

    def test_the_login_name_is_refused_in_any_language_and_nothing_is_saved(self, client):
        photographer = factories.photographer(username="aigerim-7731")
        credits.credit_name_set(user=photographer, credit_name={"en": "Aigerim"})
        client.force_login(photographer)
        response = client.post(
            reverse("curation:credit"),
            {"credit_name_kk": "AIGERIM-7731", "credit_name_ru": "Айгерим", "credit_name_en": "Aigerim S."},
        )
        html = response.content.decode()
        assert response.status_code == 200 and "This is your user name" in html
        assert 'value="Айгерим"' in html  # what was typed stays
        assert columns(Profile.objects.get(user=photographer), "credit_name") == {
            "kk": None,
            "ru": None,
            "en": "Aigerim",
        }
        with pytest.raises(credits.CreditRefused) as refused:
            credits.credit_name_set(user=photographer, credit_name={"ru": " aigerim-7731 "})
        assert refused.value.languages == ["ru"]


def library_ids(client, **query) -> set[int]:
    html = client.get(LIBRARY, query).content.decode()
    return {int(pk) for pk in re.findall(r'<li class="cell" id="photo-(\d+)"', html)}


class TestTheLibrary:
    def test_search_finds_titles_captions_and_places_in_any_language(self, client):
        owner = factories.photographer()
        kazakh_caption = factories.photo(owner, caption_kk="Алманы өз бағынан әкеледі.")
        russian_place = factories.photo(owner, place_name_ru="Зелёный базар")
        english_title = factories.photo(owner, title_en="Evening tea")
        by_name = factories.photo(owner, filename="DSC_4471.JPG")
        factories.photo(factories.photographer(), title_en="Evening tea")  # someone else's
        client.force_login(owner)
        with translation.override("en"):
            assert library_ids(client, q="бағынан") == {kazakh_caption.pk}
            assert library_ids(client, q="зелёный") == {russian_place.pk}
            assert library_ids(client, q="evening TEA") == {english_title.pk}
            assert library_ids(client, q="dsc_4471") == {by_name.pk}
            assert library_ids(client, q="tea zelёный") == set()  # every word must be found
        html = client.get(LIBRARY, {"q": "бағынан"}).content.decode()
        assert 'value="бағынан"' in html

    def test_needs_alt_text_means_described_in_no_language_and_to_translate_means_in_some(self, client):
        owner = factories.photographer()
        ready = {"status": Photo.Status.READY}
        nowhere = factories.photo(owner, **ready)
        cleared = factories.photo(owner, alt_text_en="", **ready)  # written once, then emptied
        in_kazakh = factories.photo(owner, alt_text_kk=ALT["kk"], **ready)
        everywhere = factories.photo(
            owner, alt_text_kk=ALT["kk"], alt_text_ru=ALT["ru"], alt_text_en=ALT["en"], **ready
        )
        client.force_login(owner)
        for code in ("en", "kk"):  # the same answer whatever the page's language
            with translation.override(code):
                assert library_ids(client, needs_alt_text="on") == {nowhere.pk, cleared.pk}
                assert library_ids(client, alt_text_to_translate="on") == {in_kazakh.pk}
        assert everywhere.pk in library_ids(client)


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pass-word-123")
    client.force_login(user)
    return user


class TestTheAdmin:
    def test_the_photo_form_shows_each_language_and_saves_them_through_the_consent_path(self, client, staff):
        photo = factories.processed_photo(factories.photographer(), data=factories.jpeg_bytes((120, 80)))
        stranger = subjects.subject_create(owner=photo.owner, name="Boy with a kite")  # never asked
        url = reverse("admin:curation_photo_change", args=[photo.pk])
        form = client.get(url).content.decode()
        for code in ("kk", "ru", "en"):
            assert f'lang="{code}"' in input_tag(form, f"title_{code}") and f'name="alt_text_{code}"' in form
        assert 'name="title"' not in form
        posted = {
            **in_languages("title", TITLE),
            **in_languages("caption", CAPTION),
            **in_languages("alt_text", ALT),
            **in_languages("place_name", PLACE),
            "rating": 0,
            "flag": "",
            "label": "",
            "subjects": [stranger.pk],
            "renditions-TOTAL_FORMS": 0,
            "renditions-INITIAL_FORMS": 0,
        }
        response = client.post(url, posted)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert columns(photo, "title") == TITLE and columns(photo, "place_name") == PLACE
        assert list(photo.subjects.all()) == [stranger]

    def test_search_finds_a_photo_and_a_subject_by_words_in_any_language(self, client, staff):
        owner = factories.photographer()
        factories.photo(owner, caption_kk="Алманы өз бағынан әкеледі.", filename="apples.jpg")
        person = subject(owner, name="Fruit seller", public_name="", public_story="")
        subjects.subject_update(subject=person, name="Fruit seller", kind="person", public_name={"ru": "Гульнара"})
        photos = client.get(reverse("admin:curation_photo_changelist"), {"q": "бағынан"}).content.decode()
        assert "apples.jpg" in photos
        # As typed: the admin's search folds only ASCII letters' case on SQLite.
        people = client.get(reverse("admin:curation_subject_changelist"), {"q": "Гульнара"}).content.decode()
        assert "Fruit seller" in people
        change = client.get(reverse("admin:curation_subject_change", args=[person.pk])).content.decode()
        assert 'name="public_name_kk"' in change and 'value="Гульнара"' in input_tag(change, "public_name_ru")
        consents = client.get(reverse("admin:curation_consent_changelist"), {"q": "Гульнара"}).content.decode()
        assert "Fruit seller" in consents


def test_a_merge_keeps_each_language_of_the_public_name_in_its_own_column():
    owner = factories.photographer()
    keep = Subject.objects.create(owner=owner, name="Gulnara, apples", public_name_en="Gulnara")
    merged = Subject.objects.create(
        owner=owner, name="Гульнара", public_name_ru="Гульнара", public_name_kk="Гүлнара", public_story_kk="Отыз жыл."
    )
    # Whatever language the photographer's page was in when she merged them.
    with translation.override("ru"):
        subjects.subjects_merge(keep=keep, merged=merged, actor=owner)
    keep.refresh_from_db()
    assert (keep.public_name_en, keep.public_name_ru, keep.public_name_kk) == ("Gulnara", "Гульнара", "Гүлнара")
    assert keep.public_story_kk == "Отыз жыл." and not keep.public_story_en
