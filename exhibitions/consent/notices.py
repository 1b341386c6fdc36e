"""Notices to curators: what consent changed on their exhibitions, until they dismiss it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from exhibitions.models import CuratorNotice

# --- Notices to curators --------------------------------------------------------------------------------------


def notices_open(exhibitions: Any) -> list[CuratorNotice]:
    """Undismissed notices of these exhibitions (ids, or a subquery of them), newest first."""
    return list(
        CuratorNotice.objects.filter(exhibition_id__in=exhibitions, dismissed_at__isnull=True).select_related(
            "exhibition"
        )
    )


def notice_dismiss(*, notice: CuratorNotice, actor) -> CuratorNotice:
    if notice.dismissed_at is None:
        notice.dismissed_at = timezone.now()
        notice.dismissed_by = actor
        notice.save(update_fields=["dismissed_at", "dismissed_by"])
    return notice
