"""The demo that `make run` loads: a published show in chapters, people with their stories and answers, and one
person who said no and is never shown."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from curation.models import Photo, Subject, SubjectEvent
from curation.people.rules import consent_gap
from exhibitions import demo
from exhibitions.models import Exhibition, ExhibitionItem

pytestmark = pytest.mark.django_db


def test_demo_load_publishes_an_exhibition_once_and_prints_credentials(capsys, client):
    call_command("demo_load")
    counts = (Photo.objects.count(), Subject.objects.count(), ExhibitionItem.objects.count())
    call_command("demo_load")
    assert (Photo.objects.count(), Subject.objects.count(), ExhibitionItem.objects.count()) == counts
    out = capsys.readouterr().out
    assert "Created the demo exhibition" in out and "Found the demo exhibition" in out
    assert demo.DEMO_PASSWORD in out
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
    assert f"Photograph: {demo.PHOTOGRAPHER_CREDIT}" in page and f"Photograph: {demo.PHOTOGRAPHER}" not in page


def test_the_demo_reaches_every_kind_of_public_page_from_the_home_page(client):
    demo.demo_load()
    home = client.get(reverse("exhibitions:home")).content.decode()
    detail_url = reverse("exhibitions:detail", args=[demo.DEMO_SLUG])
    assert f'href="{detail_url}"' in home and f'href="{reverse("exhibitions:feed")}"' in home
    page = client.get(detail_url).content.decode()
    for title, _text, _seeds in demo.CHAPTERS:
        assert f">{title}</h2>" in page
    assert '<div class="text-panel">' in page
    assert f'href="{reverse("exhibitions:photo", args=[demo.DEMO_SLUG, 1])}"' in page
    stories = sorted(set(re.findall(r'href="(/stories/\d+/)"', page)))
    shown = {s.public_name or s.name for s in demo.SUBJECTS if s.consent.get("status") != "declined"}
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
    for url in (reverse("exhibitions:home"), reverse("exhibitions:detail", args=[demo.DEMO_SLUG])):
        html = client.get(url).content.decode()
        assert demo.DECLINED_PLATE.title not in html and "Tea seller" not in html
    # Private notes are the photographer's: no public page carries them.
    gulnara = Subject.objects.get(public_name="Gulnara")
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
    declined = Photo.objects.get(title=demo.DECLINED_PLATE.title)
    assert declined.flag != Photo.Flag.PICK and f'name="photo" value="{declined.pk}"' not in picker
