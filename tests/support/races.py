"""Two connections racing for row locks: each side runs in a thread of its own, with a connection of its own, and
a side that must go second waits until PostgreSQL shows the other one queued for a lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are PostgreSQL's: SQLite runs one writing transaction at a time, so none interleave",
)


def _waits_for_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row and row[0])


def backend_pid() -> int:
    """This thread's connection as pg_stat_activity names it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def until_queued_for_a_lock(pids: list[int], queued: threading.Event, timeout: float = 30) -> None:
    """Return once the connection in `pids` (filled in by the other thread) waits for a lock, setting `queued`;
    or after `timeout`, leaving it unset so the test can say the race was not forced."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not queued.is_set():
        if pids and _waits_for_a_lock(pids[0]):
            queued.set()
        time.sleep(0.02)


def until_queued_or_finished(pids: list[int], queued: threading.Event, finished: threading.Event) -> None:
    """As `until_queued_for_a_lock`, but give up at once when the other side finished without ever queueing."""
    deadline = time.monotonic() + 30
    while not (queued.is_set() or finished.is_set()) and time.monotonic() < deadline:
        until_queued_for_a_lock(pids, queued, timeout=0.1)


def in_threads(*work: Callable[[], object]) -> list[BaseException]:
    """Run each callable in a thread of its own (so on a connection of its own) to the end; what they raised."""
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            job()
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    connections.close_all()
    assert not any(thread.is_alive() for thread in threads)
    return errors
