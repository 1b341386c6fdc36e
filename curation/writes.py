"""Small helpers the write services share: link rows in bulk, and a safe label from a file's name."""

from __future__ import annotations

# Rows per INSERT when linking many photos at once: far below SQLite's and PostgreSQL's parameter limits.
BULK_CHUNK = 1000


def display_filename(name: str) -> str:
    """A safe display label from whatever name the browser or the disk gave: no path, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name if ch.isprintable() and ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )
    return name.strip()[:255]


def through_rows_add(through, photo_ids: list[int], field: str, value_id: int) -> None:
    """Link every photo of `photo_ids` to one tag or subject (`field` = value_id), in chunks."""
    for start in range(0, len(photo_ids), BULK_CHUNK):
        rows = [through(photo_id=pid, **{field: value_id}) for pid in photo_ids[start : start + BULK_CHUNK]]
        # ignore_conflicts: photos that already carry the tag or subject keep it once.
        through.objects.bulk_create(rows, ignore_conflicts=True)
