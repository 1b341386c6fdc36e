"""The demo that `make run` loads: a published show in chapters, written in Kazakh, Russian and English, people with
their stories and answers, one person who said no and is never shown, and a draft whose Russian is missing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from curation import credits
from curation.models import Photo, Subject, SubjectEvent
from curation.people.rules import consent_gap
from curation.texts import languages, missing, text_map
from exhibitions import demo, demo_texts
from exhibitions.models import Exhibition, ExhibitionItem
from exhibitions.show import services as show
from exhibitions.show.document_views import DOCUMENTS
from exhibitions.show.models import Opening, Venue, Wall, WorkForm

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = re.compile("[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def test_demo_load_publishes_an_exhibition_once_and_prints_credentials(capsys, client):
    call_command("demo_load")
    counts = (
        Photo.objects.count(),
        Subject.objects.count(),
        Exhibition.objects.count(),
        ExhibitionItem.objects.count(),
    )
    published = Exhibition.objects.get(slug=demo.DEMO_SLUG).published_snapshot
    call_command("demo_load")
    assert (
        Photo.objects.count(),
        Subject.objects.count(),
        Exhibition.objects.count(),
        ExhibitionItem.objects.count(),
    ) == counts
    assert Exhibition.objects.get(slug=demo.DEMO_SLUG).published_snapshot == published
    out = capsys.readouterr().out
    assert "Created the demo exhibition" in out and "Found the demo exhibition" in out
    assert demo.DEMO_PASSWORD in out
    with translation.override("kk"):
        assert reverse("exhibitions:detail", args=[demo.DEMO_SLUG]) in out
    draft = Exhibition.objects.get(slug=demo.DRAFT_SLUG)
    assert reverse("studio:translations", args=[draft.pk]) in out
    exhibition = Exhibition.objects.get(slug=demo.DEMO_SLUG)
    assert exhibition.status == Exhibition.Status.PUBLISHED
    assert exhibition.items.filter(kind=ExhibitionItem.Kind.PHOTO).count() == len(demo.PLATES)
    assert exhibition.items.filter(kind=ExhibitionItem.Kind.TEXT).count() == 1
    # Through the login page: django-axes refuses an authenticate() without a request, as client.login() makes.
    login = client.post(reverse("login"), {"username": demo.PHOTOGRAPHER, "password": demo.DEMO_PASSWORD})
    assert login.status_code == 302
    home = client.get(reverse("exhibitions:home"))
    assert b"Resilience and community" in home.content
    page = client.get(reverse("exhibitions:detail", args=[demo.DEMO_SLUG])).content.decode()
    assert f"Photograph: {demo.PHOTOGRAPHER_CREDIT['en']}" in page and f"Photograph: {demo.PHOTOGRAPHER}" not in page


def test_the_demo_reaches_every_kind_of_public_page_from_the_home_page(client):
    demo.demo_load()
    home = client.get(reverse("exhibitions:home")).content.decode()
    detail_url = reverse("exhibitions:detail", args=[demo.DEMO_SLUG])
    assert f'href="{detail_url}"' in home and f'href="{reverse("exhibitions:feed")}"' in home
    page = client.get(detail_url).content.decode()
    for title, _text, _seeds in demo.CHAPTERS:
        assert f">{title['en']}</h2>" in page
    assert '<div class="text-panel">' in page
    assert f'href="{reverse("exhibitions:photo", args=[demo.DEMO_SLUG, 1])}"' in page
    story_url = re.escape(reverse("exhibitions:story", args=[0])).replace("/0/", r"/\d+/")
    stories = sorted(set(re.findall(f'href="({story_url})"', page)))
    shown = [s for s in demo.SUBJECTS if s.public_story and s.consent.get("status") != "declined"]
    assert len(stories) == len(shown)
    for url in stories:
        response = client.get(url)
        assert response.status_code == 200 and 'class="story-lead"' in response.content.decode()
    assert client.get(reverse("exhibitions:feed")).status_code == 200


def test_everyone_the_demo_shows_agreed_through_the_consent_service_and_the_man_who_said_no_is_shown_nowhere(client):
    demo.demo_load()
    exhibition = Exhibition.objects.get(slug=demo.DEMO_SLUG)
    shown_photos = Photo.objects.filter(exhibition_items__exhibition=exhibition)
    people = Subject.objects.filter(kind=Subject.Kind.PERSON, photos__in=shown_photos).distinct()
    assert people.count() == 4
    for person in people.select_related("consent"):
        assert consent_gap(person.consent) == "", person.public_name
        # Recorded as she would record it: the answer is in the person's history.
        assert SubjectEvent.objects.filter(subject=person, action=SubjectEvent.Action.CONSENT).exists()

    declined = Subject.objects.get(name="Tea seller, row four")
    assert declined.consent.status == "declined"
    assert not declined.photos.filter(exhibition_items__isnull=False).exists()
    assert client.get(reverse("exhibitions:story", args=[declined.pk])).status_code == 404
    for language in languages():
        for url in (reverse("exhibitions:home"), reverse("exhibitions:detail", args=[demo.DEMO_SLUG])):
            html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            assert "Tea seller" not in html
            for words in (demo.DECLINED_PLATE.title, demo.DECLINED_PLATE.caption):
                assert not [text for text in words.values() if text in html], language
    # Private notes are the photographer's: no public page carries them.
    gulnara = Subject.objects.get(public_name_en="Gulnara")
    story = client.get(reverse("exhibitions:story", args=[gulnara.pk])).content.decode()
    assert "Gulnara has sold apples" in story and gulnara.private_notes not in story


def test_the_curator_finds_her_picks_and_her_note_in_the_demo(client):
    """A newcomer who signs in as the curator sees the photographer's cull and the note she sent with it."""
    call_command("demo_load")
    login = client.post(reverse("login"), {"username": demo.CURATOR, "password": demo.DEMO_PASSWORD})
    assert login.status_code == 302
    sheet = client.get(reverse("studio:shared")).content.decode()
    assert "My picks from the bazaar, four stars and up." in sheet
    picks = Photo.objects.filter(flag=Photo.Flag.PICK, rating__gte=4)
    assert picks.count() == len(demo.PICKS)
    exhibition = Exhibition.objects.get(slug=demo.DEMO_SLUG)
    picker = client.get(
        reverse("studio:picker", args=[exhibition.pk]),
        {"flag": "pick", "rating": "4", "include_used": "on", "include_processing": "on"},
    ).content.decode()
    for photo in picks:
        assert f'name="photo" value="{photo.pk}"' in picker
    declined = Photo.objects.get(title_en=demo.DECLINED_PLATE.title["en"])
    assert declined.flag != Photo.Flag.PICK and f'name="photo" value="{declined.pk}"' not in picker


