"""Every task goes to a queue on purpose; time-critical work is read first; the sweep tells a lost task from one
waiting behind a backlog, by reading the broker (the filesystem broker of the embedded defaults, or Redis)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

import kombu
import pytest
from django.conf import settings
from django.utils import timezone

from curation import services
from curation.broker import Transport as PriorityFilesystemTransport
from curation.celery import app
from curation.models import Photo
from curation.queues import photos_held
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
URGENT = {
    "exhibitions.tasks.exhibitions_scheduled_publish",
    "exhibitions.tasks.consents_expired_take_down",
    "exhibitions.tasks.public_renditions_sync",
    "curation.tasks.photos_pending_sweep",
    "curation.tasks.cache_repair",
}


def our_tasks() -> set[str]:
    app.loader.import_default_modules()
    return {name for name in app.tasks if name.startswith(("curation.", "exhibitions."))}


def test_every_task_of_ours_is_routed_on_purpose_to_a_queue_the_workers_read():
    routes = settings.CELERY_TASK_ROUTES
    assert our_tasks() <= set(routes), f"not routed: {sorted(our_tasks() - set(routes))}"
    read = settings.CELERY_WORKER_QUEUES.split(",")
    makefile = re.search(r"^WORKER_QUEUES := (.+)$", (ROOT / "Makefile").read_text(), re.M)[1].split(",")
    for name, route in routes.items():
        assert route["queue"] in read and route["queue"] in makefile, name


def test_openings_takedowns_and_the_sweeps_never_wait_behind_renditions():
    routes = settings.CELERY_TASK_ROUTES
    assert {name for name, route in routes.items() if route["queue"] == "urgent"} == URGENT
    # Read first: a worker takes from the queues in the order it lists them (Redis: the "priority" strategy).
    assert settings.CELERY_WORKER_QUEUES.split(",")[0] == "urgent"
    order = settings.CELERY_WORKER_QUEUES.split(",")
    assert order.index("thumbnails") < order.index("renditions") < order.index("housekeeping")
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        with app.connection_for_read() as connection:
            assert isinstance(connection.transport, PriorityFilesystemTransport)
    else:
        assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["queue_order_strategy"] == "priority"
    # Beat asks often enough that an opening is up within 15 s of its time, and a lost task found within 2 minutes.
    beat = settings.CELERY_BEAT_SCHEDULE
    assert beat["exhibitions-scheduled-publish"]["schedule"] <= 15
    assert beat["photos-pending-sweep"]["schedule"] + settings.CURATION_PENDING_SWEEP_AFTER_SECONDS <= 120


@pytest.fixture
def broker():
    """The configured broker, emptied of what the test sent."""
    yield app
    with app.connection_for_write() as connection:
        for queue in ("thumbnails", "renditions"):
            connection.default_channel.queue_purge(queue)


def test_a_worker_takes_from_the_first_queue_it_lists_that_has_a_message_on_either_broker():
    # Queues of the test's own, named after the real ones, filled in the worst order: the last queue first.
    names = [f"{queue}-{uuid.uuid4().hex[:8]}" for queue in ("thumbnails", "renditions", "housekeeping")]
    queues = [kombu.Queue(name, routing_key=name) for name in names]
    taken: list[str] = []

    def take(body, message) -> None:  # noqa: ANN001 - kombu's callback
        taken.append(body)
        message.ack()

    with app.connection_for_write() as connection:
        try:
            with connection.Producer() as producer:
                for queue in reversed(queues):
                    for _ in range(3):
                        producer.publish(queue.name, routing_key=queue.name, declare=[queue])
            with connection.Consumer(queues, callbacks=[take], prefetch_count=1):
                while len(taken) < 9:
                    connection.drain_events(timeout=5)
        finally:
            for queue in queues:
                queue(connection.default_channel).delete()
    # Round-robin would give thumbnails, renditions, housekeeping, thumbnails, ...: a thumbnail would wait its turn.
    assert taken == [names[0]] * 3 + [names[1]] * 3 + [names[2]] * 3


@pytest.mark.django_db
def test_the_sweep_requeues_a_lost_task_but_not_one_waiting_behind_a_backlog(broker):
    waiting, lost = factories.photo(), factories.photo()
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Photo.objects.filter(pk__in=[waiting.pk, lost.pk]).update(status_changed_at=an_hour_ago)
    # On a connection of the test's own: pooled connections may have been closed by a test before this one.
    with broker.connection_for_write() as connection, connection.Producer() as producer:
        broker.send_task("curation.tasks.photo_renditions_make", args=[waiting.pk], producer=producer)
        broker.send_task("exhibitions.tasks.exhibitions_scheduled_publish", producer=producer)  # not a photo's

    held = photos_held()
    assert held.known and waiting.pk in held.waiting and lost.pk not in held.waiting
    assert services.photos_pending_sweep() == [lost.pk]


@pytest.mark.django_db
def test_a_photo_just_uploaded_is_not_called_lost():
    factories.photo()
    assert services.photos_pending_sweep() == []


@pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("filesystem"),
    reason="only the filesystem broker writes a message as a file; Redis stores one in a single command",
)
def test_a_message_being_written_is_never_taken_half_written():
    name = f"order-{uuid.uuid4().hex[:8]}"
    queue = kombu.Queue(name, routing_key=name)
    folder = Path(app.conf.broker_transport_options["data_folder_in"])
    # What another process's message looks like while it is written: under a name no worker reads.
    (folder / f"1_{uuid.uuid4()}.{name}.msg.part").write_bytes(b"")
    taken: list[str] = []
    with app.connection_for_write() as connection:
        try:
            with connection.Producer() as producer:
                producer.publish("whole", routing_key=name, declare=[queue])
            assert not list(folder.glob(f"*.{name}.msg.part"))[1:]  # ours was renamed into place
            with connection.Consumer([queue], callbacks=[lambda body, message: (taken.append(body), message.ack())]):
                connection.drain_events(timeout=5)
                with pytest.raises(TimeoutError):
                    connection.drain_events(timeout=0.5)
        finally:
            queue(connection.default_channel).delete()
            for leftover in folder.glob(f"*.{name}.msg*"):
                leftover.unlink()
    assert taken == ["whole"]
