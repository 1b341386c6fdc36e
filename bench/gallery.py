"""Public gallery benchmark: a cached 60-photo exhibition page against a static file of the same size, both
served by the same gunicorn, under 20 concurrent clients.

    .venv/bin/python bench/gallery.py            # about 40 s
    .venv/bin/python bench/gallery.py --quick    # smoke run, about 15 s

Runs on the embedded defaults (SQLite, file cache) in a temporary directory: the photos' rows and small rendition
files are made directly, the exhibition is published through the services, and the page's uncached query count
is measured in this process. Writes var/bench/gallery.json.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import multiprocessing
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from _common import bench_workdir, free_port, private_django

ROOT = Path(__file__).resolve().parent.parent
RESULT_PATH = ROOT / "var" / "bench" / "gallery.json"
PHOTOS = 60
CLIENTS = 20
CLIENT_PROCESSES = 4  # the clients are threads in a few processes, so the client's own GIL is not what we measure


# --------------------------------------------------------------------------- load generation


def _client_process(port: int, path: str, threads: int, seconds: float, queue) -> None:
    """`threads` clients, each sending one request after another for `seconds`; puts the latencies in seconds."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                # gunicorn's sync workers close the connection after each response, so one connection per request.
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", path, headers={"Accept-Language": "en"})
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    failed += 1
                    continue
            except OSError:
                failed += 1
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors += failed

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put((latencies, errors))


