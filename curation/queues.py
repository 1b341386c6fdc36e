"""What the broker holds: which photos have a task waiting in a queue, or delivered to a worker and not yet done.

The pending sweep asks this so that it can tell a lost task (a web process killed before it queued, a worker killed
outright) from one that is only waiting behind a backlog — and so re-queue the lost within a couple of minutes
without doubling a backlog of 300 renditions every time it runs. Read-only, and bounded: a queue longer than
`INSPECT_LIMIT` is not read (the sweep then trusts time alone).
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

PHOTO_TASKS = frozenset({"curation.tasks.photo_thumbnail_make", "curation.tasks.photo_renditions_make"})
PHOTO_QUEUES = ("thumbnails", "renditions")
INSPECT_LIMIT = 50_000


@dataclass
class Held:
    """Photo ids the broker holds; `known` is False when it could not be read (then nothing may be concluded)."""

    known: bool = True
    waiting: set[int] = field(default_factory=set)  # in a queue
    delivered: set[int] = field(default_factory=set)  # taken by a worker, not yet acknowledged


def _photo_id(raw: bytes | str) -> tuple[bool, int | None]:
    """(is it a photo task, its photo id) of one kombu message as stored by the Redis or filesystem transport."""
    try:
        message = json.loads(raw)
        if isinstance(message, list):  # the Redis transport's unacked entries: [message, exchange, routing key]
            message = message[0]
        if message.get("headers", {}).get("task") not in PHOTO_TASKS:
            return False, None
        body = message["body"]
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args, kwargs, _embed = json.loads(body)
        photo_id = args[0] if args else kwargs.get("photo_id")
        return True, int(photo_id)
    except (ValueError, KeyError, TypeError, IndexError):
        return False, None


def photos_held() -> Held:
    """The photos whose processing task the broker holds now."""
    from curation.celery import app

    url = app.conf.broker_url or ""
    try:
        if url.startswith("redis"):
            return _redis_held(app)
        if url.startswith("filesystem"):
            return _filesystem_held(app)
    except Exception:  # noqa: BLE001 - a broker that cannot be read leaves the sweep to time alone
        logger.warning("could not read the broker's queues", exc_info=True)
    return Held(known=False)


def _redis_held(app) -> Held:  # noqa: ANN001 - Celery's app
    held = Held()
    with app.connection_for_read() as connection:
        client = connection.default_channel.client
        for queue in PHOTO_QUEUES:
            if client.llen(queue) > INSPECT_LIMIT:
                return Held(known=False)
            for raw in client.lrange(queue, 0, -1):
                is_photo, photo_id = _photo_id(raw)
                if is_photo and photo_id is not None:
                    held.waiting.add(photo_id)
        if client.hlen("unacked") > INSPECT_LIMIT:
            return Held(known=False)
        for raw in client.hvals("unacked"):
            is_photo, photo_id = _photo_id(raw)
            if is_photo and photo_id is not None:
                held.delivered.add(photo_id)
    return held


def _filesystem_held(app) -> Held:  # noqa: ANN001 - Celery's app
    # A message is a file until a worker takes it; the filesystem transport keeps no record of delivered ones.
    folder = Path((app.conf.broker_transport_options or {}).get("data_folder_in", ""))
    held = Held()
    if not folder.is_dir():
        return held
    names = [entry for entry in folder.iterdir() if entry.suffix == ".msg"]
    if len(names) > INSPECT_LIMIT:
        return Held(known=False)
    for entry in names:
        if not any(entry.name.endswith(f".{queue}.msg") for queue in PHOTO_QUEUES):
            continue
        try:
            raw = entry.read_bytes()
        except OSError:
            continue  # taken by a worker meanwhile
        is_photo, photo_id = _photo_id(raw)
        if is_photo and photo_id is not None:
            held.waiting.add(photo_id)
    return held

