"""Public gallery pages, built from published snapshots: home, exhibition, one-photo viewer, stories, images."""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import Storage, storages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.static import serve

from curation.models import Photo, Rendition, Subject, renditions_storage
from curation.richtext import richtext_plain
from curation.sharing import photo_visible_to
from curation.texts import pick, text_map
from exhibitions import cache
from exhibitions.languages import SAME_IN_EVERY_LANGUAGE
from exhibitions.models import Exhibition, ReviewLink
from exhibitions.snapshot import (
    localized,
    localized_photo,
    photo_credit,
    snapshot_default_language,
    snapshot_photos_load,
)
from exhibitions.visibility import photo_ids_shown, visible_snapshot, visible_snapshots

# --- Pictures: <picture> sources, sizes and the colour shown while each loads --------------------------

_FORMAT_TYPES = {"avif": "image/avif", "webp": "image/webp"}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_PLACEHOLDER = re.compile(r"data:image/(?:webp|jpeg|png);base64,[A-Za-z0-9+/]+={0,2}")
_SIGNER = signing.Signer(salt="exhibitions.rendition.review")
# A review link shows photos that are not public yet to someone without an account: its image URLs carry a
# signature of the file and the link, which the rendition view accepts only while that link is active and the
# photo is in its exhibition and may be shown. A curator's preview needs none: the session lets them in.

# The layout these `sizes` describe is in static/css/gallery.css: the gutter is clamp(1rem, 4vw, 3rem).
_WIDE = "(min-width: 1200px) calc(100vw - 96px), (min-width: 400px) 92vw, calc(100vw - 32px)"


@dataclass(frozen=True)
class Picture:
    """What `templates/curation/_picture.html` needs to show one photo."""

    photo_id: int
    width: int | None
    height: int | None
    src: str
    srcset: str
    sources: tuple[tuple[str, str], ...]  # (MIME type, srcset), the most efficient format first
    colour: str
    placeholder: str

    @property
    def preload_srcset(self) -> str:
        # WebP: every browser that runs the viewer's script decodes it; AVIF would be wasted on some.
        return dict(self.sources).get("image/webp") or self.srcset

    @property
    def ready(self) -> bool:
        return bool(self.src)

    @property
    def css_class(self) -> str:
        return f"ph-{self.photo_id}"

    @property
    def aspect(self) -> float:
        return (self.width / self.height) if self.width and self.height else 1.5

    def css(self) -> str:
        """One rule: aspect ratio, colour and blurred placeholder, all validated (this goes into a <style>)."""
        rule = f"--ar:{self.aspect:.4f};aspect-ratio:{self.width or 3}/{self.height or 2};"
        if _COLOUR.fullmatch(self.colour):
            rule += f"background-color:{self.colour};"
        if _PLACEHOLDER.fullmatch(self.placeholder):
            rule += f'background-image:url("{self.placeholder}");'
        return f".{self.css_class}{{{rule}}}"


def _review_signature(name: str, link_id: int) -> str:
    return _SIGNER.sign(f"{link_id}/{name}").rsplit(":", 1)[1]


# Public-bucket mode (S3_RENDITIONS_DOMAIN): visitors' pages name the copies under the bucket's public prefix,
# which exhibitions.public_bucket keeps equal to the renditions of the photos in public_index(). Named here rather
# than there because that module reads public_index() from this one.
PUBLIC_RENDITIONS_STORAGE = "public_renditions"


def public_renditions_storage() -> Storage | None:
    """The storage of the bucket's public prefix in public-bucket mode; None on local disk and in signed mode."""
    return storages[PUBLIC_RENDITIONS_STORAGE] if PUBLIC_RENDITIONS_STORAGE in settings.STORAGES else None


def _rendition_url(rendition: Rendition, *, review_link: int | None, public_storage: Storage | None = None) -> str:
    if public_storage is not None:
        return public_storage.url(rendition.file.name)
    url = renditions_storage.url(rendition.file.name)
    if review_link is not None and url.startswith(settings.MEDIA_URL):
        url += f"?r={review_link}.{_review_signature(rendition.file.name, review_link)}"
    return url


