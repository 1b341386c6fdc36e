"""Drill: two curators reorder the same exhibition in a loop from two processes (two connections).

Each process reloads the order and version, shuffles, and submits; a stale submission is refused and
retried. Afterwards positions must be 0..n-1 with every item present exactly once. Prints one JSON line.
Run by bench/drill.py on the drill's private stack (or alone on any configured database).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITEMS = 60
SECONDS = 8.0


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "curation.settings")
    import django

    django.setup()


def seed() -> int:
    from django.contrib.auth import get_user_model

    from curation.models import Photo
    from exhibitions import sequencing, services
    from exhibitions.models import Exhibition

    user_model = get_user_model()
    curator, _ = user_model.objects.get_or_create(username="drill-curator")
    photographer, _ = user_model.objects.get_or_create(username="drill-reorder-photographer")
    Exhibition.objects.filter(slug="drill-reorder").delete()
    exhibition = services.exhibition_create(owner=curator, title="Drill reorder", slug="drill-reorder")
    photos = Photo.objects.bulk_create(
        Photo(owner=photographer, content_hash=f"drill-reorder-{i}-{time.time_ns()}", original=f"drill/{i}.jpg")
        for i in range(ITEMS)
    )
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
    return exhibition.pk


def curator_loop(exhibition_id: int, seed_value: int, results: multiprocessing.Queue) -> None:
    setup_django()
    from django.db import OperationalError

    from exhibitions import sequencing
    from exhibitions.models import Exhibition

    rng = random.Random(seed_value)
    accepted = refused = errors = 0
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        exhibition = Exhibition.objects.get(pk=exhibition_id)
        order = list(exhibition.items.order_by("position").values_list("pk", flat=True))
        rng.shuffle(order)
        try:
            sequencing.exhibition_reorder(exhibition=exhibition, item_ids=order, version=exhibition.version)
            accepted += 1
        except sequencing.SequenceConflict:
            refused += 1
        except OperationalError:
            errors += 1  # a lock wait that timed out: the change is refused, never half-applied
    results.put({"accepted": accepted, "refused": refused, "errors": errors})


def main() -> None:
    setup_django()
    from django.db import connection

    exhibition_id = seed()
    connection.close()
    results: multiprocessing.Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.get_context("fork").Process(target=curator_loop, args=(exhibition_id, n, results))
        for n in range(2)
    ]
    for worker in workers:
        worker.start()
    counts = [results.get(timeout=SECONDS + 60) for _ in workers]
    for worker in workers:
        worker.join()

    from exhibitions.models import ExhibitionItem

    positions = sorted(ExhibitionItem.objects.filter(exhibition_id=exhibition_id).values_list("position", flat=True))
    items = ExhibitionItem.objects.filter(exhibition_id=exhibition_id).values_list("photo_id", flat=True)
    accepted = sum(c["accepted"] for c in counts)
    refused = sum(c["refused"] for c in counts)
    gap_free = positions == list(range(ITEMS))
    distinct = len(set(items)) == len(items) == ITEMS
    print(f"  two processes, {SECONDS:.0f} s: {accepted} reorders accepted, {refused} stale ones refused")
    print(f"  positions 0..{ITEMS - 1} without gaps: {gap_free}; every item once: {distinct}")
    print(
        json.dumps(
            {
                "passed": gap_free and distinct and accepted > 0,
                "items": ITEMS,
                "lost": ITEMS - len(set(items)),
                "accepted": accepted,
                "refused": refused,
                "lock_timeouts": sum(c["errors"] for c in counts),
            }
        )
    )


if __name__ == "__main__":
    main()
