"""The photo page: the large rendition, EXIF in words, private GPS, and the photographer's words about it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from curation import services
from curation.models import Photo, Subject
from exhibitions import sequencing
from exhibitions import services as exhibition_services
from tests import factories

pytestmark = pytest.mark.django_db


def page_url(photo: Photo) -> str:
    return reverse("curation:photo", args=[photo.pk])


def test_the_photo_page_shows_the_large_rendition_and_its_exif_in_words(client):
    owner = factories.photographer()
    photo = factories.processed_photo(owner)
    Photo.objects.filter(pk=photo.pk).update(focal_length_mm=23, aperture=2.8, exposure_time="1/250", iso=400)
    client.force_login(owner)
    html = client.get(page_url(photo)).content.decode()
    assert "Fujifilm X100V · 23 mm · f/2.8 · 1/250 s · ISO 400" in html
    assert photo.renditions.get(spec="1600.webp").url in html
    assert "14 May 2026" in html  # the capture date from EXIF
    assert reverse("curation:photo-original", args=[photo.pk]) in html


def test_gps_is_shown_to_the_owner_only(client):
    owner = factories.photographer()
    photo = factories.processed_photo(owner, data=factories.jpeg_bytes(gps=True))
    assert photo.gps_latitude is not None
    staff = factories.photographer()
    staff.is_staff = True
    staff.save()
    client.force_login(owner)
    assert "43.25833" in client.get(page_url(photo)).content.decode()
    client.force_login(staff)
    response = client.get(page_url(photo))
    assert response.status_code == 200 and "43.25833" not in response.content.decode()
    assert "43.2583" not in response.content.decode()


def test_editing_saves_title_caption_alt_text_tags_place_and_subjects(client):
    owner = factories.photographer()
    photo = factories.photo(owner)
    aigul = Subject.objects.create(owner=owner, name="Aigul")
    Subject.objects.create(owner=factories.photographer(), name="Someone else's")
    client.force_login(owner)
    form = client.get(page_url(photo)).content.decode()
    assert "Aigul" in form and "Someone else" not in form
    response = client.post(
        page_url(photo),
        {
            "title_en": "The fruit seller",
            "caption_en": "Apples from her own garden.",
            "alt_text_en": "A woman behind a pile of red apples.",
            "tags": "market, portrait, Market",
            "place_name_en": "Green Bazaar, Almaty",
            "subjects": [aigul.pk],
        },
        follow=True,
    )
    assert "Saved." in response.content.decode()
    photo.refresh_from_db()
    assert (photo.title, photo.caption, photo.place_name) == (
        "The fruit seller",
        "Apples from her own garden.",
        "Green Bazaar, Almaty",
    )
    assert photo.alt_text == "A woman behind a pile of red apples."
    assert sorted(t.name for t in photo.tags.all()) == ["market", "portrait"]
    assert list(photo.subjects.all()) == [aigul]
    html = client.get(page_url(photo)).content.decode()
    assert 'value="market, portrait"' in html


def test_someone_elses_subject_cannot_be_posted(client):
    owner = factories.photographer()
    photo = factories.photo(owner)
    theirs = Subject.objects.create(owner=factories.photographer(), name="Not mine")
    client.force_login(owner)
    response = client.post(page_url(photo), {"subjects": [theirs.pk]})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not photo.subjects.exists()


def test_a_missing_alt_text_is_pointed_out_until_it_is_written(client):
    owner = factories.photographer()
    photo = factories.photo(owner)
    client.force_login(owner)
    assert "needs alt text before it can be published" in client.get(page_url(photo)).content.decode()
    Photo.objects.filter(pk=photo.pk).update(alt_text="Apples.")
    assert "needs alt text before it can be published" not in client.get(page_url(photo)).content.decode()


def test_a_failed_photo_shows_its_reason_and_a_retry_button(client):
    owner = factories.photographer()
    photo = factories.photo(owner, status=Photo.Status.FAILED, failure_reason="The file is cut short.")
    client.force_login(owner)
    html = client.get(page_url(photo)).content.decode()
    assert "The file is cut short." in html
    assert reverse("curation:photo-retry", args=[photo.pk]) in html
    response = client.post(reverse("curation:photo-retry", args=[photo.pk]), {"next": page_url(photo)}, follow=True)
    assert "queued to be processed again" in response.content.decode()
    photo.refresh_from_db()
    assert photo.status == Photo.Status.PENDING


def test_the_page_lists_the_exhibitions_that_use_the_photo(client):
    owner = factories.photographer()
    photo = factories.photo(owner)
    exhibition = exhibition_services.exhibition_create(owner=factories.curator(), title="Resilience")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[photo])
    client.force_login(owner)
    assert "Resilience" in client.get(page_url(photo)).content.decode()


def test_the_photo_page_needs_few_queries(client, django_assert_max_num_queries):
    owner = factories.photographer()
    photo = factories.processed_photo(owner)
    services.photos_tag(photos=Photo.objects.filter(pk=photo.pk), owner=owner, names=["market", "dawn"])
    client.force_login(owner)
    with django_assert_max_num_queries(10):
        client.get(page_url(photo))