def page_image_url(rendition: Rendition) -> str:
    """An image URL outside <picture> (OpenGraph, JSON-LD): the public copy in public-bucket mode, as pictures."""
    storage = public_renditions_storage()
    if storage is not None and rendition.photo_id in public_index().photo_ids:
        return storage.url(rendition.file.name)
    return renditions_storage.url(rendition.file.name)


def picture_for(photo: Photo, *, review_link: int | None = None) -> Picture:
    """A Picture from a photo whose renditions are prefetched (ordered by long edge); for a review link's page,
    with image URLs that work for that link only.

    In public-bucket mode a photo visitors may see is shown from its public copy. Any other (a curator's preview
    of a draft, a review link's page) keeps the signed private URLs: it has no public copy, and must not get one.
    """
    public_storage = public_renditions_storage() if review_link is None else None
    if public_storage is not None and photo.pk not in public_index().photo_ids:
        public_storage = None
    by_format: dict[str, list[Rendition]] = {}
    for rendition in photo.renditions.all():
        same_format = by_format.setdefault(rendition.format, [])
        # A photo smaller than a size is rendered at its own size again: one width may appear once in a srcset.
        if not any(r.width == rendition.width for r in same_format):
            same_format.append(rendition)

    def srcset(renditions: list[Rendition]) -> str:
        return ", ".join(
            f"{_rendition_url(r, review_link=review_link, public_storage=public_storage)} {r.width}w"
            for r in renditions
        )

    jpegs = by_format.get("jpeg", [])
    fallback = next((r for r in jpegs if r.long_edge >= 1024), jpegs[-1] if jpegs else None)
    largest = max(photo.renditions.all(), key=lambda r: r.long_edge, default=None)
    return Picture(
        photo_id=photo.pk,
        width=largest.width if largest else photo.width,
        height=largest.height if largest else photo.height,
        src=_rendition_url(fallback, review_link=review_link, public_storage=public_storage) if fallback else "",
        srcset=srcset(jpegs),
        sources=tuple((mime, srcset(by_format[fmt])) for fmt, mime in _FORMAT_TYPES.items() if fmt in by_format),
        colour=photo.dominant_color,
        placeholder=photo.placeholder,
    )


def pictures_css(pictures: list[Picture]) -> SafeString:
    return mark_safe("".join(dict.fromkeys(p.css() for p in pictures)))  # noqa: S308 - values validated above


def plate_sizes(aspect: float) -> str:
    # The plate is as wide as the page allows, but no taller than 86 % of the screen (gallery.css): wide
    # screens make landscape photos height-bound. 1.08 allows for the gutters.
    ratio = round(0.86 * aspect * 1.08 * 1000)
    return f"(min-aspect-ratio: {ratio}/1000) calc(86vh * {aspect:.4f}), {_WIDE}"


def viewer_sizes(aspect: float) -> str:
    # The photo takes the height the bar, the caption and the key hint leave (gallery.css): about 12rem with a
    # caption of a few lines. Guessing a little high costs some bytes; guessing low, a blurred photo.
    ratio = round(0.8 * aspect * 1000)
    return (
        f"(min-aspect-ratio: {ratio}/1000) calc((100vh - 192px) * {aspect:.4f}), "
        "(min-width: 600px) calc(100vw - 64px), 100vw"
    )


COVER_SIZES = {
    # The exhibition page's cover (gallery.css): two thirds of a landscape screen beside the title, else the page's
    # width less its gutters.
    "hero": "(min-width: 900px) and (min-aspect-ratio: 1/1) 62vw, (min-width: 400px) 92vw, calc(100vw - 32px)",
    "featured": _WIDE,
    "card": "(min-width: 1200px) calc(50vw - 80px), (min-width: 800px) calc(46vw - 24px), " + _WIDE,
    # A story's lead photo (no taller than 62 % of the screen) and the grid of the others, in frames of up to 22rem
    # (gallery.css).
    "lead": "(min-width: 900px) 62vw, (min-width: 400px) 92vw, calc(100vw - 32px)",
    "grid": "(min-width: 700px) 352px, 168px",
}


# --- Snapshot reading ------------------------------------------------------------------------------------


