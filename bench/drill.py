"""Fault drills: kill, restart and cut off the real components under load, then count what was lost.

Runs a private stack in a temporary folder — its own Redis server (the broker), its own S3-API server
(moto's standalone server, for storage), SQLite, and real Celery workers — so the drills never touch a
developer's data or the machine's shared services. Each drill prints what it did and what it checked,
and the results go to var/bench/drill.json. Exit status 1 if any drill failed.

    python bench/drill.py [--only NAME] [--photos 200]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from _common import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
QUEUES = "urgent,thumbnails,renditions,housekeeping"
DRILL_PASSWORD = "drill-pass-phrase-2026"


def say(message: str) -> None:
    print(f"  {message}", flush=True)


@dataclass
class DrillResult:
    name: str
    passed: bool
    photos: int
    lost: int
    details: dict = field(default_factory=dict)


class Stack:
    """The private services and the environment every process of the drill shares."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.redis_port = free_port()
        self.s3_port = free_port()
        self.redis: subprocess.Popen | None = None
        self.s3: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "curation.settings",
            "CURATION_VAR_DIR": str(folder / "var"),
            # Broker and cache on the private Redis, as in production: the drills take both away at once.
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "drill-not-secret",
            "S3_BUCKET": "drill",
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "AWS_ACCESS_KEY_ID": "drill",
            "AWS_SECRET_ACCESS_KEY": "drill",
            "S3_CONNECT_TIMEOUT": "2",
            "S3_READ_TIMEOUT": "4",
            "S3_MAX_ATTEMPTS": "1",
            "CURATION_PENDING_SWEEP_AFTER_SECONDS": "5",
            "CURATION_DELIVERED_TASK_SECONDS": "10",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("DATABASE_URL", None)
        self.web: subprocess.Popen | None = None
        self.web_port = free_port()

    # --- services ---------------------------------------------------------------------------------
    def redis_start(self) -> None:
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.redis_port)

    def redis_kill(self) -> None:
        if self.redis:
            self.redis.kill()
            self.redis.wait()

    def s3_start(self) -> None:
        log = (self.folder / "s3.log").open("ab")
        self.s3 = subprocess.Popen(
            [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)], stdout=log, stderr=log
        )
        wait_for_port(self.s3_port)
        import boto3

        boto3.client(
            "s3",
            endpoint_url=self.env["S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="drill",
            aws_secret_access_key="drill",
        ).create_bucket(Bucket="drill")

    def s3_pause(self) -> None:
        assert self.s3 is not None
        self.s3.send_signal(signal.SIGSTOP)

    def s3_resume(self) -> None:
        assert self.s3 is not None
        self.s3.send_signal(signal.SIGCONT)

    def web_start(self) -> str:
        """gunicorn as in production (gthread); the base URL."""
        log = (self.folder / "web.log").open("ab")
        self.web = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "curation.wsgi:application", "--bind", f"127.0.0.1:{self.web_port}",
             "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--timeout", "120",
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_for_port(self.web_port)
        return f"http://127.0.0.1:{self.web_port}"

    def web_stop(self) -> None:
        if self.web and self.web.poll() is None:
            os.killpg(self.web.pid, signal.SIGTERM)
            self.web.wait(timeout=20)
        self.web = None

    def worker_start(self, concurrency: int = 2, *, beat: bool = False) -> subprocess.Popen:
        log = (self.folder / "worker.log").open("ab")
        worker = subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "curation", "worker", "-Q", QUEUES, f"--concurrency={concurrency}",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             *(["--beat"] if beat else [])],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.workers.append(worker)
        return worker

    def workers_supervise(self) -> int:
        """Start a new worker for each that exited, as the compose file's restart policy (or systemd) would.

        A worker may exit when the broker vanishes under it: kombu can raise while handing back a message that
        was in flight ("Unrecoverable error" in the worker log). What the drill checks is that nothing is lost.
        """
        restarted = 0
        for worker in list(self.workers):
            if worker.poll() is not None:
                self.workers.remove(worker)
                self.worker_start(beat="--beat" in worker.args)
                restarted += 1
                say(f"worker exited (code {worker.returncode}); its supervisor starts a new one")
        return restarted

    def workers_stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        self.workers.clear()

    def worker_log(self) -> str:
        path = self.folder / "worker.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def manage(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=False, **kwargs)

    def stop(self) -> None:
        self.web_stop()
        self.workers_stop()
        self.redis_kill()
        if self.s3:
            self.s3_resume()
            self.s3.terminate()
            self.s3.wait(timeout=10)


