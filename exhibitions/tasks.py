"""Celery tasks for exhibitions: the every-minute sweep that publishes what is scheduled."""

from __future__ import annotations

from celery import shared_task

from exhibitions import services


@shared_task
def exhibitions_scheduled_publish() -> list[int]:
    """Idempotent: a rerun, or two workers at once, publish each due exhibition once."""
    return services.exhibitions_scheduled_publish()
