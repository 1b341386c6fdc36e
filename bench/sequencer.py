"""Sequencer benchmark: reordering a 500-item exhibition and loading its sequencer page, against baselines.

    .venv/bin/python bench/sequencer.py            # about 10 s
    .venv/bin/python bench/sequencer.py --quick    # smoke run, a few seconds

Runs on the embedded defaults (SQLite, file cache) in a temporary directory. Photos and their rendition rows are
made directly (the page only needs their names); the exhibition is built through the services. Baselines, measured
in the same run on the same rows: a naive reorder that sends one UPDATE per item (twice, to step around the unique
position constraint), Django's bulk_update (batched by the backend's parameter limit), and the same sequencer page
for a 10-item exhibition. Writes var/bench/sequencer.json.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import random
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from _common import bench_workdir, private_django

ROOT = Path(__file__).resolve().parent.parent
RESULT_PATH = ROOT / "var" / "bench" / "sequencer.json"
ITEMS = 500
SMALL = 10


def _seed(items: int, *, owner, curator, title: str, start: int):
    """An exhibition of `items` items: photos with all ten rendition rows, two chapters and two text panels."""
    from django.utils import timezone

    from curation.models import Photo, Rendition
    from exhibitions import sequencing, services

    photo_count = items - 4 if items >= 20 else items
    now = timezone.now()
    photos = Photo.objects.bulk_create(
        Photo(
            owner=owner,
            original=f"originals/bench/{start + i}.jpg",
            original_filename=f"DSCF{start + i:05d}.JPG",
            content_hash=f"{start + i:064x}",
            width=2400,
            height=1600,
            title=f"Plate {i}",
            alt_text="A market stall piled with apples.",
            status=Photo.Status.READY,
            uploaded_at=now,
        )
        for i in range(photo_count)
    )
    Rendition.objects.bulk_create(
        Rendition(
            photo=photo,
            spec=f"{edge}.{fmt}",
            long_edge=edge,
            format=fmt,
            file=f"bench/{photo.pk}-{edge}.{fmt}",
            width=edge,
            height=edge * 2 // 3,
        )
        for photo in photos
        for fmt in ("jpeg", "webp")
        for edge in (320, 640, 1024, 1600, 2400)
    )
    exhibition = services.exhibition_create(owner=curator, title=title)
    half = len(photos) // 2
    if photo_count < items:
        sequencing.exhibition_section_add(exhibition=exhibition, title="Morning", text="Before the gates open.")
    sequencing.exhibition_photos_add(exhibition=exhibition, photos=photos[:half])
    if photo_count < items:
        sequencing.exhibition_text_panel_add(
            exhibition=exhibition, text="The market is where the city remembers itself."
        )
        sequencing.exhibition_section_add(exhibition=exhibition, title="Evening")
    sequencing.exhibition_photos_add(exhibition=exhibition, photos=photos[half:])
    if photo_count < items:
        sequencing.exhibition_text_panel_add(exhibition=exhibition, text="Closing time.")
    exhibition.refresh_from_db()
    assert exhibition.items.count() == items
    return exhibition


def _measure(run: Callable[[], object], rounds: int) -> tuple[int, float]:
    """Queries of one run (the same every time) and the median wall time in ms over `rounds` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries: set[int] = set()
    times: list[float] = []
    for _ in range(rounds):
        connection.queries_log.clear()  # the log keeps 9,000 entries: past that, counts would wrap
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        queries.add(len(captured.captured_queries))
    if os.environ.get("BENCH_SHOW_QUERIES"):
        print("\n".join(q["sql"][:140] for q in captured.captured_queries))
    assert len(queries) == 1, f"query count varied between runs: {sorted(queries)}"
    return queries.pop(), statistics.median(times)


