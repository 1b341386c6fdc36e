"""Writes to the photo library: ingest, renditions, failures, and the photographer's culling and descriptions.

Views, tasks, commands and the admin call these; nothing else writes photos or renditions.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO

from botocore.exceptions import BotoCoreError, ClientError
from celery import current_app
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from curation import imaging
from curation.housekeeping import storage_files_delete_on_commit
from curation.models import Photo, Rendition, Subject, Tag, UploadBatch
from curation.publications import publications
from curation.subjects import photo_subjects_set
from curation.texts import texts_assign
from curation.writes import BULK_CHUNK, display_filename, through_rows_add

logger = logging.getLogger(__name__)

# The task that makes a photo's thumbnail, and the one that makes its full set (curation/tasks.py).
THUMBNAIL_TASK = "curation.tasks.photo_thumbnail_make"
FULL_SET_TASK = "curation.tasks.photo_renditions_make"
# Processing not finished: the photo still waits for a thumbnail or for its full set.
BUSY = (Photo.Status.PENDING, Photo.Status.PROCESSING)

HASH_CHUNK = 1024 * 1024


class PhotoRefused(Exception):
    """An upload we will not keep; `message` is written for the photographer, naming what is wrong."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class StorageUnavailable(Exception):
    """The file is fine but could not be stored (the store is down or hanging); trying again later will work."""

    code = "storage_unavailable"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


STORAGE_ERRORS: tuple[type[BaseException], ...] = (OSError, BotoCoreError, ClientError)


@dataclass(frozen=True)
class PhotoCreateResult:
    photo: Photo
    created: bool


def refusal_message(error: imaging.ImageRefused) -> str:
    """The photographer-facing, translated sentence for a pipeline refusal."""
    detected = getattr(error, "detected", None)
    if error.code == "not_image":
        if detected:
            return _("Not a photo: this is a %(kind)s file.") % {"kind": detected}
        return _("Not a photo: the file's content is not an image we recognise.")
    if error.code == "unsupported_format":
        return _("This image format (%(kind)s) is not supported: export it as JPEG, HEIC, PNG, WebP, TIFF or AVIF.") % {
            "kind": detected or _("unknown")
        }
    if error.code == "too_many_pixels":
        return _("The image has too many pixels to process safely (the limit is %(megapixels)d megapixels).") % {
            "megapixels": settings.CURATION_MAX_PIXELS // 1_000_000
        }
    if error.code == "too_many_frames":
        return _("The file has too many frames; upload a single still image.")
    if error.code == "too_complex":
        return _(
            "The file is made of far more parts or metadata than a photo needs, too many to check safely: "
            "export it again from your photo editor."
        )
    if error.code == "truncated":
        return _("The file is cut short — copy it from the card again.")
    return _("The file is damaged and cannot be read as an image.")


