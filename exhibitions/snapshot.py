"""The published snapshot: everything a visitor's page shows of an exhibition, frozen at publish time.

Publishing copies the draft into `Exhibition.published_snapshot` (plain JSON), so the curator keeps editing
the draft while visitors see what was published, and the public page is built without touching the draft's
rows. Only public fields go in: never originals, GPS, EXIF, private subject notes or consent documents.

Shape (version 2; <text> is a language map, {"kk": str, "ru": str, "en": str} with the languages written):
{
  "version": 2, "default_language": "kk" | "ru" | "en",
  "title": <text>, "subtitle": <text>, "statement": <text>, "credits": <text>, "slug": str,
  "published_at": ISO 8601 str,
  "venue": <text>, "starts_on": "YYYY-MM-DD" | null, "ends_on": "YYYY-MM-DD" | null,
  "cover": <photo> | null,
  "items": [
    {"kind": "section", "title": <text>, "text": <text>},    # a chapter starts here (optional)
    {"kind": "text", "text": <text>},                         # a text panel between photos
    {"kind": "photo", ...<photo>},
  ]
}
<photo> = {
  "photo_id": int, "title": <text>, "caption": <text>, "alt": <text>, "credit": str,
  "taken_on": "YYYY-MM-DD" | null, "place": <text>,
  "subjects": [{"id": int, "kind": str, "name": <text>, "has_story": bool}],
}
Version 1 held plain strings where version 2 holds language maps (and no default language): readers take texts
through curation.texts (`pick`, `as_map`), which read a plain string as the default language's, so snapshots
published before keep being served as they were. Readers use .get() for venue, starts_on and ends_on, which
older snapshots may lack. A photo's "title", "caption" and "alt" are the exhibition's own words when the curator
wrote some in any language, else the photo's: two different texts are never mixed language by language. Pages
choose each text for the visitor's language with `localized()` below. A preview or review page builds the same
shape from the draft.
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
from curation.texts import LanguageMap, Text, language_guess, languages, pick, text_map
from exhibitions.models import Exhibition, ExhibitionItem

SNAPSHOT_VERSION = 2


def rendition_url(name: str) -> str:
    return renditions_storage.url(name)


def photo_credit(photo: Photo, language: str | None = None, default_language: str = "") -> Text:
    """The name the photo is credited to on a public page now ("": none), for a reader of `language` (the active
    one by default); expects `owner__profile` loaded."""
    return credit_for(photo.owner, language, default_language)


def subject_name_map(subject: Subject) -> LanguageMap:
    """A person by their public name only (pages name them as it is when served: visibility.py); a place, an
    event or a thing by the photographer's label when it has no public name."""
    names = text_map(subject, "public_name")
    if names or subject.kind == Subject.Kind.PERSON or not subject.name:
        return names
    return {language_guess(subject.name): subject.name}


def photo_entry(photo: Photo, *, item: ExhibitionItem | None = None) -> dict[str, Any]:
    """The public description of one photo, with the exhibition's own words for it where the curator wrote some;
    expects subjects, owner and profile to be prefetched."""

    def words(item_field: str, photo_field: str) -> LanguageMap:
        own = text_map(item, item_field) if item is not None else {}
        return own or text_map(photo, photo_field)

    return {
        "photo_id": photo.pk,
        "title": words("title", "title"),
        "caption": words("caption", "caption"),
        "alt": words("alt_text", "alt_text"),
        "credit": photo_credit(photo),
        "taken_on": photo.taken_at.date().isoformat() if photo.taken_at else None,
        "place": text_map(photo, "place_name"),
        "subjects": [
            {
                "id": s.pk,
                "kind": s.kind,
                "name": subject_name_map(s),
                "has_story": bool(text_map(s, "public_story")),
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
            *(f"owner__profile__credit_name_{code}" for code in languages()),
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
            entries.append({"kind": "section", "title": text_map(item, "title"), "text": text_map(item, "text")})
        elif item.kind == ExhibitionItem.Kind.TEXT:
            entries.append({"kind": "text", "text": text_map(item, "text")})
        else:
            entries.append({"kind": "photo", **photo_entry(item.photo, item=item)})
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
        "default_language": exhibition.default_language,
        "title": text_map(exhibition, "title"),
        "subtitle": text_map(exhibition, "subtitle"),
        "statement": text_map(exhibition, "statement"),
        "credits": text_map(exhibition, "credits"),
        "slug": exhibition.slug,
        "published_at": exhibition.published_at.isoformat() if exhibition.published_at else None,
        "venue": text_map(exhibition, "venue"),
        "starts_on": exhibition.starts_on.isoformat() if exhibition.starts_on else None,
        "ends_on": exhibition.ends_on.isoformat() if exhibition.ends_on else None,
        "cover": cover,
        "items": entries,
    }


def snapshot_default_language(snapshot: dict[str, Any]) -> str:
    """The language a visitor reads where theirs is missing ("" for a snapshot made before texts had languages,
    whose texts go by the language they look written in)."""
    return snapshot.get("default_language") or ""


def localized_photo(entry: dict[str, Any], language: str, default_language: str = "") -> dict[str, Any]:
    """A photo entry with its texts chosen for a reader of `language` (see `localized`)."""
    return {
        **entry,
        **{key: pick(entry.get(key), language, default_language) for key in ("title", "caption", "alt", "place")},
        "subjects": [{**s, "name": pick(s.get("name"), language, default_language)} for s in entry.get("subjects", [])],
    }


def localized(snapshot: dict[str, Any], language: str) -> dict[str, Any]:
    """The snapshot with every text chosen for a reader of `language`: the same shape, each language map become a
    `Text` (a str that knows its language, for the page's `lang` attributes). Anything else is left as it is."""
    default = snapshot_default_language(snapshot)

    def item(entry: dict[str, Any]) -> dict[str, Any]:
        if entry.get("kind") == "photo":
            return localized_photo(entry, language, default)
        return {**entry, **{key: pick(entry[key], language, default) for key in ("title", "text") if key in entry}}

    texts = ("title", "subtitle", "statement", "credits", "venue")
    shown = {**snapshot, **{key: pick(snapshot.get(key), language, default) for key in texts}}
    shown["items"] = [item(e) for e in snapshot.get("items", [])]
    shown["cover"] = localized_photo(snapshot["cover"], language, default) if snapshot.get("cover") else None
    shown["language"] = language
    return shown