# --- helpers that run inside this process, on the drill's Django ---------------------------------------


def jpeg(seed: int, size: tuple[int, int] = (900, 600)) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), fill=(seed % 256, 200, 30))
    # The colours above repeat every 256 seeds; a grid of cells coloured from the seed keeps every file unique (a
    # block differing by one unit of green, as before, could encode to the same JPEG bytes).
    cells = random.Random(seed)
    for cell in range(64):
        x, y = (cell % 8) * 16, (cell // 8) * 16
        draw.rectangle((x, y, x + 15, y + 15), fill=tuple(cells.randrange(0, 256, 32) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def large_jpeg(seed: int) -> bytes:
    from PIL import Image

    image = Image.effect_noise((1500, 1000), 50 + seed % 30).convert("RGB").resize((6000, 4000))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def owner(username: str = "drill"):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=username)
    return user


def upload(data: bytes, name: str, user=None) -> int:
    from curation import services

    return services.photo_create(owner=user or owner(), upload=io.BytesIO(data), filename=name).photo.pk


def unsettled(ids: list[int]) -> int:
    from curation.models import Photo

    return Photo.objects.filter(pk__in=ids, status__in=["pending", "processing"]).count()


def wait_settled(
    ids: list[int], timeout: float, *, sweep_every: float | None = None, supervise: Stack | None = None
) -> bool:
    """Until every photo is ready or failed; optionally running the pending sweep as beat would, and restarting
    the stack's workers that exited as their supervisor would."""
    from curation import services

    deadline = time.monotonic() + timeout
    next_sweep = time.monotonic() + (sweep_every or 0)
    while time.monotonic() < deadline:
        if unsettled(ids) == 0:
            return True
        if supervise is not None:
            supervise.workers_supervise()
        if sweep_every and time.monotonic() >= next_sweep:
            queued = services.photos_pending_sweep()
            if queued:
                say(f"sweep queued {len(queued)} photos left pending")
            next_sweep = time.monotonic() + sweep_every
        time.sleep(0.25)
    return unsettled(ids) == 0


def agreement(ids: list[int]) -> dict:
    """Counts that must all be zero (or complete) for the database and storage to agree."""
    from datetime import timedelta

    from curation import housekeeping, services
    from curation.models import Photo, Rendition

    wanted = len(services.standard_specs())
    ready = Photo.objects.filter(pk__in=ids, status="ready")
    incomplete_sets = sum(1 for p in ready.prefetch_related("renditions") if p.renditions.count() != wanted)
    duplicate_specs = Rendition.objects.filter(photo_id__in=ids).count() - sum(
        len(set(p.renditions.values_list("spec", flat=True))) for p in Photo.objects.filter(pk__in=ids)
    )
    orphans = housekeeping.renditions_orphaned_delete(older_than=timedelta(0))
    # A failed photo says why, so a drill that fails on a slow machine can be read from its output alone.
    for pk, reason in Photo.objects.filter(pk__in=ids, status="failed").values_list("pk", "failure_reason"):
        say(f"photo {pk} failed: {reason}")
    return {
        "ready": ready.count(),
        "failed": Photo.objects.filter(pk__in=ids, status="failed").count(),
        "pending": unsettled(ids),
        "incomplete_sets": incomplete_sets,
        "duplicate_specs": duplicate_specs,
        # Of these photos only: the reorder drill's photos, in the same database, are rows without files by design.
        "rows_without_file": rows_without_file(ids),
        "orphan_files_removed": len(orphans),
    }


def rows_without_file(ids: list[int]) -> int:
    from curation.models import Photo, Rendition, renditions_storage

    originals = Photo._meta.get_field("original").storage
    held = Photo.objects.filter(pk__in=ids).values_list("original", flat=True)
    names = Rendition.objects.filter(photo_id__in=ids).values_list("file", flat=True)
    return sum(1 for name in held if not originals.exists(name)) + sum(
        1 for name in names if not renditions_storage.exists(name)
    )


def purge_queues() -> None:
    from curation.celery import app

    app.control.purge()


# --- the drills ------------------------------------------------------------------------------------------


def drill_kill_pool_process(stack: Stack, photos: int) -> DrillResult:
    worker = stack.worker_start(concurrency=1)
    time.sleep(3)
    ids = [upload(large_jpeg(seed), f"large-{seed}.jpg") for seed in range(3)]
    since = len(stack.worker_log())
    deadline = time.monotonic() + 60
    while "photo_renditions_make" not in stack.worker_log()[since:] and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    children = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True).stdout.split()
    for child in children:
        os.kill(int(child), signal.SIGKILL)
    say(f"SIGKILLed pool process {', '.join(children)} mid-rendition")
    settled = wait_settled(ids, timeout=120)
    stack.workers_stop()
    counts = agreement(ids)
    say(f"after redelivery: {counts}")
    lost = len(ids) - counts["ready"]
    passed = settled and lost == 0 and counts["incomplete_sets"] == 0 and counts["duplicate_specs"] == 0
    return DrillResult("kill_pool_process_mid_rendition", passed, len(ids), lost, counts)


def drill_restart_redis(stack: Stack, photos: int) -> DrillResult:
    stack.worker_start(concurrency=2)
    time.sleep(3)
    ids = []
    for seed in range(photos):
        ids.append(upload(jpeg(1000 + seed), f"batch-{seed}.jpg"))
        if seed == photos // 2:
            stack.redis_kill()
            say(f"killed Redis after {seed + 1} of {photos} uploads (it keeps nothing on disk: queued tasks are gone)")
            time.sleep(1)
            stack.redis_start()
            say("Redis is back; uploads continue")
    # Uploads made while Redis was down still committed; their enqueue failed or was lost. The sweep finds them.
    settled = wait_settled(ids, timeout=240, sweep_every=6, supervise=stack)
    stack.workers_stop()
    counts = agreement(ids)
    say(f"after the sweep: {counts}")
    lost = photos - counts["ready"] - counts["failed"]
    passed = settled and lost == 0 and counts["pending"] == 0 and counts["rows_without_file"] == 0
    return DrillResult("restart_redis_during_batch", passed, photos, lost, counts)


def drill_storage_outage(stack: Stack, photos: int) -> DrillResult:
    from curation.models import Photo

    stack.worker_start(concurrency=2)
    time.sleep(3)
    count = 20
    ids = [upload(jpeg(5000 + seed, (1600, 1200)), f"outage-{seed}.jpg") for seed in range(count)]
    stack.s3_pause()
    say("S3-API server frozen (SIGSTOP) while renditions are being made")
    before = Photo.objects.count()
    refused, messages = 0, set()
    for seed in range(3):
        try:
            upload(jpeg(6000 + seed), f"during-outage-{seed}.jpg")
        except Exception as error:  # noqa: BLE001 - the drill records whatever the upload path raised
            refused += 1
            messages.add(type(error).__name__)
    stored_during = Photo.objects.count() - before
    say(f"3 uploads during the outage: {refused} refused ({', '.join(sorted(messages)) or '-'}), {stored_during} rows")
    time.sleep(8)
    stack.s3_resume()
    say("S3-API server resumed; renditions retry with backoff")
    settled = wait_settled(ids, timeout=240, sweep_every=30)
    stack.workers_stop()
    counts = agreement(ids)
    say(f"after the outage: {counts}")
    lost = count - counts["ready"]
    passed = settled and lost == 0 and refused == 3 and stored_during == 0 and counts["rows_without_file"] == 0
    counts.update({"uploads_refused_during_outage": refused, "rows_stored_during_outage": stored_during})
    return DrillResult("storage_outage", passed, count, lost, counts)


KILL_AFTER_COMMIT = """
import io, os
from django.db import transaction
from curation import services
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(username="drill")
with open({path!r}, "rb") as f:
    data = f.read()
with transaction.atomic():
    # Registered first, so it runs first after COMMIT: the process dies before the enqueue hook runs.
    transaction.on_commit(lambda: os._exit(9))
    photo = services.photo_create(owner=user, upload=io.BytesIO(data), filename="killed-web.jpg").photo
"""


def drill_web_killed_before_enqueue(stack: Stack, photos: int) -> DrillResult:
    from curation.models import Photo

    path = stack.folder / "killed.jpg"
    path.write_bytes(jpeg(7000))
    before = set(Photo.objects.values_list("pk", flat=True))
    result = stack.manage("shell", "-c", KILL_AFTER_COMMIT.format(path=str(path)), capture_output=True)
    ids = list(set(Photo.objects.values_list("pk", flat=True)) - before)
    say(f"web process exited with {result.returncode} right after COMMIT; {len(ids)} photo row committed")
    stack.worker_start(concurrency=1)
    time.sleep(4)
    was_pending = unsettled(ids) == len(ids) == 1
    say(f"with a worker running and no task queued, the photo is still pending: {was_pending}")
    settled = wait_settled(ids, timeout=90, sweep_every=6)
    stack.workers_stop()
    counts = agreement(ids)
    say(f"after the sweep: {counts}")
    lost = len(ids) - counts["ready"]
    passed = result.returncode == 9 and was_pending and settled and lost == 0
    return DrillResult("web_killed_between_commit_and_enqueue", passed, len(ids), lost, counts)


def drill_concurrent_reorder(stack: Stack, photos: int) -> DrillResult:
    script = ROOT / "bench" / "drill_reorder.py"
    result = subprocess.run([PYTHON, str(script)], cwd=ROOT, env=stack.env, capture_output=True, text=True)
    print(result.stdout, end="")
    try:
        data = json.loads(result.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        say(result.stderr[-2000:])
        return DrillResult("concurrent_reorder", False, 0, 0, {"error": result.stderr[-500:]})
    return DrillResult("concurrent_reorder", data["passed"], data["items"], data["lost"], data)


# --- Redis stopped while visitors and a photographer use the site -------------------------------------------


class Visitors(threading.Thread):
    """People loading public pages in a loop, over HTTP, counting every answer that is not 200."""

    def __init__(self, base: str, paths: list[str]) -> None:
        super().__init__(daemon=True)
        self.base, self.paths = base, paths
        self.stop = threading.Event()
        self.answers: list[tuple[float, int, float]] = []  # (when, status, seconds)

    def run(self) -> None:
        import requests

        with requests.Session() as session:
            while not self.stop.is_set():
                for path in self.paths:
                    started = time.monotonic()
                    try:
                        status = session.get(self.base + path, timeout=30).status_code
                    except requests.RequestException:
                        status = 0
                    self.answers.append((started, status, time.monotonic() - started))


def seed_exhibition() -> tuple[str, list[str]]:
    """A photographer (outage-photographer) and a published exhibition of processed photos: its public paths.

    Names of this drill's own: the drills share one database, and an earlier one may have made a "drill-…" user."""
    from curation import roles, services
    from exhibitions import publishing, sequencing
    from exhibitions import services as exhibition_services

    photographer = roles.user_create(username="outage-photographer", password=DRILL_PASSWORD, role=roles.PHOTOGRAPHERS)
    curator = roles.user_create(username="outage-curator", password=DRILL_PASSWORD, role=roles.CURATORS)
    photos = []
    for seed in range(4):
        data = io.BytesIO(jpeg(9000 + seed))
        created = services.photo_create(owner=photographer, upload=data, filename=f"{seed}.jpg")
        services.photo_renditions_ensure(photo_id=created.photo.pk, specs=services.standard_specs())
        photos.append(created.photo)
    from curation.models import Photo

    Photo.objects.filter(pk__in=[p.pk for p in photos]).update(alt_text="A market stall")
    exhibition = exhibition_services.exhibition_create(owner=curator, title="Green Bazaar", statement="Mornings.")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
    publishing.exhibition_publish(exhibition=exhibition)
    base = f"/e/{exhibition.slug}/"
    return "outage-photographer", ["/", base, f"{base}2/"]


def login(base: str, username: str):
    import requests

    session = requests.Session()
    url = base + "/accounts/login/"
    session.get(url, timeout=30).raise_for_status()
    answer = session.post(
        url,
        data={"username": username, "password": DRILL_PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=30,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"login answered {answer.status_code}")
    return session


def http_upload(session, base: str, data: bytes, name: str) -> dict:
    import requests

    try:
        answer = session.post(
            base + "/library/upload/files/",
            files={"file": (name, data, "image/jpeg")},
            headers={"X-CSRFToken": session.cookies["csrftoken"], "Accept": "application/json"},
            timeout=60,
        )
    except requests.RequestException as error:
        return {"status": "error", "error": type(error).__name__}
    try:
        return {"http": answer.status_code, **answer.json()}
    except ValueError:
        return {"http": answer.status_code, "status": "error"}


def drill_redis_outage_under_load(stack: Stack, photos: int) -> DrillResult:
    """Redis (broker and cache) stopped for 30 s while visitors load public pages and a photographer uploads."""
    stack.manage("collectstatic", "--noinput", "-v0")
    username, paths = seed_exhibition()
    base = stack.web_start()
    stack.worker_start(concurrency=2, beat=True)
    photographer = login(base, username)
    visitors = [Visitors(base, paths) for _ in range(3)]
    for visitor in visitors:
        visitor.start()
    answers: list[dict] = []
    seed = 20000

    def upload_for(seconds: float) -> None:
        nonlocal seed
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            answers.append(http_upload(photographer, base, jpeg(seed), f"outage-{seed}.jpg"))
            seed += 1
            time.sleep(0.5)

    upload_for(5)
    stack.redis_kill()
    down_at = time.monotonic()
    say("Redis killed: the broker and the cache are gone (it keeps nothing on disk)")
    upload_for(15)
    # Signing in while Redis is down: the session is written to the database alone.
    late = login(base, username)
    answers.append(http_upload(late, base, jpeg(seed), f"outage-{seed}.jpg"))
    seed += 1
    upload_for(max(0.0, 30 - (time.monotonic() - down_at)))
    stack.redis_start()
    up_at = time.monotonic()
    say(f"Redis back after {up_at - down_at:.0f} s (empty)")
    upload_for(5)
    for visitor in visitors:
        visitor.stop.set()
    for visitor in visitors:
        visitor.join(timeout=40)

    from curation.models import Photo

    imported = [a for a in answers if a.get("status") == "imported"]
    ids = [a["photo_id"] for a in imported]
    refused = [a for a in answers if a.get("status") != "imported"]
    settled = wait_settled(ids, timeout=240, supervise=stack)  # beat runs the sweep: nothing is run by hand here
    stack.web_stop()
    stack.workers_stop()
    counts = agreement(ids)
    seen = [answer for visitor in visitors for answer in visitor.answers]
    during = [a for a in seen if down_at <= a[0] < up_at]
    not_ok = [a for a in seen if a[1] != 200]
    slowest = max((a[2] for a in during), default=0.0)
    details = {
        **counts,
        "uploads": len(answers),
        "uploads_refused": len(refused),
        "page_loads": len(seen),
        "page_loads_during_outage": len(during),
        "page_loads_not_200": len(not_ok),
        "slowest_page_during_outage_s": round(slowest, 2),
        "median_page_during_outage_s": round(sorted(a[2] for a in during)[len(during) // 2], 3) if during else None,
        "photos_in_db": Photo.objects.filter(pk__in=ids).count(),
    }
    say(
        f"{len(seen)} page loads ({len(during)} while Redis was down), {len(not_ok)} not 200; "
        f"{len(answers)} uploads, {len(refused)} refused; after: {counts}"
    )
    for answer in refused[:3]:
        say(f"refused upload: {answer}")
    lost = len(answers) - counts["ready"]
    whole = not counts["rows_without_file"]
    passed = settled and not not_ok and not refused and lost == 0 and len(during) > 0 and whole
    return DrillResult("redis_outage_under_load", passed, len(answers), lost, details)


# --- An opening on time behind a 300-photo backlog -----------------------------------------------------------


def drill_opening_behind_a_backlog(stack: Stack, photos: int) -> DrillResult:
    """300 photos' renditions queued, one worker for everything (as `make run`): a scheduled opening is on time."""
    from datetime import timedelta

    from django.utils import timezone

    from curation import roles, services
    from curation.models import Photo
    from exhibitions import publishing, sequencing
    from exhibitions import services as exhibition_services

    curator = roles.user_create(username="opening-curator", password=DRILL_PASSWORD, role=roles.CURATORS)
    photographer = owner("opening-photographer")
    ready = services.photo_create(owner=photographer, upload=io.BytesIO(jpeg(30000)), filename="ready.jpg").photo
    services.photo_renditions_ensure(photo_id=ready.pk, specs=services.standard_specs())
    Photo.objects.filter(pk=ready.pk).update(alt_text="An opening")
    exhibition = exhibition_services.exhibition_create(owner=curator, title="Opening night")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[ready])

    backlog = 300
    ids = [upload(jpeg(31000 + seed, (1600, 1200)), f"backlog-{seed}.jpg") for seed in range(backlog)]
    at = timezone.now() + timedelta(seconds=20)
    publishing.exhibition_publish_schedule(exhibition=exhibition, at=at, actor=curator)
    say(f"{backlog} photos queued; the opening is scheduled 20 s from now")
    stack.worker_start(concurrency=2, beat=True)
    deadline = time.monotonic() + 150
    published_at = None
    while time.monotonic() < deadline:
        exhibition.refresh_from_db()
        if exhibition.published_at is not None:
            published_at = exhibition.published_at
            break
        time.sleep(0.5)
    waiting = unsettled(ids)
    late = (published_at - at).total_seconds() if published_at else None
    say(
        f"published {late:+.1f} s from its time, with {waiting} of {backlog} photos still waiting"
        if late is not None
        else "not published within 150 s"
    )
    settled = wait_settled(ids, timeout=600, supervise=stack)
    stack.workers_stop()
    counts = agreement(ids)
    details = {**counts, "published_seconds_after_schedule": late, "photos_waiting_at_opening": waiting}
    lost = backlog - counts["ready"]
    passed = late is not None and abs(late) <= 60 and waiting > 0 and settled and lost == 0
    return DrillResult("opening_behind_a_300_photo_backlog", passed, backlog, lost, details)


DRILLS: dict[str, Callable[[Stack, int], DrillResult]] = {
    "kill": drill_kill_pool_process,
    "redis": drill_restart_redis,
    "storage": drill_storage_outage,
    "web": drill_web_killed_before_enqueue,
    "reorder": drill_concurrent_reorder,
    "redis-outage": drill_redis_outage_under_load,
    "opening": drill_opening_behind_a_backlog,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(DRILLS), action="append")
    parser.add_argument("--photos", type=int, default=200, help="photos in the Redis-restart batch")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        print("The drills need redis-server (Debian package redis-server) to run a private broker.")
        return 1

    folder = Path(tempfile.mkdtemp(prefix="curation-drill-"))
    stack = Stack(folder)
    os.environ.update(stack.env)
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    results: list[DrillResult] = []
    try:
        stack.redis_start()
        stack.s3_start()
        if stack.manage("migrate", "--noinput", "-v0").returncode != 0:
            raise RuntimeError("migrate failed")
        import django

        django.setup()
        for name in args.only or list(DRILLS):
            print(f"\n== drill: {name}", flush=True)
            purge_queues()
            started = time.monotonic()
            result = DRILLS[name](stack, args.photos)
            result.details["seconds"] = round(time.monotonic() - started, 1)
            results.append(result)
            print(
                f"   {'PASSED' if result.passed else 'FAILED'}: photos={result.photos} lost={result.lost}", flush=True
            )
    finally:
        stack.stop()
        if all(r.passed for r in results):
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"\nlogs kept in {folder}")

    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "drill.json").write_text(json.dumps({"drills": [asdict(r) for r in results]}, indent=2) + "\n")
    passed = sum(r.passed for r in results)
    print(f"\n{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
