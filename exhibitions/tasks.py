"""Celery tasks for exhibitions: the every-minute sweep that publishes what is scheduled, and the daily expiry sweep."""

from __future__ import annotations

from celery import shared_task

from exhibitions import consent, services


@shared_task
def exhibitions_scheduled_publish() -> list[int]:
    """Idempotent: a rerun, or two workers at once, publish each due exhibition once."""
    return services.exhibitions_scheduled_publish()


@shared_task
def consents_expired_take_down() -> list[int]:
    """Idempotent: a rerun finds the expired people already gone from published pages and changes nothing."""
    return [takedown.exhibition_id for takedown in consent.consents_expired_take_down()]
