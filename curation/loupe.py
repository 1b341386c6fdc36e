"""Reads for the loupe, compare and survey: a photo's place in the filter ("5 of 30"), its neighbours, the images
the script preloads, and the photographer's own photos for a comparison."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from curation import library
from curation.models import Photo, Rendition

# Formats a browser draws by itself: the loupe's 100 % view shows these originals; any other (HEIF, TIFF) is shown
# from its largest rendition, which a browser can draw.
DRAWABLE_ORIGINALS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF", "AVIF"})
SURVEY_MAX = 12
SURVEY_MIN = 2


def with_renditions(photos: QuerySet[Photo]) -> QuerySet[Photo]:
    return photos.prefetch_related(Prefetch("renditions", queryset=Rendition.objects.order_by("long_edge")))


def own_photo(owner, photo_id: int) -> Photo | None:
    return with_renditions(Photo.objects.filter(owner=owner, pk=photo_id)).first()


def own_photos(owner, photo_ids: Iterable[int]) -> list[Photo] | None:
    """The owner's photos in the order asked for (repeats dropped); None when any is not theirs or does not exist,
    so a comparison never says which of someone else's ids exist."""
    wanted = list(dict.fromkeys(photo_ids))
    found = {photo.pk: photo for photo in with_renditions(Photo.objects.filter(owner=owner, pk__in=wanted))}
    if len(found) != len(wanted):
        return None
    return [found[pk] for pk in wanted]


@dataclass(frozen=True)
class Position:
    """Where a photo stands in its filter, counted no further than the library counts (COUNT_EXACT_UP_TO), so
    the loupe of a 100 000-photo library costs what a page of the grid costs."""

    index: int | None  # 1 for the first photo; None past the cap
    total: int
    capped: bool  # more than `total` photos in the filter

    @property
    def words(self) -> str:
        total = formats.number_format(self.total, force_grouping=True)
        if self.index is None:
            return _("Past the first %(total)s") % {"total": total}
        index = formats.number_format(self.index, force_grouping=True)
        if self.capped:
            return _("%(index)s of more than %(total)s") % {"index": index, "total": total}
        return _("%(index)s of %(total)s") % {"index": index, "total": total}


def _before(sort: library.Sort, photo: Photo) -> Q:
    """The photos shown before `photo` in `sort`: the order of library._walk, undated photos after all dated ones
    in either direction, ties broken by id the way the sort runs."""
    op = "gt" if sort.descending else "lt"
    value = getattr(photo, sort.field)
    if value is None:
        return Q(**{f"{sort.field}__isnull": False}) | Q(**{f"{sort.field}__isnull": True, f"id__{op}": photo.pk})
    return Q(**{f"{sort.field}__{op}": value}) | Q(**{sort.field: value, f"id__{op}": photo.pk})


def photo_position(photos: QuerySet[Photo], *, sort: library.Sort, photo: Photo) -> Position:
    cap = library.COUNT_EXACT_UP_TO
    total = photos.order_by().values("pk")[: cap + 1].count()
    before = photos.filter(_before(sort, photo)).order_by().values("pk")[: cap + 1].count()
    # A photo that has left the filter since (rejected under "not rejects") still stands where it was.
    total = max(total, before + 1)
    return Position(index=before + 1 if before < cap else None, total=min(total, cap), capped=total > cap)


def images_of(photo: Photo) -> dict[str, list[tuple[str, int, int]]]:
    """The photo's renditions by format, smallest first: (url, width, height), for the script to pick the size
    the screen needs and preload it."""
    images: dict[str, list[tuple[str, int, int]]] = {}
    for rendition in sorted(photo.renditions.all(), key=lambda r: r.long_edge):
        images.setdefault(rendition.format, []).append((rendition.url, rendition.width, rendition.height))
    return images


def largest_image(photo: Photo) -> tuple[str, int, int] | None:
    jpegs = images_of(photo).get("jpeg") or []
    return jpegs[-1] if jpegs else None


def original_drawable(photo: Photo) -> bool:
    return photo.original_format.upper() in DRAWABLE_ORIGINALS


def frame_json(photo: Photo, *, exif: str, position: Position | None) -> dict[str, Any]:
    """What the loupe's script needs to show `photo` without loading a page (URLs are added by the view)."""
    return {
        "id": photo.pk,
        "title": photo.display_title,
        "filename": photo.original_filename,
        "alt": photo.alt_text or photo.display_title,
        "exif": exif,
        "status": photo.status,
        "failure": photo.failure_reason if photo.status == Photo.Status.FAILED else "",
        "width": photo.width,
        "height": photo.height,
        "images": images_of(photo),
        "rating": photo.rating,
        "flag": photo.flag,
        "label": photo.label,
        "position": position.words if position else "",
    }