def _shuffled(exhibition, rng: random.Random) -> list[int]:
    ids = list(exhibition.items.order_by("position").values_list("pk", flat=True))
    rng.shuffle(ids)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, for a smoke test")
    args = parser.parse_args()
    rounds = 3 if args.quick else 15

    workdir = bench_workdir("sequencer")
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    private_django("sequencer", workdir)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import F
    from django.test import Client
    from django.urls import reverse

    from curation import roles
    from exhibitions import sequencing
    from exhibitions.models import Exhibition, ExhibitionItem

    print(f"Seeding a {ITEMS}-item and a {SMALL}-item exhibition in {workdir} ...", flush=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    groups = roles.roles_ensure()
    users = get_user_model().objects
    photographer = users.create(username="photographer", password=make_password(None))
    photographer.groups.add(groups[roles.PHOTOGRAPHERS])
    curator = users.create(username="curator", password=make_password(None))
    curator.groups.add(groups[roles.CURATORS])
    large = _seed(ITEMS, owner=photographer, curator=curator, title="Large", start=0)
    small = _seed(SMALL, owner=photographer, curator=curator, title="Small", start=10_000)
    rng = random.Random(6)

    # --- Reorder: ours, then the baselines, each from a fresh random order of the same 500 items.
    seen = {"version": Exhibition.objects.get(pk=large.pk).version}

    def ours() -> None:
        # The page knows the version it saw: no query for it here, as in the sequencer's request.
        result = sequencing.exhibition_reorder(exhibition=large, item_ids=orders.pop(), version=seen["version"])
        seen["version"] = result.version

    def naive() -> None:
        order = orders.pop()
        with transaction.atomic():
            for pk in order:
                ExhibitionItem.objects.filter(pk=pk).update(position=F("position") + ITEMS)
            for index, pk in enumerate(order):
                ExhibitionItem.objects.filter(pk=pk).update(position=index)
            Exhibition.objects.filter(pk=large.pk).update(version=F("version") + 1)

    def bulk() -> None:
        order = orders.pop()
        with transaction.atomic():
            rows = list(ExhibitionItem.objects.filter(exhibition=large).only("pk", "position"))
            for row in rows:
                row.position += ITEMS
            ExhibitionItem.objects.bulk_update(rows, ["position"])
            where = {pk: index for index, pk in enumerate(order)}
            for row in rows:
                row.position = where[row.pk]
            ExhibitionItem.objects.bulk_update(rows, ["position"])
            Exhibition.objects.filter(pk=large.pk).update(version=F("version") + 1)

    results: dict[str, tuple[int, float]] = {}
    for name, run in (("ours", ours), ("naive", naive), ("bulk_update", bulk)):
        orders = [_shuffled(large, rng) for _ in range(rounds)]
        results[name] = _measure(run, rounds)
        positions = list(large.items.order_by("position").values_list("position", flat=True))
        assert positions == list(range(ITEMS)), f"{name} left positions that are not 0..{ITEMS - 1}"

    # --- The sequencer page, for 500 items and for 10.
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(curator)

    def page(exhibition: Exhibition) -> Callable[[], None]:
        path = reverse("studio:sequencer", args=[exhibition.pk])

        def get() -> None:
            response = client.get(path)
            assert response.status_code == 200 and b"seq-item" in response.content

        return get

    page(large)()  # templates compiled, session and caches warm
    page_large = _measure(page(large), rounds)
    page_small = _measure(page(small), rounds)

    reorder_queries, reorder_ms = results["ours"]
    naive_queries, naive_ms = results["naive"]
    bulk_queries, bulk_ms = results["bulk_update"]
    report = {
        "items": ITEMS,
        "reorder_queries": reorder_queries,
        "reorder_ms": round(reorder_ms, 2),
        "page_queries": page_large[0],
        "page_ms": round(page_large[1], 2),
        "baselines": {
            "naive_reorder_queries": naive_queries,
            "naive_reorder_ms": round(naive_ms, 2),
            "bulk_update_reorder_queries": bulk_queries,
            "bulk_update_reorder_ms": round(bulk_ms, 2),
            f"page_{SMALL}_items_queries": page_small[0],
            f"page_{SMALL}_items_ms": round(page_small[1], 2),
        },
        "ratios": {
            "naive_over_ours_reorder_ms": round(naive_ms / reorder_ms, 2),
            "naive_over_ours_reorder_queries": round(naive_queries / reorder_queries, 2),
            "bulk_update_over_ours_reorder_ms": round(bulk_ms / reorder_ms, 2),
            f"page_{ITEMS}_over_{SMALL}_queries": round(page_large[0] / page_small[0], 2),
            f"page_{ITEMS}_over_{SMALL}_ms": round(page_large[1] / page_small[1], 2),
        },
        "rounds": rounds,
        "database": "sqlite",
    }

    print(f"\nReorder of {ITEMS} items (median of {rounds}):")
    print(f"  ours                 {reorder_queries:5d} queries  {reorder_ms:8.2f} ms")
    print(f"  naive, one per item  {naive_queries:5d} queries  {naive_ms:8.2f} ms  ({naive_ms / reorder_ms:.1f}x ours)")
    print(f"  Django bulk_update   {bulk_queries:5d} queries  {bulk_ms:8.2f} ms  ({bulk_ms / reorder_ms:.1f}x ours)")
    print(f"Sequencer page (median of {rounds}):")
    print(f"  {ITEMS} items            {page_large[0]:5d} queries  {page_large[1]:8.2f} ms")
    print(f"  {SMALL} items             {page_small[0]:5d} queries  {page_small[1]:8.2f} ms")
    ratio_queries, ratio_ms = page_large[0] / page_small[0], page_large[1] / page_small[1]
    print(f"  ratio {ITEMS}/{SMALL}: queries {ratio_queries:.2f}, time {ratio_ms:.1f}")
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nWrote {RESULT_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
