"""Keeping the database and storage in agreement: find and remove rendition files that no row points at.

A worker killed after writing a rendition file but before recording it leaves such a file behind; the
photo is remade by the sweep, so the stray copy is safe to delete once it is old enough not to belong to a
task still running.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from curation.models import Photo, Rendition, renditions_storage

logger = logging.getLogger(__name__)


def storage_files_delete_on_commit(files: Iterable[tuple[Storage, str]]) -> None:
    """Remove these (storage, name) files once the transaction that dropped their rows commits.

    After the commit, so a rollback never leaves a row without its file; a file that cannot be removed is
    logged and later found by `renditions_orphaned`.
    """
    files = list(files)

    def remove() -> None:
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("could not delete %s from storage", name)

    transaction.on_commit(remove)


def storage_walk(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name below `path`, for any Django storage (local disk or S3)."""
    directories, files = storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from storage_walk(storage, f"{path}/{directory}" if path else directory)


def renditions_orphaned(*, older_than: timedelta = timedelta(hours=1)) -> list[str]:
    """Rendition files in storage that no Rendition row names and that are older than `older_than`."""
    storage = renditions_storage
    known = set(Rendition.objects.values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    orphans = []
    for name in storage_walk(storage):
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            modified = None
        if modified is None or modified < cutoff:
            orphans.append(name)
    return orphans


def renditions_orphaned_delete(*, older_than: timedelta = timedelta(hours=1)) -> list[str]:
    orphans = renditions_orphaned(older_than=older_than)
    for name in orphans:
        renditions_storage.delete(name)
    return orphans


def renditions_missing_files() -> list[int]:
    """Ids of Rendition rows whose file is not in storage (should never happen: files are written first)."""
    storage = renditions_storage
    return [pk for pk, name in Rendition.objects.values_list("pk", "file") if not storage.exists(name)]


def originals_missing_files() -> list[int]:
    storage = Photo._meta.get_field("original").storage
    return [pk for pk, name in Photo.objects.values_list("pk", "original") if not storage.exists(name)]
