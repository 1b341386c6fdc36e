"""Ingest: a shoot of camera-like 24 MP JPEGs uploaded through the real upload endpoint, against the CPU floor.

    .venv/bin/python bench/ingest.py                  # 300 photos, embedded defaults then Redis + PostgreSQL
    .venv/bin/python bench/ingest.py --photos 40      # a quick run
    .venv/bin/python bench/ingest.py --backends embedded
    .venv/bin/python bench/ingest.py --layouts shared # only with every process on every core

For each back end it starts, in a temporary folder, gunicorn as in production and the workers as they run there:
on the embedded defaults (SQLite, filesystem broker) the worker of `make run` (every queue, beat included); on Redis
and PostgreSQL those of docker-compose.yml (a worker reading every queue, one reading `urgent` alone, and beat). The
workers get as many processes as the machine has cores (--cores). A photographer logs in and sends the files as the
upload page does: a batch, three files at a time, then "sent". Every task records the CPU time it used
(CURATION_TASK_CPU_LOG); the floors are the sum of the thumbnail tasks' CPU, and of every photo task's, divided by
the cores given to the workers: no schedule could finish sooner on these cores. Reported: the time from the first
byte sent to the last thumbnail and to the last photo ready, each as a ratio to its floor (targets 1.3 and 1.15),
and what else used the same cores meanwhile (the web server's request CPU, this client's), which a ratio over the
target is made of. Writes var/bench/ingest.json: one object per back end and layout.

Two layouts of the same processes on the machine's cores (--layouts):
- shared: every process on every core, as `make run` on a photographer's laptop. The web server receiving the files
  and this client sending them use the cores the floor counts as the workers': the uploads' CPU is reported beside
  the ratios, and added to the floor in "..._with_uploads".
- own-core: the web server and this client on a core of their own, the workers on the others (the floor's cores),
  as a deployment runs the web and worker containers apart. The targets are judged here when the machine has two
  cores or more.

The photos are drawn once (camera-like: colour fields, shapes, texture, grain; EXIF with a capture time a second
apart) and kept in var/cache/ingest/. Redis and PostgreSQL are those on 127.0.0.1 (--redis-url, --postgres-url):
a database of the benchmark's own is created and dropped, and one Redis database index is emptied.
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
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import Pool
from pathlib import Path

from _common import process_tree

ROOT = Path(__file__).resolve().parent.parent
RESULT_PATH = ROOT / "var" / "bench" / "ingest.json"
CACHE = ROOT / "var" / "cache" / "ingest"
CACHE_VERSION = "1"
PASSWORD = "ingest-bench-password-2026"
UPLOAD_CONCURRENCY = 3  # as the upload page (curation/views/upload.py)
THUMBNAIL_TASK = "curation.tasks.photo_thumbnail_make"
FULL_SET_TASK = "curation.tasks.photo_renditions_make"
TARGET_THUMBNAILS, TARGET_READY = 1.3, 1.15
BASES = 6  # distinct drawings; each photo is one of them with a mark of its own, so no two files share pixels


# --------------------------------------------------------------------------- the photos


def _draw_base(seed: int) -> bytes:
    from renditions import camera_like

    buffer = io.BytesIO()
    camera_like(6000, 4000, 100 + seed).save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def _photo(job: tuple[int, bytes, Path]) -> None:
    from PIL import Image, ImageDraw
    from renditions import camera_exif

    index, base, path = job
    image = Image.open(io.BytesIO(base))
    image.load()
    rnd = random.Random(index)
    draw = ImageDraw.Draw(image)
    for _ in range(6):  # a few marks of the photo's own, so its pixels and renditions are unique
        x, y = rnd.randrange(5800), rnd.randrange(3800)
        draw.rectangle((x, y, x + 160, y + 160), fill=tuple(rnd.randrange(256) for _ in range(3)))
    exif = camera_exif("X-T5", 1)
    # Frames a second apart, as a burst of a day's shoot: the capture order is the file order.
    exif[0x8769] = {**exif[0x8769], 0x9003: time.strftime("%Y:%m:%d %H:%M:%S", time.gmtime(1_780_000_000 + index))}
    image.save(path, "JPEG", quality=92, subsampling="4:2:2", exif=exif)


def photos(count: int) -> list[Path]:
    """`count` camera-like 24 MP JPEGs, drawn once into var/cache/ingest/ and reused by later runs."""
    folder = CACHE / f"v{CACHE_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"DSCF{i:04d}.JPG" for i in range(count)]
    missing = [i for i, path in enumerate(paths) if not path.exists()]
    if missing:
        print(f"Drawing {len(missing)} camera-like 24 MP JPEGs into {folder.relative_to(ROOT)} (once) ...", flush=True)
        with Pool(os.cpu_count() or 1) as pool:
            bases = pool.map(_draw_base, range(BASES))
            # Written under a temporary name first: an interrupted run leaves no half photo to be reused.
            pool.map(_photo, [(i, bases[i % BASES], paths[i].with_suffix(".part")) for i in missing])
        for i in missing:
            paths[i].with_suffix(".part").rename(paths[i])
    return paths


# --------------------------------------------------------------------------- processes


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a process and its live descendants (those that exited are counted by a parent's
    cutime once reaped)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / tick


def start(args: list[str], log: Path, cpus: set[int] | None = None) -> subprocess.Popen:
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        # Inherited by every process the command starts (gunicorn's and celery's children).
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the web server exited at start")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def wait_for_log(path: Path, words: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if words in (path.read_text(errors="replace") if path.exists() else ""):
            return
        if process.poll() is not None:
            raise RuntimeError(f"exited at start:\n{path.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    raise RuntimeError(f"not ready:\n{path.read_text(errors='replace')[-3000:]}")


# --------------------------------------------------------------------------- one back end, in a child process


def layout_cpus(layout: str, cores: int) -> tuple[set[int] | None, set[int] | None, int]:
    """(the web server's and this client's CPUs, the workers' CPUs, the workers' process count) for a layout."""
    if layout == "shared":
        return None, None, cores
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        raise SystemExit("the own-core layout needs two cores or more")
    return {cpus[0]}, set(cpus[1:]), len(cpus) - 1


def run_backend(
    backend: str, layout: str, count: int, cores: int, redis_url: str, postgres_url: str, out: Path
) -> None:
    from _common import bench_workdir, free_port, private_django

    web_cpus, worker_cpus, cores = layout_cpus(layout, cores)
    os.environ["BENCH_INGEST_CORES"] = str(cores)

    workdir = bench_workdir("ingest")
    cpu_log = workdir / "tasks.jsonl"
    env = {
        "CURATION_TASK_CPU_LOG": str(cpu_log),
        "CURATION_UPLOAD_TEMP_DIR": str(workdir / "uploads"),
        "PYTHONUNBUFFERED": "1",
    }
    (workdir / "uploads").mkdir()
    database = "sqlite"
    if backend == "redis":
        import psycopg

        admin = psycopg.connect(postgres_url, autocommit=True)
        admin.execute("DROP DATABASE IF EXISTS curation_bench_ingest WITH (FORCE)")
        admin.execute("CREATE DATABASE curation_bench_ingest")
        env["DATABASE_URL"] = postgres_url.rsplit("/", 1)[0] + "/curation_bench_ingest"
        env["REDIS_URL"] = redis_url
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        database = "postgresql"
    private_django("ingest", workdir, **env)
    from django.conf import settings
    from django.core.management import call_command

    from curation import roles

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    roles.user_create(username="photographer", password=PASSWORD, role=roles.PHOTOGRAPHERS)
    files = photos(count)
    broker = "redis" if settings.CELERY_BROKER_URL.startswith("redis") else "filesystem"

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    logs = workdir / "logs"
    logs.mkdir()
    queues = settings.CELERY_WORKER_QUEUES
    common = ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    processes = {
        # As docker-compose.yml runs it.
        "web": start(
            [
                "gunicorn",
                "curation.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "3",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--timeout",
                "180",
                "--log-level",
                "warning",
            ],
            logs / "web.log",
            web_cpus,
        ),  # fmt: skip
    }
    if broker == "filesystem":  # as `make run` starts it
        processes["worker"] = start(
            ["celery", "-A", "curation", "worker", "--beat", f"--concurrency={cores}", "-Q", queues, *common],
            logs / "worker.log",
            worker_cpus,
        )
    else:  # as docker-compose.yml starts them
        processes["worker"] = start(
            ["celery", "-A", "curation", "worker", f"--concurrency={cores}", "-Q", queues, "-n", "worker@%h", *common],
            logs / "worker.log",
            worker_cpus,
        )
        processes["worker-urgent"] = start(
            ["celery", "-A", "curation", "worker", "--concurrency=1", "-Q", "urgent", "-n", "urgent@%h", *common],
            logs / "worker-urgent.log",
            worker_cpus,
        )
        processes["beat"] = start(
            ["celery", "-A", "curation", "beat", f"--schedule={workdir / 'beat-schedule'}", "--loglevel=WARNING"],
            logs / "beat.log",
            worker_cpus,
        )
    try:
        wait_for_http(base + "/accounts/login/", processes["web"])
        for name in ("worker", "worker-urgent"):
            if name in processes:
                wait_for_log(logs / f"{name}.log", "ready.", processes[name])
        if web_cpus:
            os.sched_setaffinity(0, web_cpus)  # this client sends from the web server's core
        result = upload_and_wait(base, files, processes, cpu_log)
    finally:
        for process in processes.values():
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)
        if backend == "redis":
            from django.db import connections

            connections.close_all()
            admin.execute("DROP DATABASE IF EXISTS curation_bench_ingest WITH (FORCE)")
    result.update({"database": database, "broker": broker, "cores": cores, "layout": layout})
    out.write_text(json.dumps(result))


def upload_and_wait(base: str, files: list[Path], processes: dict, cpu_log: Path) -> dict:
    import requests

    from curation.models import Photo

    session = requests.Session()
    session.get(base + "/accounts/login/", timeout=30).raise_for_status()
    response = session.post(
        base + "/accounts/login/",
        data={"username": "photographer", "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login failed: {response.status_code}")
    session.get(base + "/library/upload/", timeout=30).raise_for_status()
    headers = {"X-CSRFToken": session.cookies["csrftoken"], "Accept": "application/json"}
    cookies = session.cookies.get_dict()
    local = threading.local()

    def send(path: Path) -> dict:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.cookies.update(cookies)
        with path.open("rb") as handle:
            answer = local.session.post(
                base + "/library/upload/files/",
                data={"batch": batch},
                files={"file": (path.name, handle, "image/jpeg")},
                headers=headers,
                timeout=300,
            )
        return answer.json()

    web_cpu_before = tree_cpu_seconds(processes["web"].pid)
    client_cpu_before = time.process_time()
    started = time.time()
    batch = session.post(base + "/library/upload/batches/", headers=headers, timeout=30).json()["batch"]
    with ThreadPoolExecutor(UPLOAD_CONCURRENCY) as pool:
        answers = list(pool.map(send, files))
    session.post(base + "/library/upload/batches/", data={"batch": batch, "state": "sent"}, headers=headers)
    uploaded = time.time()
    web_cpu = tree_cpu_seconds(processes["web"].pid) - web_cpu_before
    client_cpu = time.process_time() - client_cpu_before
    ids = [answer["photo_id"] for answer in answers if answer.get("status") == "imported"]
    print(f"  {len(ids)} of {len(files)} imported in {uploaded - started:.1f} s; waiting for the workers", flush=True)

    deadline = time.monotonic() + 60 + 20 * len(files)
    while time.monotonic() < deadline:
        busy = Photo.objects.filter(pk__in=ids, status__in=["pending", "processing"]).count()
        if busy == 0:
            break
        time.sleep(0.5)
    statuses = list(Photo.objects.filter(pk__in=ids).values_list("status", flat=True))
    time.sleep(1)  # the last task's line follows its commit
    tasks = [json.loads(line) for line in cpu_log.read_text().splitlines()]
    if os.environ.get("BENCH_INGEST_TIMELINE"):
        for t in sorted(tasks, key=lambda t: t["start"]):
            print(f"{t['start'] - started:8.2f} {t['end'] - started:8.2f} {t['cpu']:6.2f} {t['task']} {t['arg']}")
    mine = set(ids)
    thumbnails = [t for t in tasks if t["task"] == THUMBNAIL_TASK and t["arg"] in mine]
    full_sets = [t for t in tasks if t["task"] == FULL_SET_TASK and t["arg"] in mine]
    cores = processes_cores()
    thumbnail_cpu = sum(t["cpu"] for t in thumbnails)
    full_cpu = sum(t["cpu"] for t in full_sets)
    last_thumbnail = max(t["end"] for t in thumbnails) - started
    ready = max(t["end"] for t in thumbnails + full_sets) - started
    thumbnail_floor = thumbnail_cpu / cores
    floor = (thumbnail_cpu + full_cpu) / cores
    task_wall = sum(t["end"] - t["start"] for t in thumbnails + full_sets)
    other = [t for t in tasks if t["task"] not in (THUMBNAIL_TASK, FULL_SET_TASK)]
    return {
        "photos": len(files),
        "imported": len(ids),
        "ready": statuses.count("ready"),
        "failed": statuses.count("failed"),
        "megabytes": round(sum(path.stat().st_size for path in files) / 2**20, 1),
        "upload_seconds": round(uploaded - started, 2),
        "last_thumbnail_seconds": round(last_thumbnail, 2),
        "ready_seconds": round(ready, 2),
        "thumbnail_floor_seconds": round(thumbnail_floor, 2),
        "floor_seconds": round(floor, 2),
        "thumbnails_ratio_to_floor": round(last_thumbnail / thumbnail_floor, 3),
        "ready_ratio_to_floor": round(ready / floor, 3),
        "thumbnail_task_cpu_ms_mean": round(1000 * thumbnail_cpu / max(1, len(thumbnails)), 1),
        "full_set_task_cpu_ms_mean": round(1000 * full_cpu / max(1, len(full_sets)), 1),
        "thumbnail_tasks": len(thumbnails),
        "full_set_tasks": len(full_sets),
        "other_tasks": len(other),
        "first_full_set_started_seconds": round(min(t["start"] for t in full_sets) - started, 2) if full_sets else None,
        "thumbnails_before_full_sets": thumbnails_first(ids),
        # Over 1 when tasks waited for a core (other processes on the machine): task wall time / task CPU time.
        "task_wall_to_cpu": round(task_wall / (thumbnail_cpu + full_cpu), 2),
        "load_average_at_end": machine_load(),
        # The same ratios with the upload requests' CPU (web server and this client, on the same cores) added to the
        # floor: how close the schedule came to what these cores could do, uploads included.
        "thumbnails_ratio_with_uploads": round(last_thumbnail / ((thumbnail_cpu + web_cpu + client_cpu) / cores), 3),
        "ready_ratio_with_uploads": round(ready / ((thumbnail_cpu + full_cpu + web_cpu + client_cpu) / cores), 3),
        "web_request_cpu_seconds": round(web_cpu, 2),
        "client_cpu_seconds": round(client_cpu, 2),
    }


def thumbnails_first(ids: list[int]) -> bool:
    """Whether the last thumbnail was stored before the first rendition of any full set (as the database saw it)."""
    from django.db.models import Max, Min

    from curation.models import Rendition

    renditions = Rendition.objects.filter(photo_id__in=ids)
    last_thumbnail = renditions.filter(spec__startswith="320.").aggregate(at=Max("created_at"))["at"]
    first_full = renditions.exclude(spec__startswith="320.").aggregate(at=Min("created_at"))["at"]
    return last_thumbnail is not None and first_full is not None and last_thumbnail <= first_full


def machine_load() -> float:
    """The one-minute load average: other work on the same cores stretches every wall-clock figure here."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def processes_cores() -> int:
    return int(os.environ["BENCH_INGEST_CORES"])


