"""Merges: published snapshots follow the surviving subject, so story links keep working."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from curation.models import Subject
from curation.texts import text_map
from exhibitions.cache import public_pages_changed
from exhibitions.models import Exhibition
from exhibitions.snapshot import subject_name_map

# --- Merges: published snapshots follow the surviving subject -------------------------------------------------


def snapshots_subject_replace(*, old_id: int, subject: Subject) -> list[int]:
    """Point published photo entries that name `old_id` at `subject`, so their story links keep working.

    Locks each exhibition it rewrites, so the caller must hold no person's row by then: publishing locks an
    exhibition before the people it shows.
    """
    changed: list[int] = []
    name = subject_name_map(subject)
    has_story = bool(text_map(subject, "public_story"))

    def fix(entry: dict[str, Any] | None) -> bool:
        if not entry or not any(s.get("id") == old_id for s in entry.get("subjects", [])):
            return False
        fixed, seen = [], set()
        for s in entry["subjects"]:
            s = (
                {**s, "id": subject.pk, "name": name, "has_story": has_story}
                if s["id"]
                in (
                    old_id,
                    subject.pk,
                )
                else s
            )
            if s["id"] not in seen:
                seen.add(s["id"])
                fixed.append(s)
        entry["subjects"] = fixed
        return True

    def rewrite(snapshot: dict[str, Any] | None) -> bool:
        """Point the snapshot's entries at `subject`, in place; whether any named `old_id`."""
        if not snapshot:
            return False
        touched = [fix(e) for e in snapshot.get("items", []) if e.get("kind") == "photo"]
        return any([*touched, fix(snapshot.get("cover"))])

    candidates = [
        pk
        for pk, snapshot in Exhibition.objects.published().order_by("pk").values_list("pk", "published_snapshot")
        if rewrite(snapshot)
    ]
    with transaction.atomic():
        for pk in candidates:
            # Rewrite the snapshot as it is under the lock, not as listed above: a republish committed in
            # between (a photo added, say) must not be overwritten by the older copy.
            locked = Exhibition.objects.select_for_update().filter(pk=pk, status=Exhibition.Status.PUBLISHED).first()
            if locked is None or not rewrite(locked.published_snapshot):
                continue  # unpublished meanwhile, or republished already naming `subject`
            locked.save(update_fields=["published_snapshot"])
            transaction.on_commit(lambda pk=pk: public_pages_changed(exhibition_id=pk))
            changed.append(pk)
    return changed
