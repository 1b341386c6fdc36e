"""Bring files into a photographer's library, one answer per file: shared by the upload page and import_photos."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from curation import services
from curation.models import Photo, UploadBatch
from curation.writes import display_filename

IMPORTED = "imported"
DUPLICATE = "duplicate"
REFUSED = "refused"


@dataclass(frozen=True)
class Outcome:
    """What became of one file; `message` is a sentence for the photographer, `code` a stable reason."""

    filename: str
    status: str  # IMPORTED, DUPLICATE or REFUSED
    message: str
    photo: Photo | None = None
    code: str = ""


def ingest(*, owner, stream: IO[bytes], filename: str, batch: UploadBatch | None = None) -> Outcome:
    """Keep one file or say why not. A refusal is an answer, not an error: the next file goes on regardless."""
    label = display_filename(filename) or _("(no name)")
    try:
        result = services.photo_create(owner=owner, upload=stream, filename=filename, batch=batch)
    except services.PhotoRefused as refused:
        return Outcome(label, REFUSED, refused.message, code=refused.code)
    except services.StorageUnavailable as unavailable:
        return Outcome(label, REFUSED, unavailable.message, code=unavailable.code)
    if result.created:
        return Outcome(label, IMPORTED, _("Imported."), result.photo)
    return Outcome(label, DUPLICATE, _("Already in your library."), result.photo, code="duplicate")


def is_hidden(name: str) -> bool:
    # ".DS_Store", "._IMG_0001.JPG" (macOS resource forks), ".Trashes": never the photographer's photos.
    return name.startswith(".")


def files_under(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file named, and every file inside the folders named, in a stable order; hidden files are skipped."""
    for path in paths:
        if path.is_dir():
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not is_hidden(d))
                for name in sorted(names):
                    if not is_hidden(name):
                        yield Path(folder) / name
        else:
            yield path
