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
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from _common import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
QUEUES = "urgent,thumbnails,renditions,housekeeping"


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
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
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
        for name in ("DATABASE_URL", "REDIS_URL"):
            self.env.pop(name, None)

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

    def worker_start(self, concurrency: int = 2) -> subprocess.Popen:
        log = (self.folder / "worker.log").open("ab")
        worker = subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "curation", "worker", "-Q", QUEUES, f"--concurrency={concurrency}",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
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
                self.worker_start()
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
    # The colours above repeat every 256 seeds; a block coding the whole seed keeps every file unique.
    draw.rectangle((0, 0, 63, 63), fill=((seed >> 16) & 255, (seed >> 8) & 255, seed & 255))
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
    return {
        "ready": ready.count(),
        "failed": Photo.objects.filter(pk__in=ids, status="failed").count(),
        "pending": unsettled(ids),
        "incomplete_sets": incomplete_sets,
        "duplicate_specs": duplicate_specs,
        "rows_without_file": len(housekeeping.renditions_missing_files()) + len(housekeeping.originals_missing_files()),
        "orphan_files_removed": len(orphans),
    }


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


DRILLS: dict[str, Callable[[Stack, int], DrillResult]] = {
    "kill": drill_kill_pool_process,
    "redis": drill_restart_redis,
    "storage": drill_storage_outage,
    "web": drill_web_killed_before_enqueue,
    "reorder": drill_concurrent_reorder,
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
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
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
