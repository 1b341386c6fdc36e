"""The published snapshot: everything a visitor's page shows of an exhibition, frozen at publish time.

Publishing copies the draft into `Exhibition.published_snapshot` (plain JSON), so the curator keeps editing
the draft while visitors see what was published, and the public page is built without touching the draft's
rows. Only public fields go in: never originals, GPS, EXIF, private subject notes or consent documents.

Shape (version 1):
{
  "version": 1,
  "title": str, "subtitle": str, "statement": str, "credits": str, "slug": str,
  "published_at": ISO 8601 str,
  "venue": str, "starts_on": "YYYY-MM-DD" | null, "ends_on": "YYYY-MM-DD" | null,   # added in place, optional
  "cover": <photo> | null,
  "items": [
    {"kind": "section", "title": str, "text": str},          # a chapter starts here (optional)
    {"kind": "text", "text": str},                            # a text panel between photos
    {"kind": "photo", ...<photo>},
  ]
}
<photo> = {
  "photo_id": int, "title": str, "caption": str, "alt": str, "credit": str,
  "taken_on": "YYYY-MM-DD" | null, "place": str,
  "subjects": [{"id": int, "kind": str, "name": str, "has_story": bool}],
}
Additive keys (venue, starts_on, ends_on) did not bump the version: readers use .get() and treat them as
absent in older snapshots. A photo's "title", "caption" and "alt" are the exhibition's own words when the
curator wrote some, else the photo's. A preview or review page builds the same shape from the draft.
The words and the order are frozen; the pixels are not. Renditions, dimensions, dominant colour and
placeholder are derived by the workers and may arrive after publishing (or be remade), so pages load them
live for the snapshot's photo ids with `snapshot_photos_load()` — two queries, whatever the length.
Nor is the photographer's credit: "credit" holds the public credit as it was when the snapshot was made (older
snapshots hold a login name there), and pages never show it. exhibitions.visibility drops it, and pages credit
each photo as its photographer chooses when served (`photo_credit()`, from the photos `snapshot_photos_load()`
returns: no extra query).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from curation.credits import credit_for
from curation.models import Photo, Rendition, Subject, renditions_storage
from exhibitions.models import Exhibition, ExhibitionItem

SNAPSHOT_VERSION = 1


def rendition_url(name: str) -> str:
    return renditions_storage.url(name)


def photo_credit(photo: Photo) -> str:
    """The name the photo is credited to on a public page now ("": none); expects `owner__profile` loaded."""
    return credit_for(photo.owner)


def photo_entry(photo: Photo, *, title: str = "", caption: str = "", alt: str = "") -> dict[str, Any]:
    """The public description of one photo; expects renditions, subjects, owner and profile to be prefetched."""
    return {
        "photo_id": photo.pk,
        "title": title or photo.title,
        "caption": caption or photo.caption,
        "alt": alt or photo.alt_text,
        "credit": photo_credit(photo),
        "taken_on": photo.taken_at.date().isoformat() if photo.taken_at else None,
        "place": photo.place_name,
        "subjects": [
            {
                "id": s.pk,
                "kind": s.kind,
                # A person by their public name only (pages name them as it is when served: visibility.py).
                "name": s.public_name if s.kind == Subject.Kind.PERSON else (s.public_name or s.name),
                "has_story": bool(s.public_story),
            }
            for s in photo.subjects.all()
        ],
    }


def _photos_prefetch(prefix: str = "") -> list[Prefetch]:
    return [Prefetch(f"{prefix}subjects", queryset=Subject.objects.order_by("name"))]


def snapshot_photo_ids(snapshot: dict[str, Any]) -> list[int]:
    ids = [item["photo_id"] for item in snapshot.get("items", []) if item.get("kind") == "photo"]
    if snapshot.get("cover"):
        ids.append(snapshot["cover"]["photo_id"])
    return ids


def snapshots_photo_ids(exhibitions: QuerySet[Exhibition]) -> dict[int, set[int]]:
    """The photos each of these exhibitions' published snapshot shows, by exhibition id (one query)."""
    return {
        pk: set(snapshot_photo_ids(snapshot))
        for pk, snapshot in exhibitions.filter(published_snapshot__isnull=False).values_list("pk", "published_snapshot")
        if snapshot
    }


def snapshot_photos_load(snapshot: dict[str, Any]) -> dict[int, Photo]:
    """The snapshot's photos with their renditions and their credit (two queries): only the fields a public page
    may use — of the photographer, what `photo_credit()` reads (the login name only to keep it off the page)."""
    photos = (
        Photo.objects.filter(pk__in=snapshot_photo_ids(snapshot))
        .select_related("owner__profile")
        .only(
            "id",
            "width",
            "height",
            "dominant_color",
            "placeholder",
            "status",
            "owner__username",
            "owner__first_name",
            "owner__last_name",
            "owner__profile__credit_name",
        )
        .prefetch_related(Prefetch("renditions", queryset=Rendition.objects.order_by("long_edge")))
    )
    return {photo.pk: photo for photo in photos}


def exhibition_snapshot_build(exhibition: Exhibition) -> dict[str, Any]:
    """Read the draft (a constant number of queries) and return its public snapshot."""
    items = (
        ExhibitionItem.objects.filter(exhibition=exhibition)
        .select_related("photo__owner__profile")
        .prefetch_related(*_photos_prefetch("photo__"))
        .order_by("position")
    )
    entries: list[dict[str, Any]] = []
    for item in items:
        if item.kind == ExhibitionItem.Kind.SECTION:
            entries.append({"kind": "section", "title": item.title, "text": item.text})
        elif item.kind == ExhibitionItem.Kind.TEXT:
            entries.append({"kind": "text", "text": item.text})
        else:
            entry = photo_entry(item.photo, title=item.title, caption=item.caption, alt=item.alt_text)
            entries.append({"kind": "photo", **entry})
    # The cover keeps the exhibition's words for it when it is also in the sequence.
    cover = None
    if exhibition.cover_photo_id is not None:
        same = (e for e in entries if e.get("photo_id") == exhibition.cover_photo_id)
        cover = next(({k: v for k, v in e.items() if k != "kind"} for e in same), None)
    if cover is None and exhibition.cover_photo_id is not None:
        cover_photo = (
            Photo.objects.select_related("owner__profile")
            .prefetch_related(*_photos_prefetch())
            .get(pk=exhibition.cover_photo_id)
        )
        cover = photo_entry(cover_photo)
    return {
        "version": SNAPSHOT_VERSION,
        "title": exhibition.title,
        "subtitle": exhibition.subtitle,
        "statement": exhibition.statement,
        "credits": exhibition.credits,
        "slug": exhibition.slug,
        "published_at": exhibition.published_at.isoformat() if exhibition.published_at else None,
        "venue": exhibition.venue,
        "starts_on": exhibition.starts_on.isoformat() if exhibition.starts_on else None,
        "ends_on": exhibition.ends_on.isoformat() if exhibition.ends_on else None,
        "cover": cover,
        "items": entries,
    }
