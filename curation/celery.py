"""The Celery app: configured from Django settings (CELERY_*), tasks found in each app's tasks.py."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from celery import Celery
from celery.signals import task_postrun, task_prerun
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "curation.settings")
# "filesystem://" (the embedded default) names kombu's filesystem transport reading queues in the worker's order, as
# Redis does (curation/broker.py), in every process that loads this app: web, workers, beat, commands, tests.
TRANSPORT_ALIASES["filesystem"] = "curation.broker:Transport"

app = Celery("curation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _filesystem_broker_folders(sender: Celery, **kwargs: object) -> None:
    # kombu's filesystem transport expects its folders to exist already.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


# Measurement for bench/ingest.py: with CURATION_TASK_CPU_LOG set, each task appends one JSON line (name, first
# argument, CPU seconds of the pool process, wall-clock start and end) to that file. A pool process runs one task at
# a time, so its CPU time over the task is the task's own. Off unless set.
TASK_CPU_LOG = os.environ.get("CURATION_TASK_CPU_LOG", "")
_task_started: dict[str, tuple[float, float]] = {}


@task_prerun.connect
def _task_cpu_start(task_id: str, **kwargs: object) -> None:
    if TASK_CPU_LOG:
        _task_started[task_id] = (time.process_time(), time.time())


@task_postrun.connect
def _task_cpu_record(task_id: str, task, args=(), **kwargs: object) -> None:  # noqa: ANN001 - Celery's signal
    if not TASK_CPU_LOG or task_id not in _task_started:
        return
    cpu, started = _task_started.pop(task_id)
    line = {
        "task": task.name,
        "arg": args[0] if args else None,
        "cpu": time.process_time() - cpu,
        "start": started,
        "end": time.time(),
    }
    # One short write in append mode: lines from several pool processes never interleave.
    with open(TASK_CPU_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps(line) + "\n")