def _date(value: str | None) -> date | None:
    try:
        return datetime.fromisoformat(value).date() if value else None
    except (TypeError, ValueError):
        return None


def _when(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The exhibition's dates and venue, if the curator gave them; else the day it was published."""
    starts_on, ends_on = _date(snapshot.get("starts_on")), _date(snapshot.get("ends_on"))
    return {
        "venue": snapshot.get("venue") or "",
        "starts_on": starts_on,
        "ends_on": ends_on if ends_on != starts_on else None,
        "published_on": None if starts_on else _date(snapshot.get("published_at")),
    }


def snapshot_photo_numbers(snapshot: dict[str, Any]) -> dict[int, int]:
    """Photo id -> its number in the sequence (1-based): the viewer's URL. Frozen with the snapshot."""
    numbers: dict[int, int] = {}
    for item in snapshot.get("items", []):
        if item.get("kind") == "photo" and item["photo_id"] not in numbers:
            numbers[item["photo_id"]] = len(numbers) + 1
    return numbers


@dataclass
class Chapter:
    title: str = ""
    text: str = ""
    anchor: str = ""
    entries: list[dict[str, Any]] = field(default_factory=list)


def _alt_text(item: dict[str, Any], number: int) -> str:
    # Curators are asked for alt text before publishing; a title is the next best thing for a screen reader.
    return item.get("alt") or item.get("title") or _("Photograph %(number)d") % {"number": number}


def _caption_entry(
    item: dict[str, Any], *, photo: Photo, slug: str, number: int, preview: bool, default_language: str = ""
) -> dict[str, Any]:
    """A photo item (localized) as the templates show it: words from the snapshot, the photographer's credit as she
    chooses it now (from `photo`, as snapshot_photos_load loads it), links only on the published page."""
    subjects = [
        {**s, "url": "" if preview else reverse("exhibitions:story", args=[s["id"]])} for s in item.get("subjects", [])
    ]
    taken_on = _date(item.get("taken_on"))
    return {
        **item,
        "credit": photo_credit(photo, get_language(), default_language),
        "number": number,
        "alt_text": _alt_text(item, number),
        "subjects": subjects,
        "taken_on_date": taken_on,
        "viewer_url": "" if preview else reverse("exhibitions:photo", args=[slug, number]),
    }


# --- The exhibition page ----------------------------------------------------------------------------------


def _json_ld(data: dict[str, Any]) -> SafeString:
    # Like json_script: no "</script>" or "<!--" can close or confuse the element.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url) if url else ""


def _largest_jpeg(photo: Photo | None, at_most: int = 1600) -> Rendition | None:
    if photo is None:
        return None
    jpegs = [r for r in photo.renditions.all() if r.format == "jpeg"]
    fitting = [r for r in jpegs if r.long_edge <= at_most]
    return (fitting or jpegs or [None])[-1]


def _share_image(request: HttpRequest, photo: Photo | None, alt: str) -> dict[str, Any] | None:
    rendition = _largest_jpeg(photo)
    if rendition is None:
        return None
    return {
        "url": _absolute(request, page_image_url(rendition)),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt,
    }


def _exhibition_json_ld(
    request: HttpRequest, snapshot: dict[str, Any], plates: list[dict[str, Any]], photos: dict[int, Photo]
) -> SafeString:
    page_url = _absolute(request, request.path)
    published = snapshot.get("published_at")
    works = []
    for plate in plates:
        rendition = _largest_jpeg(photos.get(plate["photo_id"]))
        if rendition is None:
            continue
        year = (plate.get("taken_on") or published or "")[:4]
        credit = plate.get("credit") or ""
        work = {
            "@type": "ImageObject",
            "contentUrl": _absolute(request, page_image_url(rendition)),
            "url": _absolute(request, plate["viewer_url"]) if plate["viewer_url"] else page_url,
            "width": rendition.width,
            "height": rendition.height,
            "name": plate.get("title") or "",
            "caption": plate.get("caption") or "",
            "description": plate.get("alt") or "",
            # A photographer who chose no credit and has no full name is named nowhere, not even here.
            "creator": {"@type": "Person", "name": credit} if credit else "",
            "creditText": credit,
            "copyrightNotice": f"© {year} {credit}".strip() if credit else "",
        }
        if plate.get("taken_on"):
            work["dateCreated"] = plate["taken_on"]
        works.append({k: v for k, v in work.items() if v != ""})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ExhibitionEvent",
        "name": snapshot.get("title", ""),
        "inLanguage": get_language(),
        "description": richtext_plain(snapshot.get("statement") or snapshot.get("subtitle") or ""),
        "url": page_url,
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": page_url},
        "workFeatured": works,
    }
    if snapshot.get("venue"):
        data["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
        data["location"] = [{"@type": "Place", "name": snapshot["venue"]}, data["location"]]
    start = snapshot.get("starts_on") or published
    if start:
        data["startDate"] = start
    if snapshot.get("ends_on"):
        data["endDate"] = snapshot["ends_on"]
    if works:
        data["image"] = works[0]["contentUrl"]
    return _json_ld(data)


def preview_render(
    request: HttpRequest,
    exhibition_id: int,
    snapshot: dict[str, Any],
    *,
    back_url: str = "",
    review_link: int | None = None,
) -> HttpResponse:
    """The exhibition page built from a draft: a curator's preview, or a review link's page.

    Shows exactly what visitors would see if it were published now: only photos whose people the consent rule
    allows (the curator's ribbon says how many are held back). Never cached, carries a visible ribbon, asks
    search engines not to index it, links to no public page that does not exist yet. A review link's image URLs
    are signed for that link alone; `back_url`, for a curator's preview, puts a way back to the studio in the
    ribbon.
    """
    visible = visible_snapshot(exhibition_id, snapshot)
    response = _exhibition_page(
        request,
        localized(visible.snapshot, get_language()),
        preview=True,
        back_url=back_url,
        review_link=review_link,
        held_back=len(visible.hidden_photo_ids) if review_link is None else 0,
    )[0]
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _exhibition_page(
    request: HttpRequest,
    snapshot: dict[str, Any],
    *,
    preview: bool,
    back_url: str = "",
    review_link: int | None = None,
    held_back: int = 0,
) -> tuple[HttpResponse, bool]:
    """The page for a snapshot already passed through the consent rule, and whether every photo on it already
    has its renditions. Two queries (the photos and their renditions), whatever the number of photos."""
    photos = snapshot_photos_load(snapshot)
    numbers = snapshot_photo_numbers(snapshot)
    slug = snapshot.get("slug", "")
    chapters = [Chapter()]
    plates: list[dict[str, Any]] = []
    pictures: list[Picture] = []
    for item in snapshot.get("items", []):
        kind = item.get("kind")
        if kind == "section":
            anchor = f"c-{len(chapters)}"
            chapters.append(Chapter(title=item.get("title", ""), text=item.get("text", ""), anchor=anchor))
        elif kind == "text":
            chapters[-1].entries.append({"kind": "text", "text": item.get("text", "")})
        elif kind == "photo":
            photo = photos.get(item["photo_id"])
            if photo is None:
                continue  # deleted since the snapshot was made
            entry = _caption_entry(
                item,
                photo=photo,
                slug=slug,
                number=numbers[item["photo_id"]],
                preview=preview,
                default_language=snapshot_default_language(snapshot),
            )
            picture = picture_for(photo, review_link=review_link)
            # The cover above them is the photo a visitor sees first; the plates load as they come near.
            entry.update(picture=picture, sizes=plate_sizes(picture.aspect), eager=False)
            chapters[-1].entries.append(entry)
            plates.append(entry)
            pictures.append(picture)
    cover = snapshot.get("cover") or (plates[0] if plates else None)
    cover_photo = photos.get(cover["photo_id"]) if cover else None
    hero = None
    if cover and cover_photo is not None:
        hero = {
            "picture": picture_for(cover_photo, review_link=review_link),
            "sizes": COVER_SIZES["hero"],
        }
        pictures.append(hero["picture"])
    context = {
        "exhibition": snapshot,
        "chapters": [c for c in chapters if c.entries or c.title or c.text],
        "plates": plates,
        "cover": hero,
        "photo_count": len(plates),
        "when": _when(snapshot),
        "pictures_css": pictures_css(pictures),
        "preview": preview,
        "back_url": back_url,
        "held_back": held_back,
        "canonical_url": "" if preview else _absolute(request, request.path),
        "description": richtext_plain(snapshot.get("subtitle") or snapshot.get("statement") or "")[:300],
        "share_image": _share_image(request, cover_photo, cover.get("alt", "") if cover else ""),
        "json_ld": "" if preview else _exhibition_json_ld(request, snapshot, plates, photos),
    }
    response = render(request, "exhibitions/public/detail.html", context)
    return response, all(p.ready for p in pictures)


def _published(slug: str) -> dict[str, Any]:
    """The published snapshot for this address, as the consent rule lets it be shown now, in the active language."""
    exhibition = Exhibition.objects.published().filter(slug=slug).only("id", "slug", "published_snapshot").first()
    if exhibition is None or not exhibition.published_snapshot:
        raise Http404
    return localized(visible_snapshot(exhibition.pk, exhibition.published_snapshot).snapshot, get_language())


def _published_id(slug: str) -> int | None:
    return Exhibition.objects.published().filter(slug=slug).values_list("id", flat=True).first()


@require_safe
def exhibition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> tuple[HttpResponse, bool]:
        return _exhibition_page(request, _published(slug), preview=False)

    return cache.cached_page(request, exhibition_id=lambda: _published_id(slug), build=build)


# --- The viewer: one photo at a time ------------------------------------------------------------------------


@require_safe
def photo_viewer(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    def build() -> tuple[HttpResponse, bool]:
        snapshot = _published(slug)
        items = [item for item in snapshot.get("items", []) if item.get("kind") == "photo"]
        numbers = snapshot_photo_numbers(snapshot)
        photos = snapshot_photos_load({"items": items})
        present = [item for item in items if item["photo_id"] in photos]
        index = next((i for i, item in enumerate(present) if numbers[item["photo_id"]] == number), None)
        if index is None:
            raise Http404
        entry = _caption_entry(
            present[index],
            photo=photos[present[index]["photo_id"]],
            slug=slug,
            number=number,
            preview=False,
            default_language=snapshot_default_language(snapshot),
        )
        picture = picture_for(photos[entry["photo_id"]])
        neighbours = {}
        for rel, at in (("prev", index - 1), ("next", index + 1)):
            if 0 <= at < len(present):
                item = present[at]
                neighbour_picture = picture_for(photos[item["photo_id"]])
                neighbours[rel] = {
                    "url": reverse("exhibitions:photo", args=[slug, numbers[item["photo_id"]]]),
                    "title": item.get("title") or "",
                    "picture": neighbour_picture,
                    "sizes": viewer_sizes(neighbour_picture.aspect),
                }
        context = {
            "exhibition": snapshot,
            "entry": entry,
            "picture": picture,
            "sizes": viewer_sizes(picture.aspect),
            "pictures_css": pictures_css([picture]),
            "count": len(numbers),
            "prev": neighbours.get("prev"),
            "next": neighbours.get("next"),
            "close_url": reverse("exhibitions:detail", args=[slug]) + f"#p-{number}",
            "canonical_url": _absolute(request, request.path),
            "share_image": _share_image(request, photos[entry["photo_id"]], entry.get("alt", "")),
        }
        return render(request, "exhibitions/public/photo.html", context), picture.ready

    return cache.cached_page(request, exhibition_id=lambda: _published_id(slug), build=build)


# --- What is public: photos and subjects in published snapshots ---------------------------------------------


@dataclass(frozen=True)
class Appearance:
    """A photo of a subject as it is shown in one published exhibition."""

    exhibition_slug: str
    exhibition_title: Any  # a language map (or, in a snapshot made before texts had languages, a string)
    number: int
    item: dict[str, Any]  # as the snapshot holds it: texts are language maps
    default_language: str = ""


@dataclass(frozen=True)
class PublicIndex:
    photo_ids: frozenset[int]
    appearances: dict[int, list[Appearance]]  # subject id -> where its photos are shown
    viewer_pages: list[tuple[str, int]]  # (exhibition slug, photo number)


def _public_index_build() -> PublicIndex:
    photo_ids: set[int] = set()
    appearances: dict[int, list[Appearance]] = {}
    viewer_pages: list[tuple[str, int]] = []
    for slug, snapshot in published_visible():
        numbers = snapshot_photo_numbers(snapshot)
        photo_ids.update(numbers)
        viewer_pages.extend((slug, number) for number in numbers.values())
        if snapshot.get("cover"):
            photo_ids.add(snapshot["cover"]["photo_id"])
        for item in snapshot.get("items", []):
            if item.get("kind") != "photo":
                continue
            for subject in item.get("subjects", []):
                appearances.setdefault(subject["id"], []).append(
                    Appearance(
                        slug,
                        snapshot.get("title", ""),
                        numbers[item["photo_id"]],
                        item,
                        snapshot_default_language(snapshot),
                    )
                )
    return PublicIndex(frozenset(photo_ids), appearances, viewer_pages)


def public_index() -> PublicIndex:
    """Every photo and subject visitors may see; rebuilt once per process whenever publications or people change."""
    return cache.per_public_version("index", _public_index_build)


def _published_visible_build() -> list[tuple[str, dict[str, Any]]]:
    rows = list(
        Exhibition.objects.published().order_by("-published_at", "-id").values_list("pk", "slug", "published_snapshot")
    )
    visible = visible_snapshots({pk: snapshot for pk, _slug, snapshot in rows if snapshot})
    return [(slug, visible[pk].snapshot) for pk, slug, snapshot in rows if snapshot]


def published_visible() -> list[tuple[str, dict[str, Any]]]:
    """(slug, snapshot as the consent rule lets it be shown now) of every published exhibition, newest first."""
    return cache.per_public_version("published", _published_visible_build)


# --- Subject story pages ---------------------------------------------------------------------------------------


@require_safe
def subject_story(request: HttpRequest, subject_id: int) -> HttpResponse:
    def build() -> tuple[HttpResponse, bool]:
        appearances = public_index().appearances.get(subject_id)
        if not appearances:
            raise Http404  # the same answer for a private subject as for one that never existed
        found = Subject.objects.filter(pk=subject_id).first()
        if found is None:
            raise Http404
        language = get_language()
        # The template gets the public fields only, so no private word can reach the page by a template mistake.
        subject = {
            # A person's page names them, not their kind; a place, event or thing says what it is, translated.
            "kind": Subject.Kind(found.kind).label
            if found.kind in Subject.Kind.values and found.kind != Subject.Kind.PERSON
            else "",
            # A person by their public name only (without one they are named nowhere, and have no story page).
            "name": pick(text_map(found, "public_name"), language)
            or (pick({"": found.name}, language) if found.kind != Subject.Kind.PERSON else pick({}, language)),
            "story": pick(text_map(found, "public_story"), language),
        }
        photos = snapshot_photos_load({"items": [{"kind": "photo", **a.item} for a in appearances]})
        groups: dict[str, dict[str, Any]] = {}
        pictures = []
        for appearance in appearances:
            photo = photos.get(appearance.item["photo_id"])
            if photo is None:
                continue
            picture = picture_for(photo)
            pictures.append(picture)
            item = localized_photo(appearance.item, language, appearance.default_language)
            group = groups.setdefault(
                appearance.exhibition_slug,
                {
                    "title": pick(appearance.exhibition_title, language, appearance.default_language),
                    "url": reverse("exhibitions:detail", args=[appearance.exhibition_slug]),
                    "photos": [],
                },
            )
            group["photos"].append(
                {
                    **item,
                    "alt_text": _alt_text(item, appearance.number),
                    "picture": picture,
                    "url": reverse("exhibitions:photo", args=[appearance.exhibition_slug, appearance.number]),
                }
            )
        lead = _story_lead(subject_id, groups)
        if lead is not None:
            lead["sizes"] = COVER_SIZES["lead"]
        context = {
            "subject": subject,
            "lead": lead,
            # The lead photo stands at the top; the grids show where else they appear.
            "groups": [
                {**group, "photos": [p for p in group["photos"] if p is not lead]}
                for group in groups.values()
                if any(p is not lead for p in group["photos"])
            ],
            "sizes": COVER_SIZES["grid"],
            "pictures_css": pictures_css(pictures),
            "canonical_url": _absolute(request, request.path),
            "description": richtext_plain(subject["story"])[:300],
            "share_image": _share_image(request, photos.get(lead["photo_id"]), lead.get("alt", "")) if lead else None,
        }
        return render(request, "exhibitions/public/story.html", context), all(p.ready for p in pictures)

    # Stories are read live from the subject, so a page is kept no longer than shared caches keep it.
    return cache.cached_page(request, exhibition_id=None, build=build, timeout=cache.PAGE_MAX_AGE)


def _story_lead(subject_id: int, groups: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The photo a story opens with: the first in which they appear alone (a portrait, most likely), else the first
    of all; with the exhibition it is shown in, for its caption."""
    candidates = [(group, photo) for group in groups.values() for photo in group["photos"]]
    if not candidates:
        return None
    alone = [(g, p) for g, p in candidates if [s["id"] for s in p.get("subjects", [])] == [subject_id]]
    group, photo = (alone or candidates)[0]
    photo["exhibition"] = {"title": group["title"], "url": group["url"]}
    return photo


def _first_photo(snapshot: dict[str, Any]) -> dict[str, Any] | None:
    # The cover may have been held back by the consent rule: the first photo stands in, as on the page itself.
    return next((item for item in snapshot.get("items", []) if item.get("kind") == "photo"), None)


# --- Home -------------------------------------------------------------------------------------------------------


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    def build() -> tuple[HttpResponse, bool]:
        snapshots = [(slug, localized(snapshot, get_language())) for slug, snapshot in published_visible()]
        firsts = [s.get("cover") or _first_photo(s) for _, s in snapshots]
        covers = snapshot_photos_load({"items": [{"kind": "photo", **c} for c in firsts if c]})
        cards, pictures = [], []
        for index, (slug, snapshot) in enumerate(snapshots):
            cover = snapshot.get("cover") or _first_photo(snapshot)
            photo = covers.get(cover["photo_id"]) if cover else None
            picture = picture_for(photo) if photo else None
            if picture:
                pictures.append(picture)
            cards.append(
                {
                    "url": reverse("exhibitions:detail", args=[slug]),
                    "title": snapshot.get("title", ""),
                    "subtitle": snapshot.get("subtitle", ""),
                    "when": _when(snapshot),
                    "photo_count": len(snapshot_photo_numbers(snapshot)),
                    "cover": cover,
                    "picture": picture,
                    "featured": index == 0,
                    "sizes": COVER_SIZES["featured" if index == 0 else "card"],
                }
            )
        lead = cards[0]["cover"] if cards else None
        context = {
            "cards": cards,
            "pictures_css": pictures_css(pictures),
            "canonical_url": _absolute(request, request.path),
            "share_image": _share_image(request, covers.get(lead["photo_id"]), lead.get("alt", "")) if lead else None,
        }
        return render(request, "exhibitions/public/home.html", context), all(p.ready for p in pictures)

    return cache.cached_page(request, exhibition_id=None, build=build)


# --- Images: renditions on local disk ---------------------------------------------------------------------------


_RENDITION_NAMES_REFRESH_SECONDS = 30


def _public_rendition_names() -> tuple[float, frozenset[str]]:
    ids = public_index().photo_ids
    names = Rendition.objects.filter(photo_id__in=ids).values_list("file", flat=True) if ids else []
    return time.monotonic(), frozenset(names)


def _rendition_is_public(name: str) -> bool:
    """Whether a published exhibition shows this rendition's photo now, as the consent rule allows.

    The set of names is rebuilt once per process whenever publications or people change (the same version
    numbers as the pages), so a photo taken down, by any path, stops being served with the next request.
    """
    built_at, names = cache.per_public_version("rendition-names", _public_rendition_names)
    if name in names:
        return True
    # A rendition made after publishing (a late worker, a remade size) is public too: look again, but at most
    # every half a minute, so that requests for names that do not exist cannot each cost a query.
    if time.monotonic() - built_at > _RENDITION_NAMES_REFRESH_SECONDS:
        cache.per_public_version_forget("rendition-names")
        return name in cache.per_public_version("rendition-names", _public_rendition_names)[1]
    return False


def _review_link_lets_see(request: HttpRequest, name: str) -> bool:
    """A review link's image: its signature matches this file and link, the link is active, its exhibition's
    draft (or cover) has the photo, and the consent rule lets that exhibition show it now."""
    link_id, _, signature = request.GET.get("r", "").partition(".")
    if not link_id.isdigit() or not signature:
        return False
    try:
        _SIGNER.unsign(f"{link_id}/{name}:{signature}")
    except signing.BadSignature:
        return False
    link = ReviewLink.objects.active().filter(pk=int(link_id)).values("exhibition_id").first()
    photo_id = Rendition.objects.filter(file=name).values_list("photo_id", flat=True).first()
    if link is None or photo_id is None:
        return False
    exhibition_id = link["exhibition_id"]
    if not Exhibition.objects.filter(pk=exhibition_id).showing([photo_id]).exists():
        return False
    # The people linked to the photo now decide; the draft's words are not needed for that.
    entry = {"kind": "photo", "photo_id": photo_id, "subjects": []}
    return bool(photo_ids_shown([visible_snapshot(exhibition_id, {"items": [entry]})]))


def _may_see_private_rendition(request: HttpRequest, name: str) -> bool:
    """Whoever may see the photo in the library (its owner, staff, a curator it is shared with) or in the studio
    (anyone who may open an exhibition whose draft or cover has it: a read-only collaborator sees the sequence's
    other photos). A curator nobody shared the photo with gets the same 404 as a stranger."""
    user = request.user
    if not user.is_authenticated:
        return False
    photo_id = Rendition.objects.filter(file=name).values_list("photo_id", flat=True).first()
    if photo_id is None:
        return False
    if photo_visible_to(user, photo_id):
        return True
    return Exhibition.objects.viewable_by(user).showing([photo_id]).exists()


def _etag(name: str) -> str:
    # Rendition names carry a hash of their content: the name is a strong validator.
    return '"' + hashlib.sha256(name.encode()).hexdigest()[:32] + '"'


@require_safe
def rendition_serve(request: HttpRequest, path: str) -> HttpResponse:
    """A rendition file, to anyone if its photo is shown by a published exhibition now; with a review link's
    signature, while that link may show it; else only to those who may see the photo in the studio or library.
    Everyone else gets the same 404 as for a file that never existed.

    Images are cached for settings.RENDITIONS_CACHE_SECONDS (as on S3), then revalidated: a photo taken down is
    no longer served by us at once, and by a browser or shared cache after at most that long.
    """
    if _rendition_is_public(path):
        cache_control = f"public, max-age={settings.RENDITIONS_CACHE_SECONDS}"
    elif _review_link_lets_see(request, path) or _may_see_private_rendition(request, path):
        cache_control = f"private, max-age={settings.RENDITIONS_CACHE_SECONDS}"
    else:
        raise Http404
    etag = _etag(path)
    # A public image may be read by a IIIF viewer on another site, which may load it with CORS (exhibitions/iiif.py).
    public = cache_control.startswith("public")
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["Cache-Control"] = cache_control
        if public:
            not_modified["Access-Control-Allow-Origin"] = "*"
        setattr(not_modified, SAME_IN_EVERY_LANGUAGE, True)
        return not_modified
    try:
        response = serve(request, path, document_root=renditions_storage.location)
    except SuspiciousFileOperation as error:
        raise Http404 from error
    response["Cache-Control"] = cache_control
    response["ETag"] = etag
    if public:
        response["Access-Control-Allow-Origin"] = "*"
    else:
        patch_vary_headers(response, ("Cookie",))
    # An image is the same in every language: shared caches keep one copy, whatever the reader's languages.
    setattr(response, SAME_IN_EVERY_LANGUAGE, True)
    return response


# --- robots.txt (the language switch is exhibitions.languages.language_set) ------------------------------------------


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /library/",
        "Disallow: /studio/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return cache.public_cache_headers(HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8"), 3600)
