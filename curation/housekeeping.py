"""Keeping the database and storage in agreement: find and remove rendition files that no row points at.

A worker killed after writing a rendition file but before recording it leaves such a file behind; the
photo is remade by the sweep, so the stray copy is safe to delete once it is old enough not to belong to a
task still running.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.core.files.storage import Storage
from django.utils import timezone

from curation.models import Photo, Rendition, renditions_storage


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
