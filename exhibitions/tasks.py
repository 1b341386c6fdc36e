"""Celery tasks for exhibitions: the every-minute sweep that publishes what is scheduled, the daily expiry sweep,
and the public bucket's sync, with the on-commit hooks that queue it."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.db import transaction

from curation.tasks import TRANSIENT
from exhibitions import consent, public_bucket, publishing

logger = logging.getLogger(__name__)


@shared_task
def exhibitions_scheduled_publish() -> list[int]:
    """Idempotent: a rerun, or two workers at once, publish each due exhibition once."""
    return publishing.exhibitions_scheduled_publish()


@shared_task
def consents_expired_take_down() -> list[int]:
    """Idempotent: a rerun finds the expired people already gone from published pages and changes nothing."""
    return [takedown.exhibition_id for takedown in consent.consents_expired_take_down()]


@shared_task(
    bind=True, autoretry_for=TRANSIENT, retry_backoff=2, retry_backoff_max=30, retry_jitter=True, max_retries=8
)
def public_renditions_sync(self) -> dict[str, int]:
    """Idempotent: a rerun finds the public prefix right and copies and deletes nothing."""
    try:
        report = public_bucket.public_renditions_sync()
    except public_bucket.SyncBusy as busy:
        # Not dropped: the running sync may have read the photos before the change that queued this one.
        raise self.retry(countdown=2, max_retries=150) from busy
    return {"copied": len(report.copied), "deleted": len(report.deleted), "missing": len(report.missing)}


def _public_renditions_sync_send() -> None:
    if not public_bucket.public_renditions_sync_claim():
        return  # one is queued and has not started: it will read this change
    try:
        public_renditions_sync.delay()
    except Exception:  # noqa: BLE001 - the change is committed; a broker hiccup must not fail it. Beat syncs soon.
        public_bucket.public_renditions_sync_unclaim()
        logger.warning("could not queue the public bucket's sync; beat runs it within a minute", exc_info=True)


def public_renditions_sync_queue() -> None:
    """Queue the public bucket's sync once the current transaction commits (at once outside one); public-bucket
    mode only. A takedown must reach the public prefix at once, not at beat's next run."""
    if public_bucket.public_bucket_enabled():
        transaction.on_commit(_public_renditions_sync_send)


def on_exhibition_saved(*, update_fields: frozenset[str] | None = None, **_kwargs: Any) -> None:
    """post_save and post_delete of Exhibition: publishing, unpublishing and takedowns all save the row's status or
    published snapshot, and these signals see them from any path (services, consent, admin). Registered in
    exhibitions/apps.py."""
    if update_fields is None or {"status", "published_snapshot"} & set(update_fields):
        public_renditions_sync_queue()
