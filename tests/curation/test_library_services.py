"""The library's services and reads: culling, tags, descriptions, bulk deletes, EXIF in words."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import storages

from curation import library, services, subjects
from curation.models import Photo, Subject, Tag, UploadBatch, rendition_url_maker, renditions_storage
from exhibitions import sequencing
from exhibitions import services as exhibition_services
from tests import factories

pytestmark = pytest.mark.django_db


def test_photos_rate_and_flag_change_only_the_photos_given():
    owner = factories.photographer()
    a, b = factories.photo(owner), factories.photo(owner)
    assert services.photos_rate(photos=Photo.objects.filter(pk=a.pk), rating=4) == 1
    assert services.photos_flag(photos=Photo.objects.filter(pk=a.pk), flag=Photo.Flag.PICK) == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.rating, a.flag) == (4, "pick")
    assert (b.rating, b.flag) == (0, "")


@pytest.mark.parametrize("rating", [-1, 6])
def test_a_rating_outside_zero_to_five_stars_is_refused(rating):
    photo = factories.photo()
    with pytest.raises(ValueError):
        services.photos_rate(photos=Photo.objects.filter(pk=photo.pk), rating=rating)


def test_an_unknown_flag_is_refused():
    photo = factories.photo()
    with pytest.raises(ValueError):
        services.photos_flag(photos=Photo.objects.filter(pk=photo.pk), flag="maybe")


def test_tag_names_are_split_on_commas_trimmed_and_deduplicated_ignoring_case():
    assert services.tag_names_parse(" market,  Portrait , market ,MARKET,\nGreen  Bazaar,, ") == [
        "market",
        "Portrait",
        "Green Bazaar",
    ]


def test_tags_are_per_owner_and_keep_their_first_spelling():
    me, other = factories.photographer(), factories.photographer()
    first = services.tags_ensure(owner=me, names=["Market"])
    again = services.tags_ensure(owner=me, names=["market", "dawn"])
    theirs = services.tags_ensure(owner=other, names=["market"])
    assert again[0].pk == first[0].pk and again[0].name == "Market"
    assert theirs[0].pk != first[0].pk
    assert Tag.objects.filter(owner=me).count() == 2


def test_bulk_tagging_twice_adds_each_tag_once_and_never_touches_someone_elses_photo():
    me, other = factories.photographer(), factories.photographer()
    mine = [factories.photo(me) for _ in range(3)]
    theirs = factories.photo(other)
    everything = Photo.objects.filter(pk__in=[p.pk for p in [*mine, theirs]])
    services.photos_tag(photos=everything, owner=me, names=["market", "dawn"])
    services.photos_tag(photos=everything, owner=me, names=["Market"])
    for photo in mine:
        assert sorted(t.name for t in photo.tags.all()) == ["dawn", "market"]
    assert not theirs.tags.exists()


def test_assigning_a_subject_reaches_only_the_subjects_owners_photos():
    me, other = factories.photographer(), factories.photographer()
    subject = Subject.objects.create(owner=me, name="The fruit seller")
    mine, theirs = factories.photo(me), factories.photo(other)
    count = subjects.photos_subject_assign(photos=Photo.objects.all(), subject=subject)
    assert count == 1
    assert list(mine.subjects.all()) == [subject]
    assert not theirs.subjects.exists()


def test_photo_update_saves_the_photographers_words_and_leaves_the_workers_fields_alone():
    owner = factories.photographer()
    photo = factories.processed_photo(owner)
    subject = Subject.objects.create(owner=owner, name="Aigul")
    stale = Photo.objects.get(pk=photo.pk)
    Photo.objects.filter(pk=photo.pk).update(status=Photo.Status.FAILED)  # a worker wrote meanwhile
    services.photo_update(
        photo=stale,
        title="  The fruit seller ",
        caption="Thirty years at the same stall.",
        alt_text="A woman behind a pile of apples.",
        place_name="Green Bazaar",
        tag_names=["market", "portrait"],
        subjects=[subject],
    )
    photo.refresh_from_db()
    assert photo.title == "The fruit seller"
    assert photo.alt_text == "A woman behind a pile of apples."
    assert photo.place_name == "Green Bazaar"
    assert sorted(t.name for t in photo.tags.all()) == ["market", "portrait"]
    assert list(photo.subjects.all()) == [subject]
    assert photo.status == Photo.Status.FAILED


def test_photo_update_refuses_someone_elses_subject():
    photo = factories.photo()
    stranger_subject = Subject.objects.create(owner=factories.photographer(), name="Not mine")
    with pytest.raises(ValueError):
        services.photo_update(
            photo=photo, title="", caption="", alt_text="", place_name="", tag_names=[], subjects=[stranger_subject]
        )


def test_photos_delete_removes_rows_renditions_and_files_after_commit(django_capture_on_commit_callbacks):
    owner = factories.photographer()
    photo = factories.processed_photo(owner)
    names = [r.file.name for r in photo.renditions.all()]
    original = photo.original.name
    with django_capture_on_commit_callbacks(execute=True):
        result = services.photos_delete(photos=Photo.objects.filter(pk=photo.pk))
    assert result.deleted == 1 and result.kept == []
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not storages["default"].exists(original)
    assert names and not any(storages["renditions"].exists(name) for name in names)


def test_photos_an_exhibition_uses_are_kept_when_deleting_and_reported(django_capture_on_commit_callbacks):
    owner = factories.photographer()
    shown, loose = factories.processed_photo(owner), factories.photo(owner)
    exhibition = exhibition_services.exhibition_create(owner=factories.curator(), title="Bazaar")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[shown])
    with django_capture_on_commit_callbacks(execute=True):
        result = services.photos_delete(photos=Photo.objects.filter(owner=owner))
    assert result.deleted == 1
    assert [p.pk for p in result.kept] == [shown.pk]
    assert Photo.objects.filter(pk=shown.pk).exists() and not Photo.objects.filter(pk=loose.pk).exists()
    assert storages["default"].exists(shown.original.name)


def test_a_batch_label_is_a_safe_display_label():
    batch = services.upload_batch_create(
        owner=factories.photographer(), source=UploadBatch.Source.IMPORT, label="/media/card/DCIM\u202e"
    )
    assert batch.label == "DCIM"


def test_photo_create_records_the_batch_it_came_in():
    owner = factories.photographer()
    batch = services.upload_batch_create(owner=owner)
    photo = services.photo_create(owner=owner, upload=io.BytesIO(factories.jpeg_bytes()), filename="a.jpg", batch=batch)
    assert photo.photo.batch == batch


@pytest.mark.parametrize(
    ("make", "model", "words"),
    [
        ("FUJIFILM", "X100V", "Fujifilm X100V"),
        ("Canon", "Canon EOS R5", "Canon EOS R5"),
        ("NIKON CORPORATION", "NIKON Z 6", "Nikon Z 6"),
        ("", "iPhone 15", "iPhone 15"),
        ("Leica Camera AG", "", "Leica"),
    ],
)
def test_camera_names_read_like_a_photographer_says_them(make, model, words):
    assert library.camera_name(make, model) == words


def test_exif_in_words_names_camera_focal_length_aperture_exposure_and_iso():
    photo = Photo(
        camera_make="FUJIFILM",
        camera_model="X100V",
        focal_length_mm=23.0,
        aperture=2.8,
        exposure_time="1/250",
        iso=400,
    )
    assert library.exif_in_words(photo) == "Fujifilm X100V · 23 mm · f/2.8 · 1/250 s · ISO 400"
    assert library.exif_in_words(Photo(aperture=8.0)) == "f/8"
    assert library.exif_in_words(Photo()) == ""


def test_thumbnail_urls_made_for_a_page_are_the_ones_the_storage_gives():
    url = rendition_url_maker()
    for name in ("ab/12/photo-320.jpg", "ab/a b&c-320.webp", "ab/Алматы #1-640.webp", "ab/./x-320.jpg", "ab/../y.jpg"):
        assert url(name) == renditions_storage.url(name)