def _hash_and_size(stream: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(HASH_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


def photo_create(*, owner, upload: IO[bytes], filename: str, batch: UploadBatch | None = None) -> PhotoCreateResult:
    """Keep an uploaded original, or refuse it with a reason; a file already in the owner's library is not stored twice.

    The stream is read twice (hash, then copy to storage) and never held in memory whole.
    """
    label = display_filename(filename)
    content_hash, size = _hash_and_size(upload)
    if size == 0:
        raise PhotoRefused("empty", _("The file is empty."))
    if size > settings.CURATION_MAX_UPLOAD_BYTES:
        raise PhotoRefused(
            "too_large",
            _("The file is larger than the %(limit)d MB limit.")
            % {"limit": settings.CURATION_MAX_UPLOAD_BYTES // 2**20},
        )

    existing = Photo.objects.filter(owner=owner, content_hash=content_hash).first()
    if existing is not None:
        return PhotoCreateResult(photo=existing, created=False)

    try:
        info = imaging.probe(upload, max_pixels=settings.CURATION_MAX_PIXELS)
    except imaging.ImageRefused as error:
        raise PhotoRefused(error.code, refusal_message(error)) from error
    upload.seek(0)

    photo = Photo(
        owner=owner,
        batch=batch,
        original_filename=label,
        original_size=size,
        original_format=info.format,
        content_hash=content_hash,
        width=None,
        height=None,
    )
    extension = {"JPEG": "jpg", "MPO": "jpg", "HEIF": "heic"}.get(info.format, info.format.lower())
    # An upload Django has spooled to a temporary file is moved into local storage, not copied: the copy was
    # a third of the web server's CPU per photo, CPU the workers making thumbnails share on a small machine.
    content = upload if isinstance(upload, File) else File(upload)
    try:
        photo.original.save(f"original.{extension}", content, save=False)
    except STORAGE_ERRORS as error:
        logger.warning("storage refused an original: %s", error)
        raise StorageUnavailable(
            _("Storage is not answering right now, so nothing was kept. Try this file again in a minute.")
        ) from error
    try:
        with transaction.atomic():
            photo.save()
    except IntegrityError:
        # The same file arrived twice at once: keep the first, drop our copy of the bytes.
        photo.original.delete(save=False)
        existing = Photo.objects.get(owner=owner, content_hash=content_hash)
        return PhotoCreateResult(photo=existing, created=False)

    if batch is not None:
        upload_batch_file_arrived(batch=batch)
    photo_thumbnail_queue(photo_id=photo.pk)
    return PhotoCreateResult(photo=photo, created=True)


def photo_thumbnail_queue(*, photo_id: int) -> None:
    """Queue the photo's processing once the transaction commits.

    A broker that is down must not fail the upload that is already safely stored: the photo stays
    pending and the periodic sweep queues it again.
    """

    def send() -> None:
        try:
            # By name: curation.tasks calls these services, so this module does not import it back.
            current_app.send_task(THUMBNAIL_TASK, args=[photo_id])
        except Exception:  # noqa: BLE001 - any broker failure; the sweep is the retry
            logger.warning("could not queue photo %s; the pending sweep will", photo_id, exc_info=True)

    transaction.on_commit(send)


def _status_set(photo: Photo, status: str, reason: str = "") -> None:
    photo.status = status
    photo.failure_reason = reason
    photo.status_changed_at = timezone.now()
    photo.save(update_fields=["status", "failure_reason", "status_changed_at"])


def _metadata_apply(photo: Photo, metadata: imaging.PhotoMetadata) -> None:
    photo.width = metadata.width
    photo.height = metadata.height
    photo.taken_at = metadata.taken_at
    photo.camera_make = metadata.camera_make
    photo.camera_model = metadata.camera_model
    photo.lens = metadata.lens
    photo.focal_length_mm = metadata.focal_length_mm
    photo.aperture = metadata.aperture
    photo.exposure_time = metadata.exposure_time
    photo.iso = metadata.iso
    photo.gps_latitude = metadata.gps_latitude
    photo.gps_longitude = metadata.gps_longitude
    photo.dominant_color = metadata.dominant_color
    photo.placeholder = metadata.placeholder
    if photo.taken_at is not None and timezone.is_naive(photo.taken_at):
        photo.taken_at = timezone.make_aware(photo.taken_at)
    photo.save(
        update_fields=[
            "width",
            "height",
            "taken_at",
            "camera_make",
            "camera_model",
            "lens",
            "focal_length_mm",
            "aperture",
            "exposure_time",
            "iso",
            "gps_latitude",
            "gps_longitude",
            "dominant_color",
            "placeholder",
        ]
    )


def rendition_file_name(rendered: imaging.RenderedImage) -> str:
    # Content-hashed and unguessable: safe to cache forever, and it reveals no photo id.
    digest = hashlib.sha256(rendered.data).hexdigest()
    return f"{digest[:2]}/{digest[2:34]}-{rendered.spec.long_edge}.{rendered.spec.extension}"


def _rendition_store(photo: Photo, rendered: imaging.RenderedImage) -> Rendition | None:
    rendition = Rendition(
        photo=photo,
        spec=rendered.spec.name,
        long_edge=rendered.spec.long_edge,
        format=rendered.spec.format,
        width=rendered.width,
        height=rendered.height,
        size=len(rendered.data),
    )
    rendition.file.save(rendition_file_name(rendered), ContentFile(rendered.data), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another worker made this spec first (a redelivered task): keep theirs, leave no orphan file.
        rendition.file.delete(save=False)
        return None
    return rendition


def standard_specs() -> list[imaging.RenditionSpec]:
    return imaging.rendition_specs()


def photo_renditions_ensure(*, photo_id: int, specs: Sequence[imaging.RenditionSpec]) -> list[Rendition]:
    """Make whichever of `specs` the photo lacks, from one decode of its original; a rerun makes nothing.

    A file the pipeline refuses marks the photo failed with the reason. Storage and database errors
    propagate, so the task retries them.
    """
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return []  # deleted while queued: nothing to do
    existing = set(photo.renditions.values_list("spec", flat=True))
    missing = [spec for spec in specs if spec.name not in existing]
    if not missing and photo.width is not None:
        _status_ready_if_complete(photo)
        return []
    if photo.status != Photo.Status.READY:
        # Also when already processing (a full set after its thumbnail): the change of time tells the pending sweep
        # the photo was taken by a worker just now, which a filesystem broker cannot tell it.
        _status_set(photo, Photo.Status.PROCESSING)

    try:
        with photo.original.open("rb") as original:
            # Fetch the whole original first: a store that times out mid-read must fail the task (which retries),
            # not hand the pipeline a short file it would refuse as "not an image" for good.
            original.seek(0)
            result = imaging.process(original, missing, max_pixels=settings.CURATION_MAX_PIXELS)
    except imaging.ImageRefused as error:
        logger.info("photo %s refused by the pipeline: %s", photo.pk, error.code)
        _status_set(photo, Photo.Status.FAILED, refusal_message(error))
        return []

    if photo.width is None:
        _metadata_apply(photo, result.metadata)
    made = [r for rendered in result.renditions if (r := _rendition_store(photo, rendered)) is not None]
    _status_ready_if_complete(photo)
    return made


def _status_ready_if_complete(photo: Photo) -> None:
    wanted = {spec.name for spec in standard_specs()}
    have = set(photo.renditions.values_list("spec", flat=True))
    if wanted <= have and photo.status != Photo.Status.READY:
        _status_set(photo, Photo.Status.READY)


def photo_needs_renditions(*, photo_id: int) -> bool:
    return Photo.objects.filter(pk=photo_id, status__in=BUSY).exists()


# --- Thumbnails first: the batch hold ---------------------------------------------------------------------------
#
# A photographer who uploads a shoot culls from the thumbnails; the full sets (a second of CPU each on a 24 MP
# photo, eight times a thumbnail) are for the loupe and the exhibitions, later. So a batch's full sets wait until
# every thumbnail of it is made: a worker never starts a full set while a thumbnail of the same upload waits, however
# the uploads trickle in, on any broker and with any number of worker processes. The photos since the last release
# form a round; a round is released, in capture order, by whoever finishes it last (a thumbnail, a failure, the
# sender saying it has sent everything), under the batch's row lock, so exactly once. A sender that vanishes holds
# for CURATION_BATCH_HOLD_SECONDS after its last file at most; then the pending sweep finishes the round.


def _hold_ends() -> datetime:
    return timezone.now() + timedelta(seconds=settings.CURATION_BATCH_HOLD_SECONDS)


def upload_batch_sending(*, batch: UploadBatch) -> None:
    """The sender has files to send into this batch: its full sets wait until they are in and thumbnailed."""
    UploadBatch.objects.filter(pk=batch.pk).update(sending_until=_hold_ends())


def upload_batch_file_arrived(*, batch: UploadBatch) -> None:
    # A sender still sending keeps the hold; a batch nobody said was sending is not held by a file arriving.
    UploadBatch.objects.filter(pk=batch.pk, sending_until__isnull=False).update(sending_until=_hold_ends())


def upload_batch_sent(*, batch: UploadBatch) -> list[int]:
    """Every file of the batch has been sent: the full sets follow the last thumbnail (now, if it is made)."""
    with transaction.atomic():
        locked = UploadBatch.objects.select_for_update().get(pk=batch.pk)
        locked.sending_until = None
        locked.save(update_fields=["sending_until"])
        return _batch_round_release_if_due(locked)


def photo_full_set_queue_when_due(*, photo_id: int, started: datetime | None = None) -> list[int]:
    """After a photo's thumbnail, or its failure: queue the full sets that are due now; returns their photo ids.

    A photo outside any batch goes at once. In a batch, the photo's round is released when the sender is no longer
    sending and every photo of the round has its thumbnail or failed. A photo of an earlier round goes alone if it
    changed since that release (processed again, or found lost by the sweep); otherwise the release queued it.

    `started`: when the thumbnail task calling this began. A full set that another worker started meanwhile (the
    release, by another photo's thumbnail, queued it) also changes the photo; a task that began before the release
    was counted by it, so it does not queue the full set a second time.
    """
    photo = Photo.objects.filter(pk=photo_id).only("pk", "batch_id", "status", "status_changed_at").first()
    if photo is None:
        return []
    if photo.batch_id is None:
        return _full_sets_queue([photo.pk] if photo.status in BUSY else [])
    with transaction.atomic():
        batch = UploadBatch.objects.select_for_update().filter(pk=photo.batch_id).first()
        if batch is None:  # the batch was deleted meanwhile: nothing groups the photo any more
            return _full_sets_queue([photo.pk] if photo.status in BUSY else [])
        if photo.pk > batch.released_through:
            return _batch_round_release_if_due(batch)
        changed_at = photo.status_changed_at if started is None else min(photo.status_changed_at, started)
        changed_since = batch.released_at is None or changed_at > batch.released_at
        return _full_sets_queue([photo.pk] if photo.status in BUSY and changed_since else [])


def _batch_round_release_if_due(batch: UploadBatch) -> list[int]:
    """Queue the round's full sets if it is complete; the caller holds the batch's row lock."""
    now = timezone.now()
    if batch.sending_until is not None and batch.sending_until > now:
        return []
    round_photos = Photo.objects.filter(batch=batch, pk__gt=batch.released_through)
    thumbnail = Rendition.objects.filter(photo=OuterRef("pk"), spec=imaging.THUMBNAIL_SPECS[0].name)
    if round_photos.filter(status__in=BUSY).exclude(Exists(thumbnail)).exists():
        return []  # the last of these thumbnails releases the round
    due = list(
        round_photos.filter(status__in=BUSY)
        .order_by(F("taken_at").asc(nulls_last=True), "pk")
        .values_list("pk", flat=True)
    )
    last = round_photos.order_by("-pk").values_list("pk", flat=True).first()
    if last is None:
        return []
    batch.released_through = last
    batch.released_at = now
    batch.save(update_fields=["released_through", "released_at"])
    return _full_sets_queue(due)


def _full_sets_queue(photo_ids: list[int]) -> list[int]:
    if not photo_ids:
        return []

    def send() -> None:
        for photo_id in photo_ids:
            try:
                # By name, as photo_thumbnail_queue does: curation.tasks imports this module.
                current_app.send_task(FULL_SET_TASK, args=[photo_id])
            except Exception:  # noqa: BLE001 - a broker hiccup must not fail a good photo; the sweep re-queues it
                logger.warning("could not queue the full set of photo %s; the pending sweep will", photo_id)

    transaction.on_commit(send)
    return photo_ids


def photo_failure_record(*, photo_id: int, reason: str) -> None:
    """Record that a photo could not be processed after every retry, so it is shown, not lost."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is not None:
        _status_set(photo, Photo.Status.FAILED, reason)
        # It was perhaps the last of its round to wait for a thumbnail.
        photo_full_set_queue_when_due(photo_id=photo_id)


def photo_processing_retry(*, photo: Photo) -> None:
    """Queue a failed (or stuck) photo for processing again."""
    _status_set(photo, Photo.Status.PENDING)
    photo_thumbnail_queue(photo_id=photo.pk)


def photos_pending_sweep(*, now: datetime | None = None) -> list[int]:
    """Queue again the photos whose task was lost (a web process killed before it queued, a killed worker).

    A photo still pending or processing is lost when it has not changed for CURATION_PENDING_SWEEP_AFTER_SECONDS
    and its task is not waiting in a queue; a task a worker took and has not finished is trusted for
    CURATION_DELIVERED_TASK_SECONDS (a worker killed outright leaves it taken for an hour). With the sweep every
    30 s, a task that was never queued is found within about two minutes, and a backlog is never queued twice.
    When the broker cannot be read, the older rule of time alone applies, with the longer of the two waits.
    """
    from curation.queues import photos_held

    now = now or timezone.now()
    after = timedelta(seconds=settings.CURATION_PENDING_SWEEP_AFTER_SECONDS)
    delivered_after = timedelta(seconds=settings.CURATION_DELIVERED_TASK_SECONDS)
    # A photo whose batch is still being sent is waiting for the hold, not lost.
    not_held = Q(batch__isnull=True) | Q(batch__sending_until__isnull=True) | Q(batch__sending_until__lte=now)
    unsettled = (
        Photo.objects.filter(not_held, status__in=BUSY, status_changed_at__lt=now - after)
        .order_by()
        .values_list("pk", "status_changed_at")[:1000]
    )
    held = photos_held()
    stale = []
    for photo_id, changed_at in unsettled:
        if not held.known:
            lost = changed_at < now - max(after, delivered_after)
        elif photo_id in held.waiting:
            lost = False
        elif photo_id in held.delivered:
            lost = changed_at < now - delivered_after
        else:
            lost = True
        if lost:
            stale.append(photo_id)
    if stale:
        Photo.objects.filter(pk__in=stale).update(status_changed_at=timezone.now())
        for photo_id in stale:
            photo_thumbnail_queue(photo_id=photo_id)
    return stale


def photos_missing_renditions(photos=None):
    """Photos lacking at least one standard rendition (failed ones included, so a fix can be rerun)."""
    from django.db.models import Count, Q

    photos = Photo.objects.all() if photos is None else photos
    names = [spec.name for spec in standard_specs()]
    return photos.annotate(have=Count("renditions", filter=Q(renditions__spec__in=names))).filter(have__lt=len(names))


def photo_renditions_delete(*, photo_id: int) -> int:
    """Remove a photo's renditions (rows now, files once committed), e.g. before remaking them all."""
    renditions = list(Rendition.objects.filter(photo_id=photo_id))
    Rendition.objects.filter(pk__in=[r.pk for r in renditions]).delete()
    Photo.objects.filter(pk=photo_id).update(status=Photo.Status.PENDING, status_changed_at=timezone.now())
    storage_files_delete_on_commit((r.file.storage, r.file.name) for r in renditions)
    return len(renditions)


def photo_renditions_queue(*, photo_id: int, rebuild: bool = False) -> None:
    """Hand a photo to the workers: thumbnail first, then the rest."""
    if rebuild:
        photo_renditions_delete(photo_id=photo_id)
    photo_thumbnail_queue(photo_id=photo_id)


def photo_delete(*, photo: Photo) -> None:
    """Delete a photo, its renditions and its original from storage."""
    files = [(f.storage, f.name) for f in [*(r.file for r in photo.renditions.all()), photo.original]]
    with transaction.atomic():
        photo.delete()
    storage_files_delete_on_commit(files)


# --- The photographer's library: batches, descriptions, culling, bulk actions ----------------------------------

TAG_MAX_LENGTH = 100


# Through-table rows written per statement when a bulk action touches a whole filter (tens of thousands).
def upload_batch_create(
    *, owner, source: str = UploadBatch.Source.BROWSER, label: str = "", sending: bool = False
) -> UploadBatch:
    """Open a batch that the files of one upload page visit or one import run are recorded under.

    `sending`: the caller is about to send its files and will call upload_batch_sent when done, so the batch's
    thumbnails all come before any of its full sets (see "the batch hold").
    """
    return UploadBatch.objects.create(
        owner=owner,
        source=source,
        label=display_filename(label)[:200],
        sending_until=_hold_ends() if sending else None,
    )


def tag_names_parse(text: str) -> list[str]:
    """Tag names from what the photographer typed: comma-separated, trimmed, first spelling kept, no repeats."""
    names: dict[str, str] = {}
    for raw in text.replace("\n", ",").split(","):
        name = " ".join(raw.split())[:TAG_MAX_LENGTH]
        if name and name.casefold() not in names:
            names[name.casefold()] = name
    return list(names.values())


def tags_ensure(*, owner, names: Sequence[str]) -> list[Tag]:
    """The owner's tags with these names, created when new; an existing tag keeps its own spelling."""
    wanted = {name.casefold(): name for name in names if name}
    if not wanted:
        return []
    existing = {tag.name.casefold(): tag for tag in Tag.objects.filter(owner=owner)}
    missing = [Tag(owner=owner, name=name) for key, name in wanted.items() if key not in existing]
    if missing:
        # ignore_conflicts: a tag typed in two tabs at once is created once (unique on owner + lower(name)).
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {tag.name.casefold(): tag for tag in Tag.objects.filter(owner=owner)}
    return [existing[key] for key in wanted if key in existing]


def photo_update(
    *,
    photo: Photo,
    title: str | Mapping[str, str],
    caption: str | Mapping[str, str],
    alt_text: str | Mapping[str, str],
    place_name: str | Mapping[str, str],
    tag_names: Sequence[str],
    subjects: Sequence[Subject],
) -> Photo:
    """Save the photographer's words about a photo; the worker's fields (metadata, status) are left alone.

    Each text a visitor reads is a language map ({"kk": ..., "ru": ..., "en": ...}: the languages it names are set,
    a blank one cleared, the others kept) or a plain string, the text in the active language.
    """
    if any(subject.owner_id != photo.owner_id for subject in subjects):
        raise ValueError("a photo can only show its owner's subjects")
    with transaction.atomic():
        columns: list[str] = []
        texts = {"title": title, "caption": caption, "alt_text": alt_text, "place_name": place_name}
        for field, value in texts.items():
            columns += texts_assign(photo, field, value)
        if columns:
            photo.save(update_fields=columns)
        photo.tags.set(tags_ensure(owner=photo.owner, names=tag_names))
        photo_subjects_set(photo=photo, subjects=subjects)
    return photo


def photos_rate(*, photos: QuerySet[Photo], rating: int) -> int:
    """Give every photo in `photos` the same 0–5 star rating; returns how many were changed."""
    if not 0 <= rating <= Photo.MAX_RATING:
        raise ValueError(f"a rating is 0 to {Photo.MAX_RATING} stars, not {rating}")
    return photos.order_by().update(rating=rating)


def photos_flag(*, photos: QuerySet[Photo], flag: str) -> int:
    """Mark photos as picks or rejects, or clear the flag (Photo.Flag.NONE)."""
    if flag not in Photo.Flag.values:
        raise ValueError(f"unknown flag {flag!r}")
    return photos.order_by().update(flag=flag)


def photos_label(*, photos: QuerySet[Photo], label: str) -> int:
    """Give photos a colour label, or clear it (Photo.Label.NONE)."""
    if label not in Photo.Label.values:
        raise ValueError(f"unknown colour label {label!r}")
    return photos.order_by().update(label=label)


@transaction.atomic
def photos_tag(*, photos: QuerySet[Photo], owner, names: Sequence[str]) -> int:
    """Add tags to the owner's photos in `photos`; returns how many photos were considered."""
    photo_ids = list(photos.filter(owner=owner).order_by().values_list("pk", flat=True))
    if not photo_ids:
        return 0  # ids that were all someone else's: no empty tag appears in the owner's filters either
    for tag in tags_ensure(owner=owner, names=names):
        through_rows_add(Photo.tags.through, photo_ids, "tag_id", tag.pk)
    return len(photo_ids)


@dataclass(frozen=True)
class PhotosDeleteResult:
    deleted: int
    kept: list[Photo]  # in an exhibition: the curator removes them there first


def photos_delete(*, photos: QuerySet[Photo]) -> PhotosDeleteResult:
    """Delete photos with their renditions and originals; photos used in an exhibition are kept and returned.

    Files leave storage only once the rows are gone for good (on commit), so a failure deletes nothing.
    """
    with transaction.atomic():
        kept = list(publications().photos_in_use(photos).order_by("pk"))
        doomed = photos.exclude(pk__in=[p.pk for p in kept]).order_by()
        ids = list(doomed.values_list("pk", flat=True))
        names: list[tuple[str, str]] = []
        for start in range(0, len(ids), BULK_CHUNK):
            chunk = ids[start : start + BULK_CHUNK]
            names += [
                ("renditions", n) for n in Rendition.objects.filter(photo_id__in=chunk).values_list("file", flat=True)
            ]
            names += [("default", n) for n in Photo.objects.filter(pk__in=chunk).values_list("original", flat=True)]
            Photo.objects.filter(pk__in=chunk).delete()

    storage_files_delete_on_commit((storages[alias], name) for alias, name in names)
    return PhotosDeleteResult(deleted=len(ids), kept=kept)
