"""Redis can fall: pages, sign-in and uploads go on from the database, and nothing stale passes for current after.

A private redis-server per module (on a port of its own) is the cache; "down" is that server killed, or the cache
pointed at a port where nothing listens (a server cut off from this process while it keeps its data).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curation import cache as resilient
from curation.models import CacheRepair, Photo
from tests import factories
from tests.support.consent import Cast, public, shown

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _redis_server_program() -> None:
    # CI has it (the Debian package the project's services come from): there its absence is a failure, not a skip.
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is required under CI (Debian package redis-server)")
        pytest.skip("needs the redis-server program (Debian package redis-server) to stop and start a real Redis")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A throwaway redis-server that keeps nothing on disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def cache_at(settings, url: str) -> None:
    """The site's cache at this Redis (what this process knows of earlier outages is kept)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "curation.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "curation",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }


@pytest.fixture
def live_cache(settings, redis_server) -> Iterator[RedisServer]:
    """The site's cache on the private Redis, emptied."""
    if redis_server.process is None:
        redis_server.start()
    resilient.health.reset()
    cache_at(settings, redis_server.url)
    caches["default"].clear()
    yield redis_server
    resilient.health.reset()


def unreachable(settings) -> None:
    """Point the cache at a port where nothing listens: this process can no longer reach Redis."""
    cache_at(settings, f"redis://127.0.0.1:{free_port()}/0")


def retry_is_due() -> None:
    """RETRY_AFTER_SECONDS have passed since this process last failed to reach Redis."""
    resilient.health.down_until = 0.0


def test_with_redis_down_visitors_signed_in_photographers_and_uploads_are_all_served(client, settings, live_cache):
    cast = Cast()
    cast.agree()
    cast.publish()
    photographer = cast.photographer
    photographer.set_password("pass-word-123")
    photographer.save()
    live_cache.stop()

    for url in (reverse("exhibitions:home"), public(cast.exhibition), reverse("healthz")):
        assert client.get(url).status_code == 200, url
    # Signing in stores the session in the database; the next pages read it from there.
    response = client.post(reverse("login"), {"username": photographer.username, "password": "pass-word-123"})
    assert response.status_code == 302
    assert client.get(reverse("curation:library")).status_code == 200
    upload_page = client.get(reverse("curation:upload"))
    assert upload_page.status_code == 200
    before = Photo.objects.count()
    upload = SimpleUploadedFile("IMG_9.JPG", factories.jpeg_bytes((64, 48)), content_type="image/jpeg")
    response = client.post(reverse("curation:upload"), {"files": [upload]})
    assert response.status_code in (200, 302)
    assert Photo.objects.count() == before + 1
    # Stored and pending: queued when the broker answers (or by the sweep).
    assert Photo.objects.latest("pk").status == Photo.Status.PENDING

    health = client.get(reverse("healthz")).json()
    assert health["status"] == "degraded" and health["cache"].startswith("down") and health["database"] == "ok"


def test_a_withdrawal_made_while_redis_was_out_of_reach_is_on_every_page_once_it_is_back(
    client, settings, live_cache
):
    cast = Cast()
    cast.agree()
    cast.publish()
    page = public(cast.exhibition)
    assert shown(client.get(page).content.decode()) == ["P0", "P1", "P2"]  # cached now

    # Redis keeps its data but this process cannot reach it: the withdrawal's version bump is dropped.
    unreachable(settings)
    cast.withdraw()
    assert shown(client.get(page).content.decode()) == ["P0", "P2"]
    assert CacheRepair.objects.exists()

    # Back: the page cached before the withdrawal still sits in Redis under versions nobody moved on. The first
    # call that reaches Redis again empties the cache, so it is never served.
    cache_at(settings, live_cache.url)
    retry_is_due()
    assert shown(client.get(page).content.decode()) == ["P0", "P2"]
    assert not CacheRepair.objects.exists()


def test_another_process_that_never_saw_the_outage_is_repaired_by_the_task(client, settings, live_cache):
    cast = Cast()
    cast.agree()
    cast.publish()
    page = public(cast.exhibition)
    assert shown(client.get(page).content.decode()) == ["P0", "P1", "P2"]

    unreachable(settings)
    cast.withdraw()
    assert CacheRepair.objects.count() == 1

    # A process that reached Redis all along knows nothing of the dropped write; only the database does.
    resilient.health.reset()
    cache_at(settings, live_cache.url)
    assert shown(client.get(page).content.decode()) == ["P0", "P1", "P2"], "the stale page this repair is for"
    from curation.tasks import cache_repair

    cache_repair()
    assert not CacheRepair.objects.exists()
    assert shown(client.get(page).content.decode()) == ["P0", "P2"]


def test_the_repair_deletes_only_the_caches_own_keys_never_the_brokers(settings, live_cache):
    import redis

    client = redis.Redis.from_url(live_cache.url)
    client.lpush("renditions", b"a queued task")
    caches["default"].set("page", "stale")
    CacheRepair.objects.create()
    assert resilient.cache_repair() == 1
    assert caches["default"].get("page") is None
    assert client.lrange("renditions", 0, -1) == [b"a queued task"]


def test_a_redis_that_stops_answering_is_not_asked_again_on_every_call(settings):
    # A server that accepts connections and never answers (a hung Redis): each call would wait the socket timeout.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []

    def accept() -> None:
        listener.settimeout(5)
        with contextlib.suppress(OSError):
            while True:
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    resilient.health.reset()
    cache_at(settings, f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
    try:
        for _ in range(20):
            assert caches["default"].get("anything", "fallback") == "fallback"
        # The first call waited and failed; the nineteen after it did not even connect.
        assert len(accepted) == 1
    finally:
        listener.close()
        for connection in accepted:
            connection.close()
        resilient.health.reset()


def test_redis_restarted_empty_is_used_again_at_once(client, settings, live_cache):
    cast = Cast()
    cast.agree()
    cast.publish()
    page = public(cast.exhibition)
    client.get(page)
    live_cache.stop()
    assert client.get(page).status_code == 200
    live_cache.start()
    time.sleep(resilient.RETRY_AFTER_SECONDS)
    assert client.get(page).status_code == 200
    # Stored again: the page is in the new server.
    import redis

    assert any(b"public:page:" in key for key in redis.Redis.from_url(live_cache.url).keys("curation:*"))
