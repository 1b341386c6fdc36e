"""Thumbnails first: an upload's full rendition sets wait until every thumbnail of it is made (services, the batch
hold). Each test runs the worker's services directly and reads which full sets were queued, and when."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from curation import imaging, services
from curation.models import Photo, UploadBatch
from tests import factories

pytestmark = pytest.mark.django_db


def upload(batch: UploadBatch, count: int) -> list[Photo]:
    """Photos sent into the batch, as the upload page sends them."""
    photos = []
    for i in range(count):
        data = factories.jpeg_bytes(size=(400, 300))
        photos.append(
            services.photo_create(
                owner=batch.owner, upload=io.BytesIO(data), filename=f"DSCF{i:04d}.JPG", batch=batch
            ).photo
        )
    return photos


def thumbnail(photo: Photo) -> list[int]:
    """What the thumbnail task does: the thumbnail, then the full sets that are due; returns those queued."""
    services.photo_renditions_ensure(photo_id=photo.pk, specs=imaging.THUMBNAIL_SPECS)
    return services.photo_full_set_queue_when_due(photo_id=photo.pk)


@pytest.fixture
def batch() -> UploadBatch:
    return services.upload_batch_create(owner=factories.photographer(), sending=True)


def test_no_full_set_is_queued_while_files_are_being_sent_then_all_go_in_capture_order(batch):
    photos = upload(batch, 3)
    assert [thumbnail(photo) for photo in photos] == [[], [], []]
    for photo, minute in zip(photos, [30, 10, 20], strict=True):  # as the worker read them from EXIF
        Photo.objects.filter(pk=photo.pk).update(taken_at=timezone.now().replace(hour=7, minute=minute))
    # The page says it has sent everything: the shoot's full sets go, oldest frame first, as it will be culled.
    assert services.upload_batch_sent(batch=batch) == [photos[1].pk, photos[2].pk, photos[0].pk]
    assert services.photo_full_set_queue_when_due(photo_id=photos[0].pk) == []  # released once, not twice


def test_once_everything_is_sent_the_last_thumbnail_releases_the_round(batch):
    first, second, last = upload(batch, 3)
    thumbnail(first)
    thumbnail(second)
    assert services.upload_batch_sent(batch=batch) == []  # one thumbnail still to make
    assert thumbnail(last) == [first.pk, second.pk, last.pk]


def test_a_photo_that_fails_in_the_worker_does_not_hold_the_others(batch):
    good = upload(batch, 2)
    whole = factories.jpeg_bytes(size=(1600, 1200))
    # Cut inside the pixel data: the header is whole, so the upload accepts it; decoding it fails.
    cut = services.photo_create(
        owner=batch.owner, upload=io.BytesIO(whole[: len(whole) * 2 // 3]), filename="CUT.JPG", batch=batch
    ).photo
    for photo in good:
        thumbnail(photo)
    services.upload_batch_sent(batch=batch)
    assert thumbnail(cut) == [good[0].pk, good[1].pk]
    cut.refresh_from_db()
    assert cut.status == Photo.Status.FAILED and "cut short" in cut.failure_reason


def test_files_added_after_the_batch_was_sent_form_a_round_of_their_own(batch):
    first = upload(batch, 2)
    for photo in first:
        thumbnail(photo)
    assert services.upload_batch_sent(batch=batch) == [p.pk for p in first]
    services.upload_batch_sending(batch=batch)  # the photographer drops another folder on the page
    later = upload(batch, 2)
    assert [thumbnail(photo) for photo in later] == [[], []]
    assert services.upload_batch_sent(batch=batch) == [p.pk for p in later]


def test_a_photo_processed_again_after_its_release_goes_alone(batch):
    photos = upload(batch, 2)
    for photo in photos:
        thumbnail(photo)
    services.upload_batch_sent(batch=batch)
    again = photos[1]
    again.refresh_from_db()
    services.photo_processing_retry(photo=again)
    assert thumbnail(again) == [again.pk]


def test_a_photo_outside_any_batch_is_not_held():
    photo = factories.photo()
    assert thumbnail(photo) == [photo.pk]


def test_a_sender_that_vanished_stops_holding_and_the_sweep_finishes_its_round(batch, settings):
    photos = upload(batch, 2)
    assert [thumbnail(photo) for photo in photos] == [[], []]
    later = timezone.now() + timedelta(seconds=settings.CURATION_PENDING_SWEEP_AFTER_SECONDS + 5)
    # Still sending: the photos wait for the hold, and the sweep leaves them alone.
    UploadBatch.objects.filter(pk=batch.pk).update(sending_until=later + timedelta(seconds=60))
    assert services.photos_pending_sweep(now=later) == []
    # The tab was closed: the hold ends, the sweep queues them again, and the first thumbnail task releases all.
    UploadBatch.objects.filter(pk=batch.pk).update(sending_until=timezone.now())
    assert sorted(services.photos_pending_sweep(now=later)) == sorted(p.pk for p in photos)
    assert thumbnail(photos[1]) == [p.pk for p in photos]
    assert thumbnail(photos[0]) == []


def test_a_batch_nobody_said_was_sending_holds_only_while_its_thumbnails_are_made():
    batch = services.upload_batch_create(owner=factories.photographer())
    first, second = upload(batch, 2)
    assert thumbnail(first) == []  # the second photo's thumbnail comes first
    assert thumbnail(second) == [first.pk, second.pk]


def test_a_thumbnail_task_overtaken_by_its_release_and_its_full_set_does_not_queue_the_full_set_again(
    batch, monkeypatch
):
    from curation import tasks

    first, second = upload(batch, 2)
    thumbnail(first)
    queued: list[list[int]] = []
    queue = services._full_sets_queue
    monkeypatch.setattr(services, "_full_sets_queue", lambda ids: queued.append(list(ids)) or queue(ids))
    ensure = services.photo_renditions_ensure

    def ensure_then_the_others_run(**kwargs):
        made = ensure(**kwargs)
        # Meanwhile: the page says all is sent, which releases the round (this thumbnail is made), and another
        # worker takes the second photo's full set, marking the photo as just taken.
        services.upload_batch_sent(batch=batch)
        Photo.objects.filter(pk=second.pk).update(status_changed_at=timezone.now() + timedelta(seconds=1))
        return made

    monkeypatch.setattr(services, "photo_renditions_ensure", ensure_then_the_others_run)
    tasks.photo_thumbnail_make.run(second.pk)
    # Released once, by the page; the thumbnail task that was overtaken queues nothing more.
    assert [ids for ids in queued if ids] == [[first.pk, second.pk]]