def _snapshot_texts(snapshot: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every text a visitor may read in a published snapshot, by where it is, as the snapshot holds it."""
    for key in ("title", "subtitle", "statement", "credits", "venue"):
        yield key, snapshot[key]
    photos = [("cover", snapshot["cover"])]
    for number, item in enumerate(snapshot["items"]):
        if item["kind"] == "section":
            yield f"chapter {number} title", item["title"]
            if item["text"]:  # a chapter may have no wall text at all
                yield f"chapter {number} text", item["text"]
        elif item["kind"] == "text":
            yield f"panel {number}", item["text"]
        else:
            photos.append((f"photo {number}", item))
    for where, photo in photos:
        for key in ("title", "caption", "alt", "place"):
            yield f"{where} {key}", photo[key]
        for subject in photo["subjects"]:
            yield f"{where} subject {subject['id']}", subject["name"]


def _published_demo() -> dict[str, Any]:
    demo.demo_load()
    return Exhibition.objects.get(slug=demo.DEMO_SLUG).published_snapshot


def test_every_text_of_the_published_demo_is_written_in_kazakh_russian_and_english():
    snapshot = _published_demo()
    texts = dict(_snapshot_texts(snapshot))
    # Five of the show, three chapter titles and two wall texts, a panel, four for each photo and the cover, and
    # the people and the place named under the photos.
    assert len(texts) >= 5 + 3 + 2 + 1 + 4 * (len(demo.PLATES) + 1) + 5
    for where, text in texts.items():
        assert isinstance(text, dict) and missing(text) == [], where
    # Those read live: the stories, and the photographer's credit line.
    for subject in Subject.objects.filter(photos__exhibition_items__exhibition__slug=demo.DEMO_SLUG).distinct():
        assert missing(text_map(subject, "public_story")) == [], subject.name
    photographer = Photo.objects.filter(exhibition_items__isnull=False).first().owner
    assert credits.credit_names(photographer) == demo.PHOTOGRAPHER_CREDIT
    # An Almaty show: a text missing in a visitor's language would be read in Kazakh.
    assert snapshot["default_language"] == demo.DEFAULT_LANGUAGE == "kk"
    # The curator's own caption for the last photograph, not the photographer's, in every language.
    last = [item for item in snapshot["items"] if item["kind"] == "photo"][-1]
    assert last["caption"] == demo_texts.CLOSING_CAPTION


def test_each_language_is_written_in_its_own_letters():
    """Kazakh in Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і, never a Latin i that looks the same), not Russian copied over;
    Russian without Kazakh letters; a sentence in Kazakh is not the Russian one."""
    snapshot = _published_demo()
    stories = [text_map(s, "public_story") for s in Subject.objects.all()]
    texts = [text for _where, text in _snapshot_texts(snapshot)] + [t for t in stories if t]
    sentences = 0
    for text in texts:
        kk, ru = text["kk"], text["ru"]
        assert not re.search("[A-Za-z]", kk + ru), text
        assert not KAZAKH_LETTERS.search(ru), ru
        if len(kk.split()) >= 3:
            sentences += 1
            assert KAZAKH_LETTERS.search(kk), kk
            assert kk != ru
    assert sentences >= 20


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_visitor_reads_the_show_in_their_language_and_no_other(client, language):
    demo.demo_load()
    others = [code for code in languages() if code != language]
    title, statement = demo_texts.EXHIBITION["title"], demo_texts.EXHIBITION["statement"]
    gulnara = Subject.objects.get(public_name_en="Gulnara")
    seeds = [seed for _title, _text, chapter in demo.CHAPTERS for seed in chapter]
    with translation.override(language):
        detail = reverse("exhibitions:detail", args=[demo.DEMO_SLUG])
        viewer = reverse("exhibitions:photo", args=[demo.DEMO_SLUG, seeds.index(7) + 1])
        story = reverse("exhibitions:story", args=[gulnara.pk])

    page = client.get(detail, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert re.search(rf"<h1[^>]*>\s*{re.escape(title[language])}\s*</h1>", page)
    wall_text = statement[language].split("\n\n")[0]
    assert wall_text in page
    for chapter_title, chapter_text, _seeds in demo.CHAPTERS:
        assert f">{chapter_title[language]}</h2>" in page
        for code in others:
            assert f">{chapter_title[code]}</h2>" not in page
            assert not chapter_text or chapter_text[code] not in page
    for code in others:
        assert statement[code].split("\n\n")[0] not in page, code
        assert demo_texts.EXHIBITION["subtitle"][code] not in page, code

    portrait = client.get(viewer, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert re.search(rf"<h1[^>]*>\s*{re.escape(demo.PLATES_BY_SEED[7].title[language])}\s*</h1>", portrait)
    assert demo.PLATES_BY_SEED[7].alt[language] in portrait

    told = client.get(story, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    story_words = demo_texts.SUBJECTS[gulnara.name]["public_story"]
    assert story_words[language].split("\n\n")[0] in told
    for code in others:
        assert story_words[code].split("\n\n")[0] not in told, code


def test_the_draft_lacks_its_russian_and_no_visitor_sees_it(client):
    """A second show, a draft, leaves its Russian unwritten: the translation view has a gap to show."""
    demo.demo_load()
    draft = Exhibition.objects.get(slug=demo.DRAFT_SLUG)
    assert draft.status == Exhibition.Status.DRAFT and draft.default_language == "kk"
    assert missing(text_map(draft, "title")) == ["ru"] and missing(text_map(draft, "statement")) == ["ru"]
    assert text_map(draft, "title")["kk"] == demo_texts.DRAFT["title"]["kk"]
    photos = [item.photo for item in draft.items.filter(kind=ExhibitionItem.Kind.PHOTO).select_related("photo")]
    assert len(photos) == len(demo.DRAFT_SEEDS)
    for photo in photos:
        assert missing(text_map(photo, "title")) == [] and missing(text_map(photo, "alt_text")) == []
    assert client.get(reverse("exhibitions:detail", args=[demo.DRAFT_SLUG])).status_code == 404
    home = client.get(reverse("exhibitions:home"), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert demo_texts.DRAFT["title"]["kk"] not in home


def test_the_demo_show_hangs_on_two_walls_and_every_document_downloads(client):
    demo.demo_load()
    demo.demo_load()  # twice: the same venue, walls, openings and forms
    exhibition = Exhibition.objects.get(slug=demo.DEMO_SLUG)
    venue = Venue.objects.get(name=demo.VENUE_NAME)
    assert (Venue.objects.count(), Wall.objects.count(), Opening.objects.count()) == (1, 2, 2)
    assert WorkForm.objects.filter(item__exhibition=exhibition).count() == len(demo.PLATES)
    sizes = set(WorkForm.objects.values_list("print_w_mm", "print_h_mm"))
    assert {tuple(sorted(size)) for size in sizes} == {(300, 400), (400, 500), (500, 700)}
    assert venue.owner == exhibition.owner

    layouts = show.show_layout(exhibition)
    assert [layout.wall.length_mm for layout in layouts] == [4500, 6000]
    # The show fills the wall by the door and goes on along the windows: both walls carry works.
    assert all(layout.placements for layout in layouts)
    assert sum(len(layout.placements) for layout in layouts) == len(demo.PLATES)
    assert all(not layout.missing_mm and not layout.unplaced for layout in layouts)

    client.post(reverse("login"), {"username": demo.CURATOR, "password": demo.DEMO_PASSWORD})
    for kind in DOCUMENTS:
        response = client.get(reverse("studio:show-document", args=[exhibition.pk, kind]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), kind
