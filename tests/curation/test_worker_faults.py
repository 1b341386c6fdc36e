"""A worker killed mid-rendition loses nothing: the task is redelivered, or the sweep queues the photo again."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from curation import services
from curation.models import Photo, Rendition
from tests import factories
from tests.conftest import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def large_photo_bytes(seed: int) -> bytes:
    """A 24-megapixel, noisy JPEG: long enough to process that a kill lands mid-task."""
    noise = Image.effect_noise((1500, 1000), 60 + seed).convert("RGB").resize((6000, 4000))
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def pool_children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(line) for line in found.split()]


def wait_for_renditions_task_started(worker, photo_id: int, since: int) -> None:
    """Until the worker has received the full-set task and the photo is mid-way (thumbnail done, set not)."""

    def started() -> bool:
        return "photo_renditions_make" in worker.log()[since:] and Rendition.objects.filter(photo_id=photo_id).exists()

    wait_until(started, timeout=60, interval=0.02, message="the full rendition task to start")


def complete(photo: Photo) -> bool:
    photo.refresh_from_db()
    return photo.status == Photo.Status.READY


def test_a_killed_pool_process_mid_task_is_redelivered_and_makes_one_set(celery_worker):
    since = len(celery_worker.log())
    photo = factories.photo(data=large_photo_bytes(1))
    wait_for_renditions_task_started(celery_worker, photo.pk, since)
    children = pool_children(celery_worker.process.pid)
    assert children, "the worker has a pool process"
    for child in children:
        os.kill(child, signal.SIGKILL)

    wait_until(lambda: complete(photo), timeout=90, message=f"redelivery\n{celery_worker.log()[since:][-3000:]}")
    specs = list(photo.renditions.values_list("spec", flat=True))
    assert sorted(specs) == sorted(s.name for s in services.standard_specs())
    assert "WorkerLostError" in celery_worker.log()[since:] or "Process" in celery_worker.log()[since:]


def test_a_whole_worker_killed_mid_task_is_recovered_by_the_sweep_after_restart(celery_worker):
    since = len(celery_worker.log())
    photo = factories.photo(data=large_photo_bytes(2))
    wait_for_renditions_task_started(celery_worker, photo.pk, since)
    celery_worker.stop(signal.SIGKILL)
    photo.refresh_from_db()
    assert photo.status != Photo.Status.READY

    celery_worker.start()
    # The periodic sweep queues photos left pending; run it as it would a few minutes later (a worker killed outright
    # leaves its message taken, so the sweep waits CURATION_DELIVERED_TASK_SECONDS before it calls it lost).
    time.sleep(0.2)
    assert photo.pk in services.photos_pending_sweep(now=timezone.now() + timedelta(minutes=5))
    wait_until(lambda: complete(photo), timeout=90, message=f"recovery\n{celery_worker.log()[-3000:]}")
    assert photo.renditions.count() == len(services.standard_specs())
