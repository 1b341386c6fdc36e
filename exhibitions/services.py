"""Writes to exhibitions: create, add to the sequence, publish. Every sequence change bumps the version."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from curation.models import Photo
from exhibitions.cache import public_pages_changed
from exhibitions.models import Exhibition, ExhibitionItem
from exhibitions.snapshot import exhibition_snapshot_build


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=True)[:100] or "exhibition"
    slug, n = base, 2
    while Exhibition.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def exhibition_create(
    *, owner, title: str, subtitle: str = "", statement: str = "", credits: str = "", slug: str = ""
) -> Exhibition:
    return Exhibition.objects.create(
        owner=owner,
        title=title,
        subtitle=subtitle,
        statement=statement,
        credits=credits,
        slug=slug or _unique_slug(title),
    )


@transaction.atomic
def exhibition_photos_append(*, exhibition: Exhibition, photos: Sequence[Photo]) -> list[ExhibitionItem]:
    """Add photos at the end of the sequence; photos already in the exhibition are left where they are."""
    locked = Exhibition.objects.select_for_update().get(pk=exhibition.pk)
    present = set(locked.items.filter(photo__isnull=False).values_list("photo_id", flat=True))
    start = locked.items.aggregate(m=Max("position"))["m"]
    next_position = 0 if start is None else start + 1
    items = []
    for photo in photos:
        if photo.pk in present:
            continue
        present.add(photo.pk)
        items.append(ExhibitionItem(exhibition=locked, photo=photo, position=next_position))
        next_position += 1
    ExhibitionItem.objects.bulk_create(items)
    if items:
        Exhibition.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        if locked.cover_photo_id is None:
            Exhibition.objects.filter(pk=locked.pk).update(cover_photo=items[0].photo)
    return items


@transaction.atomic
def exhibition_text_panel_append(*, exhibition: Exhibition, text: str) -> ExhibitionItem:
    locked = Exhibition.objects.select_for_update().get(pk=exhibition.pk)
    start = locked.items.aggregate(m=Max("position"))["m"]
    item = ExhibitionItem.objects.create(exhibition=locked, text=text, position=0 if start is None else start + 1)
    Exhibition.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    return item


@transaction.atomic
def exhibition_publish(*, exhibition: Exhibition) -> Exhibition:
    """Freeze the draft into the published snapshot that visitors see."""
    exhibition = Exhibition.objects.select_for_update().get(pk=exhibition.pk)
    exhibition.status = Exhibition.Status.PUBLISHED
    exhibition.published_at = exhibition.published_at or timezone.now()
    exhibition.published_snapshot = exhibition_snapshot_build(exhibition)
    exhibition.save(update_fields=["status", "published_at", "published_snapshot", "updated_at"])
    transaction.on_commit(lambda: public_pages_changed(exhibition_id=exhibition.pk))
    return exhibition
