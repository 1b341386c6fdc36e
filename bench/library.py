"""Library benchmark: the contact sheet of a 100 000-photo library — queries and server time per page.

    .venv/bin/python bench/library.py                    # 100 000 photos on SQLite, about a minute
    .venv/bin/python bench/library.py --photos 20000     # smaller and quicker
    DATABASE_URL=postgres://user:pw@host/db .venv/bin/python bench/library.py   # the same on PostgreSQL

Seeds a throw-away test database (never the configured one) with bulk_create: photos, two rendition rows each
pointing at one shared small file, upload batches, tags, subjects and an exhibition. Then requests library pages
through Django's test client (every middleware, the template, the session) and times them, taking turns: the
first page, a page 90 % of the way down by upload time and by capture time, a scroll fragment there, and filtered
pages, and, as the floor they stand on, the upload page: the same layout, middleware, session and user, and no
library work (what any page costs on the machine at hand; milliseconds differ from one machine to the next).
Baseline, measured in the same run: the same deep page cut with OFFSET and loaded with a rendition prefetch,
the way the first library view did it. Second baseline, also in the same run: the page statement of the tag and
"not in any exhibition" pages with the exact count inside, as the page did before it counted only up to a cap;
the two statements take turns, so a machine that slows down or speeds up meanwhile is charged to both.
Writes var/bench/library.json.

A page counts its filter only up to library.COUNT_EXACT_UP_TO ("More than 1,000 photos"); the page's script then
asks for the exact number with a second request (`count=1`). That request is measured too, for the tag and
"not in any exhibition" filters, and reported on its own (`count_requests`): it is work moved off the page, not
work saved, and it is not part of the page target.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULT_PATH = ROOT / "var" / "bench" / "library.json"
# Everything the run writes (SQLite file, media, cache) goes in a temporary folder, never into var/.
_TMP = tempfile.TemporaryDirectory(prefix="bench-library-")
os.environ["CURATION_VAR_DIR"] = _TMP.name
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "curation.settings")
os.environ["DJANGO_DEBUG"] = ""
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-library-not-secret")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from curation import library, roles  # noqa: E402
from curation.models import Photo, Rendition, Subject, Tag, UploadBatch  # noqa: E402
from exhibitions.models import Exhibition, ExhibitionItem  # noqa: E402

CHUNK = 5000
CUT_SHORT = "The file is cut short — copy it from the card again."
LAYOUT_TABLES = ('"django_session"', '"auth_user"', '"auth_group"', '"auth_permission"')
FLOOR = "layout_floor"


def seed(n: int, rnd: random.Random) -> dict:
    photographer = roles.user_create(username="bench", password="bench-pass-123", role=roles.PHOTOGRAPHERS)
    neighbour = roles.user_create(username="neighbour", password="bench-pass-123", role=roles.PHOTOGRAPHERS)
    now = datetime.now(UTC)
    start_upload = now - timedelta(days=400)
    start_taken = now - timedelta(days=800)
    batches = UploadBatch.objects.bulk_create(
        [
            UploadBatch(owner=photographer, label=f"card {i}", created_at=start_upload + timedelta(hours=29 * i))
            for i in range(n // 300 + 1)
        ]
    )
    tags = Tag.objects.bulk_create([Tag(owner=photographer, name=f"tag {i}") for i in range(30)])
    subjects = Subject.objects.bulk_create([Subject(owner=photographer, name=f"person {i}") for i in range(50)])

    flags = ["", "", "", "", "", "", "", "pick", "pick", "reject"]
    ratings = [0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 4, 5]
    for owner, count in ((photographer, n), (neighbour, n // 100)):
        for offset in range(0, count, CHUNK):
            photos = []
            for i in range(offset, min(count, offset + CHUNK)):
                # Pairs share an upload instant (two files stored in the same second) to exercise tie-breaking.
                uploaded = start_upload + timedelta(seconds=(i // 2) * 300)
                taken = None if rnd.random() < 0.03 else start_taken + timedelta(seconds=i * 600 + rnd.randrange(60))
                status = "failed" if rnd.random() < 0.002 else "ready"
                photos.append(
                    Photo(
                        owner=owner,
                        batch=batches[i // 300] if owner == photographer else None,
                        original=f"originals/bench/{owner.pk}/{i}.jpg",
                        original_filename=f"DSCF{i:06d}.JPG",
                        original_size=18_000_000,
                        original_format="JPEG",
                        content_hash=f"{owner.pk:04d}{i:060d}",
                        width=6000,
                        height=4000,
                        taken_at=taken,
                        uploaded_at=uploaded,
                        status_changed_at=uploaded,
                        status=status,
                        failure_reason="The file is cut short — copy it from the card again."
                        if status == "failed"
                        else "",
                        rating=rnd.choice(ratings),
                        flag=rnd.choice(flags),
                        camera_make="FUJIFILM",
                        camera_model="X100V",
                    )
                )
            Photo.objects.bulk_create(photos, batch_size=CHUNK)
            renditions, tag_rows, subject_rows = [], [], []
            for photo in photos:
                for fmt in ("jpeg", "webp"):
                    renditions.append(
                        Rendition(
                            photo=photo,
                            spec=f"320.{fmt}",
                            long_edge=320,
                            format=fmt,
                            file=f"bench/shared-320.{'jpg' if fmt == 'jpeg' else 'webp'}",
                            width=320,
                            height=213,
                            size=21_000,
                        )
                    )
                if owner == photographer:
                    for tag in rnd.sample(tags, rnd.choice([0, 1, 1, 2])):
                        tag_rows.append(Photo.tags.through(photo_id=photo.pk, tag_id=tag.pk))
                    if rnd.random() < 0.2:
                        subject_rows.append(
                            Photo.subjects.through(photo_id=photo.pk, subject_id=rnd.choice(subjects).pk)
                        )
            Rendition.objects.bulk_create(renditions, batch_size=CHUNK)
            Photo.tags.through.objects.bulk_create(tag_rows, batch_size=CHUNK)
            Photo.subjects.through.objects.bulk_create(subject_rows, batch_size=CHUNK)
            print(f"\r  seeded {owner.get_username()}: {min(count, offset + CHUNK)}/{count}", end="", flush=True)
        print()
    exhibition = Exhibition.objects.create(owner=photographer, title="Bench show", slug="bench-show")
    shown = Photo.objects.filter(owner=photographer).order_by("?").values_list("pk", flat=True)[:200]
    ExhibitionItem.objects.bulk_create(
        [ExhibitionItem(exhibition=exhibition, photo_id=pk, position=i) for i, pk in enumerate(shown)]
    )
    with connection.cursor() as cursor:
        # A library of this size has been through autovacuum: without it PostgreSQL's visibility map is empty
        # after a bulk insert, and counts fall back from index-only scans to reading every row.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"owner": photographer, "tag": tags[3], "subject": subjects[7]}


def deep_cursor(owner, sort: library.Sort, fraction: float) -> str:
    photos = Photo.objects.filter(owner=owner)
    if sort.nullable:
        photos = photos.filter(**{f"{sort.field}__isnull": False})
    sign = "-" if sort.descending else ""
    position = int(photos.count() * fraction)
    row = photos.order_by(f"{sign}{sort.field}", f"{sign}id").only("pk", sort.field)[position]
    return library.Key.of(row, sort).encode()


def measure(client: Client, urls: dict[str, str], repeat: int) -> dict[str, dict]:
    """Figures for each URL, requested in turns (every URL once per round, the order reversed every other round),
    so a machine that slows down or speeds up during the run is charged to every page alike."""
    for url in urls.values():
        for _ in range(3):
            assert client.get(url).status_code == 200, url
    samples: dict[str, list[float]] = {name: [] for name in urls}
    cpu: dict[str, list[float]] = {name: [] for name in urls}
    names = list(urls)
    for round_ in range(repeat):
        for name in names if round_ % 2 == 0 else reversed(names):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(urls[name])
            samples[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
    return {name: _figures(client, url, samples[name], cpu[name]) for name, url in urls.items()}


def _figures(client: Client, url: str, samples: list[float], cpu: list[float]) -> dict:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    own = [q for q in queries.captured_queries if not any(t in q["sql"].split(" WHERE ")[0] for t in LAYOUT_TABLES)]
    samples = sorted(samples)
    figures = {
        "url": url,
        "queries": len(queries.captured_queries),
        "queries_library": len(own),
        "server_ms_p50": round(statistics.median(samples), 2),
        "server_ms_p95": round(samples[int(len(samples) * 0.95) - 1], 2),
        # CPU of this process alone: on SQLite the whole request, and unaffected by other work on the machine.
        "server_cpu_ms_p50": round(statistics.median(cpu), 2),
    }
    if response["Content-Type"].startswith("application/json"):
        return {**figures, "total": response.json()["total"]}
    if "/upload/" in url:
        return figures
    return {
        **figures,
        "photos_shown": response.content.count(b'<li class="cell"'),
        "count_capped": b"data-count-url=" in response.content,
    }


def timed(fn, repeat: int) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def timed_in_turns(fns: dict, repeat: int) -> dict[str, float]:
    """Median milliseconds of each function, called in turns (order reversed every round) rather than in blocks."""
    names = list(fns)
    for name in names:
        fns[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        for name in names if round_ % 2 == 0 else reversed(names):
            start = time.perf_counter()
            fns[name]()
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def page_statement(owner, library_filter, sort: library.Sort, after: str, *, exact: bool):
    """The page's one statement (ids, thumbnails, count); `exact` counts every match, as before the cap."""
    photos = library.photos_filtered(owner, library_filter)
    key = library.Key.decode(after) if after else None

    def run() -> None:
        if exact:
            with mock.patch.object(library, "COUNT_EXACT_UP_TO", 10**12):
                library.library_page(photos, sort=sort, after=key, counted=photos.order_by().values("pk"))
        else:
            counted = library.photos_counted(owner, library_filter)
            library.library_page(photos, sort=sort, after=key, counted=counted)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["testserver"]
    # Pages are rendered as in production: hashed static names from the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        vendor = connection.vendor
        print(f"Seeding {args.photos} photos on {vendor} ({test_db}) …")
        start = time.perf_counter()
        seeded = seed(args.photos, random.Random(7))
        print(f"  seeded in {time.perf_counter() - start:.1f} s")
        owner = seeded["owner"]
        client = Client()
        client.force_login(owner)
        upload_desc, taken_asc = library.SORTS["uploaded-desc"], library.SORTS["taken-asc"]
        deep = deep_cursor(owner, upload_desc, 0.9)
        deep_taken = deep_cursor(owner, taken_asc, 0.9)
        pages = {
            "first": "/library/",
            "deep_by_upload": f"/library/?cursor={deep}",
            "deep_by_capture": f"/library/?sort=taken-asc&cursor={deep_taken}",
            "scroll_fragment_deep": f"/library/?cursor={deep}&fragment=1",
            "picks_3_stars_up": "/library/?rating=3&flag=pick",
            "tag": f"/library/?tag={seeded['tag'].pk}",
            "subject_by_capture": f"/library/?subject={seeded['subject'].pk}&sort=taken-desc",
            "not_in_exhibition_deep": f"/library/?not_in_exhibition=on&cursor={deep}",
            # Baseline: a page of the same layout, middleware, session and user that does no library work.
            FLOOR: "/library/upload/",
        }
        results = measure(client, pages, args.repeat)
        floor = results.pop(FLOOR)
        # What the page's script asks for after the grid is shown when the page could only say "more than".
        count_urls = {
            "tag": f"/library/?tag={seeded['tag'].pk}&count=1",
            "not_in_exhibition": "/library/?not_in_exhibition=on&count=1",
        }
        count_requests = measure(client, count_urls, args.repeat)

        # Baseline: the deep page by OFFSET with a rendition prefetch and a count, as the first view would have.
        photos = Photo.objects.filter(owner=owner)
        offset = int(photos.count() * 0.9)

        def offset_page() -> None:
            list(photos.order_by("-uploaded_at", "-id").with_renditions()[offset : offset + library.PAGE_SIZE])
            photos.count()

        def keyset_page() -> None:
            library.library_page(
                photos,
                sort=upload_desc,
                after=library.Key.decode(deep),
                size=library.PAGE_SIZE,
                counted=library.photos_counted(owner, library.LibraryFilter()),
            )

        offset_ms = timed(offset_page, args.repeat)
        keyset_ms = timed(keyset_page, args.repeat)

        # The page statement with the count capped against the same statement counting everything, in turns.
        statements = {
            "tag": (library.LibraryFilter(tag_id=seeded["tag"].pk), ""),
            "not_in_exhibition_deep": (library.LibraryFilter(not_in_exhibition=True), deep),
        }
        count_statement = {}
        for name, (library_filter, after) in statements.items():
            ms = timed_in_turns(
                {
                    "capped": page_statement(owner, library_filter, upload_desc, after, exact=False),
                    "exact": page_statement(owner, library_filter, upload_desc, after, exact=True),
                },
                args.repeat,
            )
            count_statement[name] = {
                "capped_ms": round(ms["capped"], 2),
                "exact_ms": round(ms["exact"], 2),
                "speedup": round(ms["exact"] / ms["capped"], 1),
            }
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)

    full_pages = {k: v for k, v in results.items() if k != "scroll_fragment_deep"}
    worst_p50 = max(v["server_ms_p50"] for v in full_pages.values())
    print(f"\n{args.photos} photos on {vendor}, {args.repeat} requests per page (test client, full middleware)")
    print(f"{'page':<24}{'queries':>8}{'library':>9}{'p50 ms':>9}{'p95 ms':>9}{'cpu ms':>9}{'shown':>7}")
    for name, r in results.items():
        print(
            f"{name:<24}{r['queries']:>8}{r['queries_library']:>9}{r['server_ms_p50']:>9}"
            f"{r['server_ms_p95']:>9}{r['server_cpu_ms_p50']:>9}{r['photos_shown']:>7}"
        )
    print(
        f"{'(baseline) upload page':<24}{floor['queries']:>8}{'':>9}{floor['server_ms_p50']:>9}"
        f"{floor['server_ms_p95']:>9}{floor['server_cpu_ms_p50']:>9}"
    )
    print(
        "  the baseline is a page with the same layout, middleware, session and user and no library work: what any"
        f" page costs on this machine. Worst library page: {worst_p50 / floor['server_ms_p50']:.1f}x that"
    )
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("  (queries = all of the request; library = beyond session, user, role and the layout's permission check)")
    capped = [name for name, r in results.items() if r["count_capped"]]
    print(f'  pages counted only up to {library.COUNT_EXACT_UP_TO} ("More than …"): {", ".join(capped) or "none"}')
    print("\nThe exact count, a second request the page's script makes (count=1; not part of the page target)")
    print(f"{'filter':<24}{'queries':>8}{'library':>9}{'p50 ms':>9}{'p95 ms':>9}{'cpu ms':>9}{'total':>7}")
    for name, r in count_requests.items():
        print(
            f"{name:<24}{r['queries']:>8}{r['queries_library']:>9}{r['server_ms_p50']:>9}"
            f"{r['server_ms_p95']:>9}{r['server_cpu_ms_p50']:>9}{r['total']:>7}"
        )
    print(f"\nDeep page data access, 90 % down: keyset {keyset_ms:.2f} ms vs OFFSET+prefetch {offset_ms:.2f} ms")
    print(f"  keyset is {offset_ms / keyset_ms:.1f}x faster than the OFFSET baseline measured in this run")
    print(f"\nPage statement with its count capped at {library.COUNT_EXACT_UP_TO} vs counting every match (in turns)")
    for name, r in count_statement.items():
        print(f"  {name:<24} capped {r['capped_ms']:.2f} ms vs exact {r['exact_ms']:.2f} ms: {r['speedup']}x faster")
    worst_queries = max(v["queries"] for v in full_pages.values())
    print(f"\nTargets: <= 5 queries and < 50 ms per page; worst full page: {worst_queries} queries, {worst_p50} ms p50")

    result = {
        "photos": args.photos,
        "queries_per_page": worst_queries,
        "server_ms_p50": worst_p50,
        "database": vendor,
        "queries_per_page_library": max(v["queries_library"] for v in full_pages.values()),
        "pages": results,
        "baseline_layout_page": floor,
        "worst_page_vs_layout_page": round(worst_p50 / floor["server_ms_p50"], 2),
        "count_exact_up_to": library.COUNT_EXACT_UP_TO,
        "count_requests": count_requests,
        "baseline_offset_deep_ms": round(offset_ms, 2),
        "keyset_deep_ms": round(keyset_ms, 2),
        "speedup_keyset_vs_offset": round(offset_ms / keyset_ms, 1),
        "page_statement_capped_vs_exact_count": count_statement,
        "repeat": args.repeat,
        "load_average": round(os.getloadavg()[0], 2),
        "versions": {"python": sys.version.split()[0], "django": django.get_version(), "sqlite": _sqlite_version()},
    }
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Wrote {RESULT_PATH.relative_to(ROOT)}")


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


if __name__ == "__main__":
    main()
