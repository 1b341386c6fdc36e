"""The shared cache, which the site can lose: Django's Redis cache answering as if empty while Redis is unreachable.

Everything kept in the cache can be rebuilt from the database — rendered public pages, the version numbers that
tell whether they are current, sessions (written through to the database) — so an outage makes pages slower,
never unavailable. Reads miss, writes are dropped, and a lost connection is not tried again for
`RETRY_AFTER_SECONDS`, so a request does not wait on every call while Redis is gone.

A dropped write is the one danger: a version bump or a session deletion that never reached Redis would let the
entries it should have replaced pass for current once Redis is back (a page showing someone who withdrew
meanwhile, a session signed out during the outage). So a process that dropped a write records that in the
database (a row every few seconds at most), and everything this cache holds is deleted when Redis answers
again — by that process on its next call, and by the `cache_repair` task (every 30 s) for the others. Only our
own keys go (KEY_PREFIX): the Celery broker shares the Redis database.

Why our own backend rather than django-redis's IGNORE_EXCEPTIONS: that swallows a failed delete like a successful
one, so nothing would know to repair the cache afterwards.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, transaction
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ReadOnlyError)
RETRY_AFTER_SECONDS = 2.0
RECORD_EVERY_SECONDS = 10.0


class _Health:
    """What this process knows of Redis, shared by its threads (Django makes a cache object per thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.down_since: float | None = None
        self.dropped_writes = False  # a write was lost since the last repair
        self.recorded_at = 0.0  # when the database was last told so (a CacheRepair row)

    def reset(self) -> None:
        with self.lock:
            self.down_until, self.down_since = 0.0, None
            self.dropped_writes, self.recorded_at = False, 0.0


health = _Health()


class ResilientRedisCache(RedisCache):
    """RedisCache that misses and drops writes while Redis is unreachable, and repairs itself when it is back."""

    # --- the fallback ---------------------------------------------------------------------------------

    def _call(self, method: str, *args: Any, miss: Any = None, writes: bool = False, **kwargs: Any) -> Any:
        if time.monotonic() < health.down_until:
            if writes:
                self._write_dropped()
            return miss
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as error:
            self._went_down(error)
            if writes:
                self._write_dropped()
            return miss
        if health.down_since is not None or health.dropped_writes:
            self._came_back()
        return result

    def _went_down(self, error: Exception) -> None:
        with health.lock:
            health.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            first = health.down_since is None
            if first:
                health.down_since = time.time()
        if first:
            logger.warning("the cache is unreachable (%s): serving from the database until it is back", error)

    def _write_dropped(self) -> None:
        health.dropped_writes = True
        # Told again every few seconds, not once: while only this process is cut off, the repair task may empty
        # the cache (and delete the row) before this process drops its next write.
        if time.monotonic() - health.recorded_at < RECORD_EVERY_SECONDS:
            return
        health.recorded_at = time.monotonic()
        from curation.models import CacheRepair

        try:
            # Inside a transaction, once it commits (robust: a failing insert must not fail the commit).
            transaction.on_commit(CacheRepair.objects.create, robust=True)
        except DatabaseError:
            health.recorded_at = 0.0
            logger.warning("could not record a dropped cache write; this process repairs the cache itself")

    def _came_back(self) -> None:
        with health.lock:
            was_down = health.down_since is not None
            health.down_until, health.down_since = 0.0, None
        if was_down:
            logger.warning("the cache is reachable again")
        if health.dropped_writes:
            cache_repair(self)

    # --- Django's cache API ---------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # Not added: nothing was written, so nothing can be stale.
        return self._call("add", key, value, timeout, version, miss=False)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version, miss=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version, writes=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version, miss=False, writes=True)

    def delete(self, key, version=None):
        return self._call("delete", key, version, miss=False, writes=True)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version, miss={})

    def has_key(self, key, version=None):
        return self._call("has_key", key, version, miss=False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", key, delta, version, miss=missing, writes=True)
        if result is missing:
            # What a missing key raises: callers already answer it by setting a fresh value.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version, miss=list(data), writes=True)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version, writes=True)

    # --- for the repair and /healthz ------------------------------------------------------------------

    def ping(self) -> None:
        """Raise if Redis does not answer now (bypassing the fallback)."""
        self._cache.get_client(write=True).ping()

    def own_keys_delete(self) -> int:
        """Delete every key of this cache (KEY_PREFIX), none of the broker's. Raises if Redis is unreachable."""
        if not self.key_prefix:
            raise ImproperlyConfigured("ResilientRedisCache needs a KEY_PREFIX: its repair deletes the keys under it")
        client = self._cache.get_client(write=True)
        pattern = f"{self.key_prefix}:*"
        removed = 0
        batch: list[bytes] = []
        for name in client.scan_iter(match=pattern, count=1000):
            batch.append(name)
            if len(batch) >= 1000:
                removed += client.unlink(*batch)
                batch.clear()
        if batch:
            removed += client.unlink(*batch)
        return removed


def cache_repair(backend: ResilientRedisCache | None = None) -> int | None:
    """Empty the cache if any process dropped a write while Redis was unreachable; the number of keys deleted.

    None when there was nothing to repair or Redis is still unreachable (the next call tries again).
    """
    from curation.models import CacheRepair

    backend = backend or caches["default"]
    if not isinstance(backend, ResilientRedisCache):
        return None
    pending = list(CacheRepair.objects.values_list("pk", flat=True))
    if not (pending or health.dropped_writes):
        return None
    try:
        removed = backend.own_keys_delete()
    except UNREACHABLE:
        return None
    CacheRepair.objects.filter(pk__in=pending).delete()
    with health.lock:
        health.dropped_writes, health.recorded_at = False, 0.0
    logger.warning("emptied the cache after an outage (%d keys): nothing stale can pass for current", removed)
    return removed


def cache_status() -> str:
    """'ok', or 'down' while the shared cache cannot be reached (pages are then built from the database)."""
    backend = caches["default"]
    if not isinstance(backend, ResilientRedisCache):
        return "ok"
    try:
        backend.ping()
    except UNREACHABLE:
        return "down"
    return "ok"
