"""Load: 20 concurrent 25 MB uploads through the real upload endpoint while visitors load a public exhibition.

    .venv/bin/python bench/load.py              # about 2-3 minutes
    .venv/bin/python bench/load.py --quick      # 6 uploads, a smoke run

Starts gunicorn and a real Celery worker (filesystem broker, SQLite, local media) in a temporary folder, seeds a
published exhibition, logs a photographer in (session and CSRF token, as the upload page does), then sends the
uploads at once while visitor threads load the exhibition page. The baseline is the same visitors with no upload,
measured first in the same run. Waits (bounded) for every photo to be processed, samples the worker's memory
(the sum of its processes' RSS from /proc) throughout, and writes var/bench/load.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from _common import bench_workdir, free_port, private_django, process_tree

ROOT = Path(__file__).resolve().parent.parent
RESULT_PATH = ROOT / "var" / "bench" / "load.json"
PASSWORD = "load-bench-password-2026"
VISITORS = 6
UPLOAD_TIMEOUT = 120.0
PROCESS_TIMEOUT = 150.0


# --------------------------------------------------------------------------- the photo


def camera_jpeg() -> bytes:
    """One 24-megapixel JPEG of sensor-like noise at quality 95 (about 25 MB), with a camera's EXIF."""
    from PIL import Image

    width, height = 6000, 4000
    image = Image.merge("RGB", [Image.effect_noise((width, height), 60) for _ in range(3)])
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Fujifilm", "X-T5"
    exif.get_ifd(0x8769)[0x9003] = "2026:05:14 07:12:30"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif)
    return buffer.getvalue()


def unique(data: bytes, index: int) -> bytes:
    """The same photo with a JPEG comment after the start marker: a different file (and hash) per upload."""
    comment = f"load bench upload {index:04d}".encode()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return data[:2] + segment + data[2:]


# --------------------------------------------------------------------------- processes and memory


def rss_mb(pid: int) -> float:
    total = 0
    for member in process_tree(pid):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


class MemorySampler(threading.Thread):
    """The peak summed RSS of a process tree, sampled every 0.2 s until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            self.stopped.wait(0.2)


# --------------------------------------------------------------------------- visitors and uploads


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else float("nan")


def visit(base: str, path: str, stop: threading.Event, deadline: float) -> tuple[list[float], int]:
    """One visitor loading the page again and again until told to stop; latencies in seconds and errors."""
    latencies, errors = [], 0
    with requests.Session() as session:
        session.headers["Accept-Language"] = "en"
        while not stop.is_set() and time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                response = session.get(base + path, timeout=30)
                ok = response.status_code == 200
            except requests.RequestException:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
            time.sleep(0.02)  # a visitor reads; this also keeps the baseline from being a pure request flood
    return latencies, errors


def visitors(base: str, path: str, seconds: float, stop: threading.Event | None = None) -> dict:
    stop = stop or threading.Event()
    deadline = time.monotonic() + seconds
    with ThreadPoolExecutor(VISITORS) as pool:
        runs = [pool.submit(visit, base, path, stop, deadline) for _ in range(VISITORS)]
        results = [run.result() for run in runs]
    latencies = [latency for batch, _ in results for latency in batch]
    return {
        "requests": len(latencies),
        "errors": sum(errors for _, errors in results),
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p99_ms": p99(latencies),
    }


def logged_in(base: str, username: str) -> requests.Session:
    """A photographer's browser: logged in through the login form, on the upload page, with its CSRF token."""
    session = requests.Session()
    login_url = base + "/accounts/login/"
    session.get(login_url, timeout=30).raise_for_status()
    response = session.post(
        login_url,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login failed: {response.status_code}")
    session.get(base + "/library/upload/", timeout=30).raise_for_status()
    return session


def upload(base: str, cookies: dict, data: bytes, name: str, batch: int) -> dict:
    """One file, as the upload page's script sends it."""
    with requests.Session() as session:
        session.cookies.update(cookies)
        try:
            response = session.post(
                base + "/library/upload/files/",
                data={"batch": batch},
                files={"file": (name, data, "image/jpeg")},
                headers={"X-CSRFToken": cookies["csrftoken"], "Accept": "application/json"},
                timeout=UPLOAD_TIMEOUT,
            )
        except requests.RequestException as error:
            return {"status": "error", "message": str(error)}
    try:
        answer = response.json()
    except ValueError:
        answer = {"status": "error", "message": f"HTTP {response.status_code}"}
    answer["http"] = response.status_code
    return answer


# --------------------------------------------------------------------------- the stack


def seed() -> str:
    """A photographer, and a published exhibition of a few processed photos; returns the exhibition's path."""
    from django.contrib.auth import get_user_model
    from PIL import Image

    from curation import roles, services
    from exhibitions import publishing, sequencing
    from exhibitions import services as exhibition_services

    photographer = roles.user_create(username="loader", password=PASSWORD, role=roles.PHOTOGRAPHERS)
    get_user_model().objects.filter(pk=photographer.pk).update(first_name="Aigerim")
    curator = roles.user_create(username="curator", password=PASSWORD, role=roles.CURATORS)
    photos = []
    for i in range(12):
        buffer = io.BytesIO()
        Image.new("RGB", (1200, 800), (40 + i * 15, 90, 140)).save(buffer, "JPEG", quality=85)
        created = services.photo_create(owner=photographer, upload=io.BytesIO(buffer.getvalue()), filename=f"{i}.jpg")
        services.photo_renditions_ensure(photo_id=created.photo.pk, specs=services.standard_specs())
        photos.append(created.photo)
    for photo in photos:
        photo.alt_text = "A market stall"
        photo.save(update_fields=["alt_text"])
    exhibition = exhibition_services.exhibition_create(owner=curator, title="Green Bazaar", statement="Mornings.")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=photos)
    publishing.exhibition_publish(exhibition=exhibition)
    return f"/e/{exhibition.slug}/"


