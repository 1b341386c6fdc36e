"""The photo library's services: ingest, renditions, failures and the sweep."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from curation import services
from curation.models import Photo, Rendition
from tests import factories

pytestmark = pytest.mark.django_db


def test_photo_create_keeps_the_original_under_a_generated_name():
    owner = factories.photographer()
    data = factories.jpeg_bytes()
    result = services.photo_create(owner=owner, upload=io.BytesIO(data), filename="../../etc/IMG_0001.JPG")
    photo = result.photo
    assert result.created
    assert photo.original_filename == "IMG_0001.JPG"
    assert "IMG_0001" not in photo.original.name and ".." not in photo.original.name
    assert photo.original.read() == data
    assert photo.status == Photo.Status.PENDING
    assert photo.original_format == "JPEG"


def test_two_photographers_uploading_the_same_name_get_two_originals():
    a = factories.photo(factories.photographer(), filename="IMG_0001.jpg")
    b = factories.photo(factories.photographer(), filename="IMG_0001.jpg")
    assert a.original.name != b.original.name
    assert a.original.read() != b.original.read()


def test_the_same_file_twice_is_reported_as_already_in_the_library():
    owner = factories.photographer()
    data = factories.jpeg_bytes()
    first = services.photo_create(owner=owner, upload=io.BytesIO(data), filename="a.jpg")
    second = services.photo_create(owner=owner, upload=io.BytesIO(data), filename="copy of a.jpg")
    assert not second.created
    assert second.photo.pk == first.photo.pk
    assert Photo.objects.filter(owner=owner).count() == 1


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "PDF"),
        (b"<html><body><script>alert(1)</script></body></html>", "HTML"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_with_a_reason(payload, words):
    owner = factories.photographer()
    with pytest.raises(services.PhotoRefused) as refused:
        services.photo_create(owner=owner, upload=io.BytesIO(payload), filename="holiday.jpg")
    assert words in refused.value.message
    assert not Photo.objects.exists()


def test_a_cut_short_file_is_refused_in_the_photographers_words():
    data = factories.jpeg_bytes(size=(1600, 1200))
    owner = factories.photographer()
    # probe() reads headers only, so a cut file may be accepted at upload and refused by the worker; either way
    # the photographer reads the same sentence.
    try:
        photo = services.photo_create(owner=owner, upload=io.BytesIO(data[: len(data) // 2]), filename="cut.jpg").photo
    except services.PhotoRefused as refused:
        assert "cut short" in refused.message
        return
    services.photo_renditions_ensure(photo_id=photo.pk, specs=services.standard_specs())
    photo.refresh_from_db()
    assert photo.status == Photo.Status.FAILED
    assert "cut short" in photo.failure_reason
    assert not photo.renditions.exists()


def test_a_file_over_the_size_cap_is_refused(settings):
    settings.CURATION_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(services.PhotoRefused) as refused:
        factories.photo(data=factories.jpeg_bytes())
    assert "MB limit" in refused.value.message


def test_renditions_are_made_once_in_every_standard_size_and_format():
    photo = factories.photo(data=factories.jpeg_bytes(size=(3000, 2000)))
    made = services.photo_renditions_ensure(photo_id=photo.pk, specs=services.standard_specs())
    photo.refresh_from_db()
    assert photo.status == Photo.Status.READY
    assert {r.spec for r in made} == {s.name for s in services.standard_specs()}
    largest = photo.renditions.get(spec="2400.jpeg")
    assert (largest.width, largest.height) == (2400, 1600)
    assert photo.width == 3000 and photo.camera_make == "Fujifilm"
    # A rerun (a redelivered task) makes nothing new.
    assert services.photo_renditions_ensure(photo_id=photo.pk, specs=services.standard_specs()) == []
    assert photo.renditions.count() == len(services.standard_specs())


def test_renditions_carry_no_gps_while_the_photo_record_keeps_it_privately():
    photo = factories.processed_photo(data=factories.jpeg_bytes(gps=True))
    assert photo.gps_latitude == pytest.approx(43.2583, abs=1e-3)
    assert photo.gps_longitude == pytest.approx(76.9458, abs=1e-3)
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as f:
            data = f.read()
        image = Image.open(io.BytesIO(data))
        assert 0x8825 not in image.getexif(), rendition.spec
        assert b"Fujifilm" not in data


def test_rendition_names_reveal_no_photo_id_and_change_with_content():
    photo = factories.processed_photo()
    names = [r.file.name for r in photo.renditions.all()]
    assert len(set(names)) == len(names)
    assert all(f"/{photo.pk}/" not in name for name in names)


def test_a_deleted_photo_while_queued_is_not_an_error():
    photo = factories.photo()
    photo_id = photo.pk
    services.photo_delete(photo=photo)
    assert services.photo_renditions_ensure(photo_id=photo_id, specs=services.standard_specs()) == []


def test_deleting_a_photo_removes_its_files_from_storage(django_capture_on_commit_callbacks):
    photo = factories.processed_photo()
    storage_names = [(r.file.storage, r.file.name) for r in photo.renditions.all()]
    original_storage, original_name = photo.original.storage, photo.original.name
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_delete(photo=photo)
    assert not original_storage.exists(original_name)
    assert not any(storage.exists(name) for storage, name in storage_names)
    assert not Rendition.objects.exists()


def test_the_sweep_queues_photos_whose_task_was_lost_within_two_minutes():
    lost = factories.photo()
    fresh = factories.photo()
    Photo.objects.filter(pk=lost.pk).update(status_changed_at=timezone.now() - timedelta(seconds=100))
    # Nothing is waiting in the broker for `lost` (its message was never sent): found on the next sweep.
    queued = services.photos_pending_sweep()
    assert queued == [lost.pk]
    assert fresh.pk not in queued
    # Once queued again it is not queued a second time by the next sweep.
    assert services.photos_pending_sweep() == []


def test_a_failed_photo_can_be_retried():
    photo = factories.photo()
    services.photo_failure_record(photo_id=photo.pk, reason="storage was down")
    photo.refresh_from_db()
    assert photo.status == Photo.Status.FAILED and photo.failure_reason == "storage was down"
    services.photo_processing_retry(photo=photo)
    services.photo_renditions_ensure(photo_id=photo.pk, specs=services.standard_specs())
    photo.refresh_from_db()
    assert photo.status == Photo.Status.READY and photo.failure_reason == ""
