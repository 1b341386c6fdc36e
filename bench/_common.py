"""What the benchmarks share: a private Django in a temporary folder, free ports on loopback, process trees."""

from __future__ import annotations

import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}")


def bench_workdir(name: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))


def private_django(name: str, workdir: Path, **extra_env: str) -> None:
    """Set Django up on SQLite, local media and a filesystem broker inside `workdir`.

    Never the developer's database or services: a benchmark that seeds 100 000 rows must not land in them.
    Child processes (gunicorn, workers) inherit this environment.
    """
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}},
        "CURATION_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "curation.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": f"bench-{name}-not-secret",
        "PYTHONPATH": str(ROOT),
        **extra_env,
    }
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def runs_measured(run, rounds: int) -> tuple[list[int], float]:
    """The queries of each of `rounds` runs, and their median wall time in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries: list[int] = []
    times: list[float] = []
    for _ in range(rounds):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
        queries.append(len(captured.captured_queries))
    return queries, statistics.median(times)