def wait_for(base: str, path: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited at start")
        try:
            if requests.get(base + path, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base}{path} did not answer")


def settled(ids: list[int]) -> tuple[int, int]:
    """(ready, failed) among the photos."""
    from curation.models import Photo

    statuses = list(Photo.objects.filter(pk__in=ids).values_list("status", flat=True))
    return statuses.count(Photo.Status.READY), statuses.count(Photo.Status.FAILED)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="6 uploads and a short baseline")
    args = parser.parse_args()
    count = 6 if args.quick else args.uploads
    baseline_seconds = 5.0 if args.quick else 10.0

    workdir = bench_workdir("load")
    (workdir / "uploads").mkdir()
    private_django("load", workdir, CURATION_UPLOAD_TEMP_DIR=str(workdir / "uploads"), PYTHONUNBUFFERED="1")
    from django.conf import settings
    from django.core.management import call_command

    web = worker = None
    sampler = web_sampler = None
    try:
        print(f"Seeding a published exhibition in {workdir} ...", flush=True)
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        path = seed()
        print("Drawing one 24-megapixel camera-like JPEG ...", flush=True)
        photo = camera_jpeg()

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        logs = (workdir / "server.log").open("ab")
        web = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "curation.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", "3", "--threads", "4", "--worker-class", "gthread", "--timeout", "180",
                "--log-level", "warning",
            ],
            cwd=ROOT, env=dict(os.environ), stdout=logs, stderr=logs, start_new_session=True,
        )  # fmt: skip
        worker = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "curation", "worker", "--loglevel=WARNING", "--concurrency=2",
                "-Q", settings.CELERY_WORKER_QUEUES, "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT, env=dict(os.environ), stdout=logs, stderr=logs, start_new_session=True,
        )  # fmt: skip
        wait_for(base, path, web)
        sampler, web_sampler = MemorySampler(worker.pid), MemorySampler(web.pid)
        sampler.start()
        web_sampler.start()

        visitors(base, path, seconds=1.0)  # warm each gunicorn worker's copy of the page
        print(f"Baseline: {VISITORS} visitors on {path} for {baseline_seconds:.0f} s, no uploads ...", flush=True)
        baseline = visitors(base, path, seconds=baseline_seconds)

        session = logged_in(base, "loader")
        batch = session.post(
            base + "/library/upload/batches/",
            headers={"X-CSRFToken": session.cookies["csrftoken"], "Accept": "application/json"},
            timeout=30,
        ).json()["batch"]
        cookies = session.cookies.get_dict()
        size_mb = len(photo) / 2**20
        print(f"Uploading {count} x {size_mb:.1f} MB at once while {VISITORS} visitors load the page ...", flush=True)
        stop = threading.Event()
        started = time.monotonic()
        with ThreadPoolExecutor(1) as background:
            # The visitors keep coming until the last photo is processed: the uploads, then the renditions.
            during = background.submit(visitors, base, path, UPLOAD_TIMEOUT + PROCESS_TIMEOUT, stop)
            with ThreadPoolExecutor(count) as pool:
                answers = list(
                    pool.map(
                        lambda i: upload(base, cookies, unique(photo, i), f"DSCF{1000 + i}.JPG", batch), range(count)
                    )
                )
            upload_seconds = time.monotonic() - started
            errors = [a for a in answers if a.get("status") != "imported"]
            ids = [a["photo_id"] for a in answers if a.get("photo_id")]
            print(
                f"  {len(answers) - len(errors)} imported, {len(errors)} errors in {upload_seconds:.1f} s", flush=True
            )
            for answer in errors[:5]:
                print(f"  error: {answer}")

            print(f"Waiting (at most {PROCESS_TIMEOUT:.0f} s) for the worker to process them ...", flush=True)
            deadline = time.monotonic() + PROCESS_TIMEOUT
            ready = failed = 0
            while time.monotonic() < deadline:
                ready, failed = settled(ids)
                if ready + failed == len(ids):
                    break
                time.sleep(0.5)
            stop.set()
            loaded = during.result()
        process_seconds = time.monotonic() - started
    finally:
        for sample in (sampler, web_sampler):
            if sample is not None:
                sample.stopped.set()
        for process in (web, worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        shutil.rmtree(workdir, ignore_errors=True)

    cap_mb = settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD / 1024
    ratio = loaded["p99_ms"] / baseline["p99_ms"] if baseline["p99_ms"] else float("nan")
    print()
    print(f"{'':30}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}")
    for label, row in (("public page, no uploads", baseline), ("public page, uploads running", loaded)):
        print(f"{label:30}{row['requests']:9d}{row['errors']:8d}{row['p50_ms']:9.1f}{row['p99_ms']:9.1f}")
    print(f"public p99 under load / baseline: {ratio:.2f}")
    print(f"uploads: {count} x {size_mb:.1f} MB, {len(errors)} errors, all answered in {upload_seconds:.1f} s")
    print(f"processed: {ready} ready, {failed} failed of {len(ids)} (all settled after {process_seconds:.0f} s)")
    print(
        f"worker peak RSS: {sampler.peak:.0f} MB (main + 2 pool processes; each child is recycled past {cap_mb:.0f} MB)"
    )
    print(f"web peak RSS: {web_sampler.peak:.0f} MB (gunicorn, 3 workers)")
    result = {
        "uploads": count,
        "errors": len(errors) + loaded["errors"],
        "processed": ready,
        "failed": failed,
        "public_p99_ms": round(loaded["p99_ms"], 1),
        "worker_peak_mb": round(sampler.peak, 1),
        "baseline_public_p99_ms": round(baseline["p99_ms"], 1),
        "p99_ratio": round(ratio, 2),
        "public_p50_ms": round(loaded["p50_ms"], 1),
        "baseline_public_p50_ms": round(baseline["p50_ms"], 1),
        "public_requests": loaded["requests"],
        "upload_mb": round(size_mb, 1),
        "upload_seconds": round(upload_seconds, 1),
        "processed_seconds": round(process_seconds, 1),
        "worker_cap_mb_per_child": round(cap_mb),
        "web_peak_mb": round(web_sampler.peak, 1),
    }
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULT_PATH.relative_to(ROOT)}")
    healthy = not result["errors"] and ready == count
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
