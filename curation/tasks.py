"""Celery tasks for the photo library: each loads by id and calls one service; all are idempotent."""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError
from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from curation import imaging, services

logger = logging.getLogger(__name__)

# Storage, database and broker hiccups are retried with backoff; a bad image is not an exception here
# (the service records it on the photo), so it is never retried.
TRANSIENT = (OSError, DatabaseError, BotoCoreError, ClientError)
RETRY = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 8,
}


def _give_up(task, exc, task_id, args, kwargs, einfo) -> None:  # noqa: ANN001 - Celery's hook signature
    photo_id = args[0] if args else kwargs.get("photo_id")
    if photo_id is not None:
        services.photo_failure_record(
            photo_id=photo_id, reason=_("Processing failed after several attempts: %(error)s") % {"error": exc}
        )


@shared_task(bind=True, on_failure=_give_up, **RETRY)
def photo_thumbnail_make(self, photo_id: int) -> None:
    """First, fast: metadata and the small thumbnail, so the library shows the photo within a second.

    The full set follows once every thumbnail of the photo's upload is made (services, "the batch hold").
    """
    started = timezone.now()
    services.photo_renditions_ensure(photo_id=photo_id, specs=imaging.THUMBNAIL_SPECS)
    services.photo_full_set_queue_when_due(photo_id=photo_id, started=started)


@shared_task(bind=True, on_failure=_give_up, **RETRY)
def photo_renditions_make(self, photo_id: int) -> None:
    """Every size and format a page needs, from one decode of the original."""
    services.photo_renditions_ensure(photo_id=photo_id, specs=services.standard_specs())


@shared_task
def photos_pending_sweep() -> None:
    queued = services.photos_pending_sweep()
    if queued:
        logger.info("re-queued %d photos left pending", len(queued))


@shared_task
def renditions_orphaned_delete() -> None:
    from curation import housekeeping

    removed = housekeeping.renditions_orphaned_delete()
    if removed:
        logger.info("removed %d rendition files that no row pointed at", len(removed))


@shared_task
def cache_repair() -> None:
    """Empty the shared cache if a process dropped a write to it while it was unreachable (curation.cache)."""
    from curation.cache import cache_repair as repair

    repair()
