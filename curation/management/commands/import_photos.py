"""manage.py import_photos PATH... --owner USERNAME [--wait] [--json]: a memory card or an archive into a library.

Every thumbnail of the run comes before any full set (the batch is held while files go in). With --wait, the command
returns once every photo is ready or has failed in the worker, and reports each one's final status: a file cut short
inside its pixel data passes the checks on import and fails when decoded, and is then reported as "failed" with its
reason.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q
from django.urls import reverse

from curation import imaging, ingest, services
from curation.models import Photo, Rendition, UploadBatch
from curation.roles import is_photographer

BAR_WIDTH = 28
# A photo the worker could not process: the final status --json reports for a file imported on its header alone.
FAILED = "failed"


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


class Progress:
    """A bar redrawn in place on a terminal; one plain line per step in a log, where a bar would be noise."""

    def __init__(self, stream, total: int, total_bytes: int) -> None:
        self.stream = stream
        self.total = total
        self.total_bytes = total_bytes
        self.bytes = 0
        self.tty = getattr(stream, "isatty", lambda: False)()

    def step(self, done: int, size: int, label: str, status: str) -> None:
        self.bytes += size
        if not self.tty:
            self.stream.write(f"[{done}/{self.total}] {status:<9} {label}")
            return
        filled = BAR_WIDTH * done // self.total if self.total else BAR_WIDTH
        bar = "#" * filled + "·" * (BAR_WIDTH - filled)
        sizes = f"{human_bytes(self.bytes)}/{human_bytes(self.total_bytes)}"
        self.stream.write(f"\r[{bar}] {done}/{self.total} · {sizes} · {label[:36]:<36}", ending="")
        if done == self.total:
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Import photos from files or folders (a memory card, an archive) into a photographer's library, "
        "through the same checks as the upload page. Files already in the library are recognised by content."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders (searched deeply)")
        parser.add_argument("--owner", required=True, metavar="USERNAME", help="the photographer who owns them")
        parser.add_argument(
            "--wait", action="store_true", help="return when every photo's renditions are ready or failed"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object per file on stdout")
        parser.add_argument(
            "--timeout", type=float, default=3600.0, help="with --wait, give up after this many seconds"
        )

    def handle(self, *args, **options) -> None:
        owner = get_user_model().objects.filter(username=options["owner"]).first()
        if owner is None:
            raise CommandError(f"No user is called {options['owner']!r}.")
        if not is_photographer(owner):
            raise CommandError(f"{owner.get_username()} is not a photographer.")
        paths: list[Path] = options["paths"]
        if missing := [str(p) for p in paths if not p.exists()]:
            raise CommandError(f"Not found: {', '.join(missing)}")

        files = list(ingest.files_under(paths))
        sizes = {path: _size(path) for path in files}
        label = ", ".join(p.resolve().name or str(p) for p in paths)
        batch = services.upload_batch_create(owner=owner, source=UploadBatch.Source.IMPORT, label=label, sending=True)
        progress = None if options["json"] else Progress(self.stderr, len(files), sum(sizes.values()))

        results: list[tuple[Path, ingest.Outcome]] = []
        for done, path in enumerate(files, start=1):
            outcome = _ingest_path(owner, path, batch)
            results.append((path, outcome))
            if progress:
                progress.step(done, sizes[path], path.name, outcome.status)
        # The full sets follow the run's last thumbnail.
        services.upload_batch_sent(batch=batch)

        photo_ids = sorted({o.photo.pk for _, o in results if o.photo is not None})
        timed_out = False
        if options["wait"] and photo_ids:
            timed_out = not self._wait(photo_ids, options["timeout"], show=progress is not None)

        if options["json"]:
            self._print_json(results, photo_ids)
        else:
            self._print_summary(results, photo_ids, batch, waited=options["wait"])
        if timed_out:
            raise CommandError(f"Timed out after {options['timeout']:.0f} s waiting for the workers.")

    def _wait(self, photo_ids: list[int], timeout: float, *, show: bool) -> bool:
        deadline = time.monotonic() + timeout
        total = len(photo_ids)
        thumbnail = imaging.THUMBNAIL_SPECS[0].name
        while True:
            counts = Photo.objects.filter(pk__in=photo_ids).aggregate(
                # distinct: the join to renditions repeats each photo once per rendition.
                left=Count("pk", filter=Q(status__in=services.BUSY), distinct=True),
                thumbnails=Count("renditions", filter=Q(renditions__spec=thumbnail)),
                ready=Count("pk", filter=Q(status=Photo.Status.READY), distinct=True),
            )
            left = counts["left"]
            if show and sys.stderr.isatty():
                self.stderr.write(
                    f"\rWaiting for the workers: thumbnails {counts['thumbnails']}/{total} · "
                    f"full sizes {counts['ready']}/{total} ",
                    ending="",
                )
            if left == 0:
                if show and sys.stderr.isatty():
                    self.stderr.write("")
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.5)

    def _print_json(self, results: list[tuple[Path, ingest.Outcome]], photo_ids: list[int]) -> None:
        photos = {p.pk: p for p in Photo.objects.filter(pk__in=photo_ids).only("pk", "status", "failure_reason")}
        renditions: dict[int, list[str]] = {}
        for photo_id, name in (
            Rendition.objects.filter(photo_id__in=photo_ids).order_by("spec").values_list("photo_id", "file")
        ):
            renditions.setdefault(photo_id, []).append(name)
        for path, outcome in results:
            photo = photos.get(outcome.photo.pk) if outcome.photo else None
            status = outcome.status
            reason = outcome.message if outcome.status != ingest.IMPORTED else ""
            if photo is not None and photo.status == Photo.Status.FAILED:
                reason = photo.failure_reason
                if status == ingest.IMPORTED:
                    status = FAILED
            line = {
                "path": str(path),
                "status": status,
                "reason": reason,
                "photo_id": photo.pk if photo else None,
                "processing": photo.status if photo else None,
                "renditions": renditions.get(photo.pk, []) if photo else [],
            }
            self.stdout.write(json.dumps(line, ensure_ascii=False))

    def _print_summary(
        self, results: list[tuple[Path, ingest.Outcome]], photo_ids: list[int], batch: UploadBatch, *, waited: bool
    ) -> None:
        count = {status: 0 for status in (ingest.IMPORTED, ingest.DUPLICATE, ingest.REFUSED)}
        for path, outcome in results:
            count[outcome.status] += 1
            if outcome.status == ingest.REFUSED:
                self.stdout.write(f"refused   {path}: {outcome.message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {count[ingest.IMPORTED]}, already in the library {count[ingest.DUPLICATE]}, "
                f"refused {count[ingest.REFUSED]}."
            )
        )
        if waited and photo_ids:
            failed = Photo.objects.filter(pk__in=photo_ids, status=Photo.Status.FAILED)
            for photo in failed:
                self.stdout.write(f"failed    {photo.original_filename}: {photo.failure_reason}")
            ready = Photo.objects.filter(pk__in=photo_ids, status=Photo.Status.READY).count()
            self.stdout.write(f"Renditions: {ready} ready, {failed.count()} failed.")
        if count[ingest.IMPORTED]:
            self.stdout.write(f"In the library: {reverse('curation:library')}?batch={batch.pk}")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _ingest_path(owner, path: Path, batch: UploadBatch) -> ingest.Outcome:
    try:
        with path.open("rb") as stream:
            return ingest.ingest(owner=owner, stream=stream, filename=path.name, batch=batch)
    except OSError as error:
        # A card pulled out, a file without read permission: this file is refused, the others go on.
        return ingest.Outcome(path.name, ingest.REFUSED, f"The file could not be read: {error.strerror}.", code="io")