def load(port: int, path: str, seconds: float) -> dict[str, float]:
    """Requests per second and latency percentiles for CLIENTS concurrent clients on one path."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    per_process = CLIENTS // CLIENT_PROCESSES
    processes = [
        context.Process(target=_client_process, args=(port, path, per_process, seconds, queue))
        for _ in range(CLIENT_PROCESSES)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for batch, _ in results for latency in batch)
    errors = sum(failed for _, failed in results)
    if not latencies:
        raise RuntimeError(f"no successful request to {path}")
    return {
        "rps": len(latencies) / min(elapsed, seconds + 0.5),
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "requests": len(latencies),
        "errors": errors,
    }


# --------------------------------------------------------------------------- the data


def _seed() -> str:
    """A published exhibition of PHOTOS photos with rendition rows and small files; returns its URL path."""
    from django.contrib.auth.hashers import make_password
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image

    from curation import roles
    from curation.models import Consent, Photo, Rendition, Subject, renditions_storage
    from exhibitions import publishing, sequencing, services

    groups = roles.roles_ensure()
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    photographer = users.create(username="photographer", first_name="Aigerim", password=make_password(None))
    photographer.groups.add(groups[roles.PHOTOGRAPHERS])
    curator = users.create(username="curator", password=make_password(None))
    curator.groups.add(groups[roles.CURATORS])
    people = [
        Subject.objects.create(owner=photographer, name=f"Seller {i}", public_name=f"Person {i}", public_story="Hi.")
        for i in range(6)
    ]
    # People on a published page agreed to be shown there (the page leaves out anyone who did not).
    Consent.objects.bulk_create(
        Consent(subject=person, status=Consent.Status.VERBAL, scope_web=True) for person in people
    )

    now = timezone.now()
    photos = Photo.objects.bulk_create(
        Photo(
            owner=photographer,
            original=f"originals/bench/{i}.jpg",
            original_filename=f"DSCF{1000 + i}.JPG",
            content_hash=f"{i:064x}",
            width=2400,
            height=1600,
            taken_at=now,
            dominant_color="#8a5a3c",
            placeholder="data:image/webp;base64,UklGRjAAAABXRUJQVlA4ICQAAACQAQCdASoQAAsAAUAmJaQAA3AA/v4yAAA=",
            title=f"Plate {i}",
            caption="Apples from her own garden in Talgar, thirty years at the same stall.",
            alt_text="A market stall piled with red and yellow apples under a striped awning.",
            place_name="Almaty",
            status=Photo.Status.READY,
            uploaded_at=now,
        )
        for i in range(PHOTOS)
    )
    for photo in photos[::5]:
        photo.subjects.add(people[photo.pk % len(people)])

    renditions = []
    for photo in photos:
        small = Image.new("RGB", (48, 32), (photo.pk * 37 % 256, 90, 60))
        for fmt, extension in (("jpeg", "jpg"), ("webp", "webp")):
            buffer = io.BytesIO()
            small.save(buffer, fmt.upper())
            for edge in (320, 640, 1024, 1600, 2400):
                name = renditions_storage.save(f"bench/{photo.pk}-{edge}.{extension}", ContentFile(buffer.getvalue()))
                renditions.append(
                    Rendition(
                        photo=photo,
                        spec=f"{edge}.{fmt}",
                        long_edge=edge,
                        format=fmt,
                        file=name,
                        width=edge,
                        height=edge * 2 // 3,
                        size=len(buffer.getvalue()),
                    )
                )
    Rendition.objects.bulk_create(renditions)

    exhibition = services.exhibition_create(
        owner=curator,
        title="Resilience and community",
        subtitle="A season at the Green Bazaar, Almaty",
        statement="Every morning before the gates of the Green Bazaar open, the people who keep it alive are at work.",
    )
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos[:30])
    sequencing.exhibition_text_panel_append(
        exhibition=exhibition, text="The market is where the city remembers itself."
    )
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos[30:])
    publishing.exhibition_publish(exhibition=exhibition)
    return f"/e/{exhibition.slug}/"


def _uncached_queries(path: str, host: str) -> tuple[int, int]:
    """Queries for one uncached request of the page, and the page's size in bytes (this also fills the cache)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(queries), len(response.content)


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, for a smoke test")
    args = parser.parse_args()
    seconds, rounds = (3.0, 1) if args.quick else (6.0, 3)

    workdir = bench_workdir("gallery")
    private_django("gallery", workdir)
    from django.conf import settings
    from django.core.management import call_command

    server = None
    try:
        print(f"Seeding a {PHOTOS}-photo published exhibition in {workdir} ...", flush=True)
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        path = _seed()
        port = free_port()
        queries, size = _uncached_queries(path, f"127.0.0.1:{port}")
        static_name = "bench-same-size.html"
        (Path(settings.STATIC_ROOT) / static_name).write_bytes(b"x" * size)
        static_path = settings.STATIC_URL + static_name

        workers = max(2, os.cpu_count() or 2)
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "curation.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
                "--backlog", "256", "--log-level", "warning",
            ],
            cwd=ROOT, env=dict(os.environ), start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", path)
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not answer")
            time.sleep(0.2)

        print(f"gunicorn: {workers} sync workers on 127.0.0.1:{port}; page {size} bytes, {queries} queries uncached")
        load(port, path, 1.0)  # warm every worker's memo of the page
        load(port, static_path, 1.0)
        pages, statics = [], []
        for _ in range(rounds):  # alternate, so a noisy neighbour hurts both sides alike
            pages.append(load(port, path, seconds))
            statics.append(load(port, static_path, seconds))
        page = max(pages, key=lambda r: r["rps"])
        static = max(statics, key=lambda r: r["rps"])
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)

    ratio = page["rps"] / static["rps"]
    print(f"{CLIENTS} concurrent clients, best of {rounds} run(s) of {seconds:.0f} s each")
    print(f"{'':26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, row in (("exhibition page (cached)", page), ("static file, same size", static)):
        print(f"{label:26}{row['rps']:9.0f}{row['p50_ms']:9.1f}{row['p99_ms']:9.1f}{row['errors']:8d}")
    print(f"ratio page/static: {ratio:.2f} (target >= 0.8); page p99 {page['p99_ms']:.1f} ms (target < 50 ms)")
    print(f"uncached page: {queries} queries (target <= 5)")
    result = {
        "page_rps": round(page["rps"], 1),
        "static_rps": round(static["rps"], 1),
        "ratio": round(ratio, 3),
        "p50_ms": round(page["p50_ms"], 2),
        "p99_ms": round(page["p99_ms"], 2),
        "queries_uncached": queries,
        "static_p50_ms": round(static["p50_ms"], 2),
        "static_p99_ms": round(static["p99_ms"], 2),
        "page_bytes": size,
        "photos": PHOTOS,
        "clients": CLIENTS,
        "gunicorn_workers": workers,
        "seconds_per_run": seconds,
        "runs": rounds,
    }
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULT_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
