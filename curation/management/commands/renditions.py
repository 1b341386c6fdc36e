"""manage.py renditions: make missing renditions (or remake all of them), with a progress bar."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandParser

from curation import services
from curation.models import Photo


def progress(done: int, total: int, label: str, *, width: int = 30) -> str:
    filled = width * done // total if total else width
    return f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} {label[:40]:<40}"


class Command(BaseCommand):
    help = "Make the renditions photos lack (default), or remake every rendition (--all)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--missing", action="store_true", help="only what is missing (the default)")
        which.add_argument("--all", action="store_true", help="delete and remake every rendition")
        parser.add_argument("--photo", type=int, action="append", dest="photos", help="only this photo id")
        parser.add_argument("--queue", action="store_true", help="queue the work for the workers instead")

    def handle(self, *args, **options) -> None:
        photos = Photo.objects.order_by("pk")
        if options["photos"]:
            photos = photos.filter(pk__in=options["photos"])
        elif not options["all"]:
            photos = services.photos_missing_renditions(photos)
        ids = list(photos.values_list("pk", flat=True))
        total = len(ids)
        if options["queue"]:
            for photo_id in ids:
                services.photo_renditions_queue(photo_id=photo_id, rebuild=options["all"])
            self.stdout.write(self.style.SUCCESS(f"Queued {total} photos."))
            return
        failed = 0
        show_bar = sys.stderr.isatty() or total > 0
        for done, photo_id in enumerate(ids, start=1):
            if options["all"]:
                services.photo_renditions_delete(photo_id=photo_id)
            services.photo_renditions_ensure(photo_id=photo_id, specs=services.standard_specs())
            if Photo.objects.filter(pk=photo_id, status=Photo.Status.FAILED).exists():
                failed += 1
            if show_bar:
                self.stderr.write(progress(done, total, f"photo {photo_id}"), ending="")
        if show_bar and total:
            self.stderr.write("")
        message = f"Processed {total} photos"
        if failed:
            message += f"; {failed} failed (see their failure reason in the library)"
        self.stdout.write(self.style.SUCCESS(message + "."))