# --------------------------------------------------------------------------- the report


def row_name(row: dict) -> str:
    return f"{row['database']} + {row['broker']}, {row['layout']}"


def judged(rows: list[dict]) -> list[dict]:
    """The rows the targets are judged on: the web server on a core of its own when the run has that layout."""
    own = [row for row in rows if row["layout"] == "own-core"]
    return own or rows


def report(rows: list[dict]) -> None:
    print()
    header = f"{'back end, layout':40}{'photos':>7}{'upload s':>9}{'last thumb s':>13}{'floor s':>8}{'ratio':>7}"
    header += f"{'ready s':>9}{'floor s':>8}{'ratio':>7}"
    print(header)
    for row in rows:
        print(
            f"{row_name(row):40}{row['photos']:7d}{row['upload_seconds']:9.1f}{row['last_thumbnail_seconds']:13.1f}"
            f"{row['thumbnail_floor_seconds']:8.1f}{row['thumbnails_ratio_to_floor']:7.2f}"
            f"{row['ready_seconds']:9.1f}{row['floor_seconds']:8.1f}{row['ready_ratio_to_floor']:7.2f}"
        )
    print(
        f"targets: last thumbnail <= {TARGET_THUMBNAILS}x its floor; all ready <= {TARGET_READY}x the whole floor "
        f"(judged on the {judged(rows)[0]['layout']} rows)"
    )
    for row in rows:
        where = (
            f"on the same {row['cores']} cores meanwhile"
            if row["layout"] == "shared"
            else f"on the core beside the workers' {row['cores']} meanwhile"
        )
        print(
            f"{row_name(row)}: {row['thumbnail_tasks']} thumbnails at {row['thumbnail_task_cpu_ms_mean']:.0f} ms CPU, "
            f"{row['full_set_tasks']} full sets at {row['full_set_task_cpu_ms_mean']:.0f} ms; {where}: web requests "
            f"{row['web_request_cpu_seconds']:.1f} s CPU, this client {row['client_cpu_seconds']:.1f} s; every "
            f"thumbnail before any full set: {'yes' if row['thumbnails_before_full_sets'] else 'NO'}; "
            f"{row['ready']} ready, {row['failed']} failed; task wall/CPU {row['task_wall_to_cpu']:.2f} (1.0 when no "
            f"other process wants the cores), load average {row['load_average_at_end']:.1f}"
            + (
                f"; with the uploads' CPU in the floor: last thumbnail {row['thumbnails_ratio_with_uploads']:.2f}x, "
                f"all ready {row['ready_ratio_with_uploads']:.2f}x"
                if row["layout"] == "shared"
                else ""
            )
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--backends", default="embedded,redis", help="comma-separated: embedded, redis")
    default_layouts = "shared,own-core" if len(os.sched_getaffinity(0)) >= 2 else "shared"
    parser.add_argument("--layouts", default=default_layouts, help="comma-separated: shared, own-core")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="worker processes in the shared layout")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--backend", help=argparse.SUPPRESS)  # a child process's one back end
    parser.add_argument("--layout", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.backend:
        run_backend(args.backend, args.layout, args.photos, args.cores, args.redis_url, args.postgres_url, args.out)
        return 0

    photos(args.photos)  # drawn before any clock starts
    rows = []
    for layout in args.layouts.split(","):
        for backend in args.backends.split(","):
            print(f"{backend}, {layout}: {args.photos} photos through the upload endpoint ...", flush=True)
            out = Path(f"{RESULT_PATH}.{backend}.{layout}.part")
            out.parent.mkdir(parents=True, exist_ok=True)
            child = [sys.executable, __file__, "--backend", backend, "--layout", layout, "--out", str(out)]
            child += ["--photos", str(args.photos), "--cores", str(args.cores)]
            child += ["--redis-url", args.redis_url, "--postgres-url", args.postgres_url]
            subprocess.run(child, check=True)
            rows.append(json.loads(out.read_text()))
            out.unlink()
    report(rows)
    RESULT_PATH.write_text(json.dumps(rows, indent=2) + "\n")
    print(f"wrote {RESULT_PATH.relative_to(ROOT)}")
    met = all(
        row["thumbnails_ratio_to_floor"] <= TARGET_THUMBNAILS and row["ready_ratio_to_floor"] <= TARGET_READY
        for row in judged(rows)
    )
    return 0 if met and all(row["thumbnails_before_full_sets"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
