"""Tasks run by a real Celery worker process on the configured broker (Redis in CI), not in eager mode."""

from __future__ import annotations

import io
import time

import pytest

from curation import services
from curation.models import Photo, Rendition
from tests import factories
from tests.conftest import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_an_uploaded_photo_is_processed_by_the_worker(celery_worker):
    photo = factories.photo(data=factories.jpeg_bytes(size=(2000, 1500)))  # queued on commit

    def ready() -> bool:
        photo.refresh_from_db()
        return photo.status in (Photo.Status.READY, Photo.Status.FAILED)

    wait_until(ready, timeout=60, message=f"the worker to process the photo\n{celery_worker.log()[-3000:]}")
    assert photo.status == Photo.Status.READY, photo.failure_reason
    assert {r.spec for r in photo.renditions.all()} == {s.name for s in services.standard_specs()}
    assert photo.renditions.get(spec="320.jpeg").width == 320
    assert "photo_thumbnail_make" in celery_worker.log()


def test_a_bad_file_fails_once_with_its_reason_and_the_queue_keeps_moving(celery_worker):
    owner = factories.photographer()
    good = factories.jpeg_bytes(size=(1600, 1200))
    broken = factories.photo(owner, data=good[: len(good) // 3], filename="broken.jpg")
    fine = factories.photo(owner, data=factories.jpeg_bytes())

    def settled() -> bool:
        return not Photo.objects.filter(pk__in=[broken.pk, fine.pk], status__in=["pending", "processing"]).exists()

    wait_until(settled, timeout=60, message="both photos to settle")
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.status == Photo.Status.FAILED and "cut short" in broken.failure_reason
    assert fine.status == Photo.Status.READY


def test_with_one_worker_every_thumbnail_of_an_upload_comes_before_any_full_set(celery_worker):
    owner = factories.photographer()
    batch = services.upload_batch_create(owner=owner, sending=True)
    photos = []
    for i in range(8):
        # Files trickle in, as from a browser: the worker is idle between them and could start a full set.
        data = factories.jpeg_bytes(size=(1600, 1200))
        photos.append(
            services.photo_create(owner=owner, upload=io.BytesIO(data), filename=f"D{i}.JPG", batch=batch).photo
        )
        time.sleep(0.3)
    services.upload_batch_sent(batch=batch)
    ids = [photo.pk for photo in photos]

    def settled() -> bool:
        return not Photo.objects.filter(pk__in=ids, status__in=services.BUSY).exists()

    wait_until(settled, timeout=90, message=f"the upload to be processed\n{celery_worker.log()[-3000:]}")
    assert Photo.objects.filter(pk__in=ids, status=Photo.Status.READY).count() == 8
    renditions = Rendition.objects.filter(photo_id__in=ids)
    last_thumbnail = max(r.created_at for r in renditions if r.spec == "320.jpeg")
    first_full = min(r.created_at for r in renditions if not r.spec.startswith("320."))
    assert last_thumbnail <= first_full
