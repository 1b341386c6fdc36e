"""Public-bucket mode: the bucket's public prefix holds copies of exactly the renditions visitors may see now.

Renditions are written to the private `renditions/` prefix, which only signed URLs read. With S3_RENDITIONS_DOMAIN
the store (or a CDN) serves the `public/` prefix to anyone, so what is there decides what a stranger holding a URL
can fetch: `public_renditions_sync()` copies in, server-side, the renditions of the photos in
`public_index().photo_ids` that are missing, and deletes everything else, then hands the deleted objects to the
CDN purge hook (settings.CURATION_CDN_PURGE). It is queued on commit by every publication and people change
(exhibitions.tasks) and run every minute by beat as a backstop. The bound this gives is stated in the README.
"""

from __future__ import annotations

import logging
import mimetypes
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.utils.module_loading import import_string
from storages.backends.s3 import S3Storage

from curation.models import Rendition, renditions_storage
from exhibitions.cache import per_public_version_forget
from exhibitions.public import public_index, public_renditions_storage

logger = logging.getLogger(__name__)

# Set when a sync is queued, cleared by the sync before it reads anything: a change committed while one is queued
# and not started needs no second one, and a change committed after a sync started reading queues its own.
_QUEUED_KEY = "public-bucket:sync-queued"
# If the queued task is lost, changes queue again after this long; beat's run clears it sooner.
_QUEUED_SECONDS = 120
# One sync at a time: two running at once could each miss the other's change (one lists the prefix, the other
# copies a photo taken down meanwhile). Expires with Celery's hard time limit, should a worker die holding it.
_RUNNING_KEY = "public-bucket:sync-running"
_DELETE_BATCH = 1000  # S3's limit per DeleteObjects request


class SyncBusy(Exception):
    """Another sync is running; this one must run after it (the task retries)."""


@dataclass(frozen=True)
class SyncReport:
    copied: tuple[str, ...] = ()  # rendition names copied under the public prefix
    deleted: tuple[str, ...] = ()  # names deleted from it
    missing: tuple[str, ...] = ()  # public renditions whose private file was not found (left for the next sync)


def public_bucket_enabled() -> bool:
    return public_renditions_storage() is not None


def public_renditions_sync_claim() -> bool:
    """Whether the caller should queue a sync: False while one is queued and has not started."""
    return cache.add(_QUEUED_KEY, 1, timeout=_QUEUED_SECONDS)


def public_renditions_sync_unclaim() -> None:
    """Forget that a sync is queued: the sync does this as it starts, and a caller whose queueing failed."""
    cache.delete(_QUEUED_KEY)


def public_renditions_sync() -> SyncReport:
    """Make the public prefix hold exactly the renditions of the photos visitors may see now.

    Idempotent: a second run copies and deletes nothing. Deletes before it copies (a takedown matters more than a
    new photo). No-op outside public-bucket mode. Raises SyncBusy while another sync runs.
    """
    public = public_renditions_storage()
    if public is None:
        return SyncReport()
    token = secrets.token_hex(8)
    if not cache.add(_RUNNING_KEY, token, timeout=settings.CELERY_TASK_TIME_LIMIT):
        raise SyncBusy
    try:
        return _sync(public)
    finally:
        if cache.get(_RUNNING_KEY) == token:
            cache.delete(_RUNNING_KEY)


def _key(storage: S3Storage, name: str) -> str:
    location = storage.location.strip("/")
    return f"{location}/{name}" if location else name


def _prefix(public: S3Storage) -> str:
    """The public prefix, checked to be apart from the others: the sync deletes whatever under it is not public, and
    the orphan sweep whatever under `renditions/` has no row."""
    prefix = _key(public, "")
    for other in (renditions_storage, default_storage):
        shared = isinstance(other, S3Storage) and other.bucket_name == public.bucket_name
        theirs = _key(other, "") if shared else None
        if not prefix or (theirs is not None and (theirs.startswith(prefix) or prefix.startswith(theirs))):
            raise ImproperlyConfigured("The public renditions' location must be a prefix of its own, e.g. 'public'.")
    return prefix


def _names_under(client: Any, bucket: str, prefix: str) -> Iterator[str]:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            yield item["Key"][len(prefix) :]


def _sync(public: S3Storage) -> SyncReport:
    public_renditions_sync_unclaim()
    # Read afresh, not from this process's memo: the publication version is bumped by a callback that may run
    # after the one that queued this sync, so the memo could still hold the set from before the change.
    per_public_version_forget("published")
    per_public_version_forget("index")
    photo_ids = public_index().photo_ids
    wanted = set(Rendition.objects.filter(photo_id__in=photo_ids).values_list("file", flat=True) if photo_ids else ())

    client = public.connection.meta.client
    bucket = public.bucket_name
    prefix = _prefix(public)
    present = set(_names_under(client, bucket, prefix))

    deleted = _delete(client, bucket, [_key(public, name) for name in sorted(present - wanted)], prefix)
    copied, missing = [], []
    parameters = public.get_object_parameters("")
    if public.default_acl and "ACL" not in parameters:
        parameters["ACL"] = public.default_acl
    source_bucket = renditions_storage.bucket_name
    for name in sorted(wanted - present):
        try:
            client.copy_object(
                Bucket=bucket,
                Key=_key(public, name),
                CopySource={"Bucket": source_bucket, "Key": _key(renditions_storage, name)},
                # REPLACE: the private object's Cache-Control says private; the public copy's must not.
                MetadataDirective="REPLACE",
                ContentType=mimetypes.guess_type(name)[0] or "application/octet-stream",
                **parameters,
            )
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("NoSuchKey", "404"):
                raise
            missing.append(name)
            continue
        copied.append(name)
    if missing:
        logger.warning("public bucket: %d public renditions have no private file: %s", len(missing), missing[:5])
    if deleted:
        _purge(public, deleted)
    return SyncReport(tuple(copied), tuple(deleted), tuple(missing))


def _delete(client: Any, bucket: str, keys: list[str], prefix: str) -> list[str]:
    """Delete these keys; the names (without the prefix) that are gone. A key S3 refused is logged and left for the
    next sync, which finds it still there."""
    deleted: list[str] = []
    for start in range(0, len(keys), _DELETE_BATCH):
        batch = keys[start : start + _DELETE_BATCH]
        answer = client.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True}
        )
        refused = {error["Key"] for error in answer.get("Errors", [])}
        if refused:
            logger.error("public bucket: could not delete %s", sorted(refused)[:5])
        deleted += [key[len(prefix) :] for key in batch if key not in refused]
    return deleted


def _purge(public: S3Storage, names: Iterable[str]) -> None:
    """Tell the CDN in front of the public prefix, if one is configured: `purge(keys=..., urls=...)`."""
    path = getattr(settings, "CURATION_CDN_PURGE", "")
    if not path:
        return
    names = list(names)
    try:
        import_string(path)(keys=[_key(public, name) for name in names], urls=[public.url(name) for name in names])
    except Exception:  # noqa: BLE001 - the objects are gone already; a CDN that was not told expires them anyway
        logger.exception("public bucket: the CDN purge hook %s failed for %d objects", path, len(names))
