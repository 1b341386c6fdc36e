"""IIIF Presentation 3: each published exhibition as a Manifest, and a Collection of them all, for museum viewers
(Mirador, the Universal Viewer) and aggregators on other sites.

A manifest is built from the published snapshot as visitors are shown it now (exhibitions.visibility: the consent
rule applied, people named by their public name, the photographer credited as she chooses), and it holds every
language a text was written in, as IIIF language maps ({"kk": [..], "ru": [..], "en": [..]}): no fallback is
applied here, the viewer chooses the reader's language. A text written before texts had languages keeps the
language it looks written in; a text in no language (a full name, say) is under "none".

The images are the renditions the public pages show (the public copy in public-bucket mode), never an original.
Each photo is one Canvas painted with its largest JPEG rendition, with a smaller one as its thumbnail; chapters
are Ranges. No IIIF Image API service is offered. A level-0 service would need addresses of the API's shape
(`…/<photo>/full/w,h/0/default.jpg`) that the renditions' names do not have: a second public route to every photo,
by id, answering with the same files under the consent rule a second time. Viewers show a Canvas's image and
thumbnail without one, and at 2400 pixels at most the renditions are small enough to be shown whole.

Manifests are cached like the public pages (exhibitions.cache), under the exhibition's publication version and the
people version, so a withdrawn consent or a changed credit changes the manifest at the next request. They are the
same for every visitor and every language, and are served with CORS so a viewer on any site can read them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseNotFound
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from curation.credits import credit_names, is_login_name
from curation.models import Photo, Rendition, Subject
from curation.richtext import richtext_plain
from curation.texts import as_map, languages, long_date
from exhibitions import cache
from exhibitions.languages import SAME_IN_EVERY_LANGUAGE
from exhibitions.models import Exhibition
from exhibitions.public import page_image_url, published_visible, snapshot_photo_numbers
from exhibitions.snapshot import snapshot_default_language, snapshot_photos_load
from exhibitions.visibility import visible_snapshot

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
CONTENT_TYPE = f'application/ld+json;profile="{CONTEXT}"'
# The photographs are the photographers' work, shown here by their leave: nobody is granted a licence to reuse them.
# RightsStatements.org's "In Copyright" says exactly that, and is one of the two vocabularies IIIF accepts for
# `rights` (a Creative Commons licence would grant rights no photographer gave).
RIGHTS = "http://rightsstatements.org/vocab/InC/1.0/"
# A thumbnail about as large as viewers' strips and collection grids show one.
THUMBNAIL_EDGE = 400

IIIFMap = dict[str, list[str]]


# --- Language maps ---------------------------------------------------------------------------------------------


def language_map(value: Any, default_language: str = "", plain: Callable[[str], str] | None = None) -> IIIFMap:
    """A snapshot's text as a IIIF language map of the languages it is written in ({} when it is written in none);
    `plain` turns each text into plain text first (richtext_plain for wall texts)."""
    found = as_map(value, default_language)
    order = [*languages(), *(code for code in found if code not in languages())]
    result: IIIFMap = {}
    for code in order:
        text = (plain(found[code]) if plain else found[code]).strip() if found.get(code) else ""
        if text:
            result[code] = [text]
    return result


def ours(message: str | Promise, **values: Any) -> IIIFMap:
    """Words of the site's own (a metadata label, the site's name) in each of its languages, from the catalogues."""
    result: IIIFMap = {}
    for code in languages():
        with translation.override(code):
            result[code] = [str(message) % values if values else str(message)]
    return result


def _none(text: str) -> IIIFMap:
    return {"none": [text]} if text else {}


def _pair(label: IIIFMap, value: IIIFMap) -> dict[str, IIIFMap]:
    return {"label": label, "value": value}


def _date_words(day: date, code: str) -> str:
    with translation.override(code):
        # As the public pages write dates.
        return long_date(day)


def _dates(starts_on: date | None, ends_on: date | None) -> IIIFMap:
    if starts_on is None:
        return {}
    result: IIIFMap = {}
    for code in languages():
        words = _date_words(starts_on, code)
        if ends_on is not None and ends_on != starts_on:
            words += " – " + _date_words(ends_on, code)
        result[code] = [words]
    return result


def _day(value: str | None) -> date | None:
    try:
        return datetime.fromisoformat(value).date() if value else None
    except (TypeError, ValueError):
        return None


# --- Addresses -------------------------------------------------------------------------------------------------


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _in_each_language(name: str, args: Iterable[Any] = ()) -> dict[str, str]:
    """The public page's address for a reader of each language (exhibitions/languages.py)."""
    urls = {}
    for code in languages():
        with translation.override(code):
            urls[code] = reverse(name, args=list(args))
    return urls


def _homepages(request: HttpRequest, name: str, args: Iterable[Any], label: IIIFMap) -> list[dict[str, Any]]:
    """The page a resource is shown on, one per language (a single one, should the addresses stop carrying it)."""
    urls = _in_each_language(name, args)
    page = {"type": "Text", "label": label, "format": "text/html"}
    if len(set(urls.values())) == 1:
        return [{"id": _absolute(request, next(iter(urls.values()))), **page}]
    return [{"id": _absolute(request, url), **page, "language": [code]} for code, url in urls.items()]


def manifest_url(request: HttpRequest, slug: str) -> str:
    return _absolute(request, reverse("iiif:manifest", args=[slug]))


def collection_url(request: HttpRequest) -> str:
    return _absolute(request, reverse("iiif:collection"))


# --- Images ----------------------------------------------------------------------------------------------------


def _jpegs(photo: Photo) -> list[Rendition]:
    """The photo's JPEG renditions, smallest first (snapshot_photos_load orders them by long edge); one per width."""
    found: list[Rendition] = []
    for rendition in photo.renditions.all():
        if rendition.format == "jpeg" and not any(r.width == rendition.width for r in found):
            found.append(rendition)
    return found


def _image(request: HttpRequest, rendition: Rendition) -> dict[str, Any]:
    return {
        "id": _absolute(request, page_image_url(rendition)),
        "type": "Image",
        "format": "image/jpeg",
        "width": rendition.width,
        "height": rendition.height,
    }


def _thumbnail(request: HttpRequest, photo: Photo | None) -> list[dict[str, Any]]:
    jpegs = _jpegs(photo) if photo is not None else []
    if not jpegs:
        return []
    fitting = [r for r in jpegs if r.long_edge >= THUMBNAIL_EDGE]
    return [_image(request, fitting[0] if fitting else jpegs[-1])]


# --- Credits ---------------------------------------------------------------------------------------------------


def credit_map(photo: Photo) -> IIIFMap:
    """The photographer's credit as she chose it, in every language she wrote it in; else her full name, in no
    language; never her login name (as curation.credits.credit_for, without choosing a language)."""
    owner = photo.owner
    chosen = {code: text.strip() for code, text in credit_names(owner).items() if text.strip()}
    chosen = {code: text for code, text in chosen.items() if not is_login_name(owner, text)}
    if chosen:
        return language_map(chosen)
    full_name = owner.get_full_name().strip()
    return {} if is_login_name(owner, full_name) else _none(full_name)


def _credits_together(credits: list[IIIFMap]) -> IIIFMap:
    """Several photographers' credits as one line per language. A name is a name: where one is not written in a
    language, the line in that language names her as she is written in the others (her name in no language first),
    so that no photographer goes uncredited in any language."""
    distinct = [c for i, c in enumerate(credits) if c and c not in credits[:i]]
    if len(distinct) <= 1:
        return distinct[0] if distinct else {}
    codes = [code for code in languages() if any(code in c for c in distinct)]
    if not codes:
        return _none(", ".join(c["none"][0] for c in distinct))
    result: IIIFMap = {}
    for code in codes:
        names = []
        for credit in distinct:
            order = [code, "none", *languages(), *credit]
            names.append(next(credit[c][0] for c in order if c in credit))
        result[code] = [", ".join(names)]
    return result


# --- The manifest ----------------------------------------------------------------------------------------------


def _subject_metadata(subjects: list[dict[str, Any]], default_language: str) -> list[dict[str, IIIFMap]]:
    """Who and what is in the photo, each under its kind: people by their public name (exhibitions.visibility has
    left out anyone without one)."""
    kinds = dict(Subject.Kind.choices)
    pairs = []
    for subject in subjects:
        name = language_map(subject.get("name"), default_language)
        if name:
            pairs.append(_pair(ours(kinds.get(subject.get("kind"), _("Subject"))), name))
    return pairs


def _canvas(
    request: HttpRequest,
    *,
    base: str,
    slug: str,
    item: dict[str, Any],
    photo: Photo,
    number: int,
    default_language: str,
) -> dict[str, Any] | None:
    """One photo as a Canvas painted with its largest JPEG rendition; None while it has none yet."""
    jpegs = _jpegs(photo)
    if not jpegs:
        return None
    largest = jpegs[-1]
    canvas_id = f"{base}canvas/{photo.pk}"
    body = _image(request, largest)
    alt = language_map(item.get("alt"), default_language)
    if alt:
        body["label"] = alt  # what the picture shows, for readers who cannot see it
    metadata = []
    credit = credit_map(photo)
    if credit:
        metadata.append(_pair(ours(_("Credit")), credit))
    place = language_map(item.get("place"), default_language)
    if place:
        metadata.append(_pair(ours(_("Place")), place))
    taken_on = _day(item.get("taken_on"))
    if taken_on is not None:
        metadata.append(_pair(ours(_("Date taken")), _dates(taken_on, None)))
    metadata += _subject_metadata(item.get("subjects", []), default_language)
    canvas: dict[str, Any] = {
        "id": canvas_id,
        "type": "Canvas",
        "label": language_map(item.get("title"), default_language) or ours(_("Photograph %(number)d"), number=number),
        "width": largest.width,
        "height": largest.height,
    }
    caption = language_map(item.get("caption"), default_language)
    if caption:
        canvas["summary"] = caption
    if metadata:
        canvas["metadata"] = metadata
    if credit:
        canvas["requiredStatement"] = _pair(ours(_("Photograph")), credit)
    canvas["thumbnail"] = _thumbnail(request, photo)
    canvas["homepage"] = _homepages(request, "exhibitions:photo", [slug, number], canvas["label"])
    canvas["items"] = [
        {
            "id": f"{canvas_id}/page",
            "type": "AnnotationPage",
            "items": [
                {
                    "id": f"{canvas_id}/page/image",
                    "type": "Annotation",
                    "motivation": "painting",
                    "body": body,
                    "target": canvas_id,
                }
            ],
        }
    ]
    return canvas


def _provider(request: HttpRequest) -> list[dict[str, Any]]:
    name = ours(_("Curation"))
    return [
        {
            # The site itself, whatever language its pages are read in.
            "id": _absolute(request, "/") + "#provider",
            "type": "Agent",
            "label": name,
            "homepage": _homepages(request, "exhibitions:home", [], name),
        }
    ]


def manifest_build(request: HttpRequest, slug: str, snapshot: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The Manifest of a published snapshot already passed through the consent rule, and whether every photo in it
    already has its renditions. Two queries (the photos and their renditions), whatever the number of photos."""
    default = snapshot_default_language(snapshot)
    url = manifest_url(request, slug)
    base = url.removesuffix("manifest.json")
    photos = snapshot_photos_load(snapshot)
    numbers = snapshot_photo_numbers(snapshot)

    canvases: list[dict[str, Any]] = []
    painted: list[Photo] = []
    ranges: list[dict[str, Any]] = []
    complete = True
    for item in snapshot.get("items", []):
        kind = item.get("kind")
        if kind == "section":
            chapter: dict[str, Any] = {
                "id": f"{base}range/{len(ranges) + 1}",
                "type": "Range",
                "label": language_map(item.get("title"), default)
                or ours(_("Chapter %(number)d"), number=len(ranges) + 1),
                "items": [],
            }
            text = language_map(item.get("text"), default, plain=richtext_plain)
            if text:
                chapter["summary"] = text
            ranges.append(chapter)
        elif kind == "photo":
            photo = photos.get(item["photo_id"])
            if photo is None:
                continue  # deleted since the snapshot was made
            canvas = _canvas(
                request,
                base=base,
                slug=slug,
                item=item,
                photo=photo,
                number=numbers[item["photo_id"]],
                default_language=default,
            )
            if canvas is None:
                complete = False  # its renditions are still being made: kept briefly, like the page
                continue
            canvases.append(canvas)
            painted.append(photo)
            if ranges:
                ranges[-1]["items"].append({"id": canvas["id"], "type": "Canvas"})

    title = language_map(snapshot.get("title"), default) or _none(slug)
    manifest: dict[str, Any] = {
        "@context": CONTEXT,
        "id": url,
        "type": "Manifest",
        "label": title,
    }
    summary = language_map(snapshot.get("subtitle"), default) or language_map(
        snapshot.get("statement"), default, plain=richtext_plain
    )
    if summary:
        manifest["summary"] = summary
    metadata = []
    venue = language_map(snapshot.get("venue"), default)
    if venue:
        metadata.append(_pair(ours(_("Venue")), venue))
    starts_on, ends_on = _day(snapshot.get("starts_on")), _day(snapshot.get("ends_on"))
    if starts_on is not None:
        metadata.append(_pair(ours(_("Dates")), _dates(starts_on, ends_on)))
    credits_text = language_map(snapshot.get("credits"), default, plain=richtext_plain)
    if credits_text:
        metadata.append(_pair(ours(_("Credits")), credits_text))
    if metadata:
        manifest["metadata"] = metadata
    photographers = _credits_together([credit_map(photo) for photo in painted])
    if photographers:
        manifest["requiredStatement"] = _pair(ours(_("Photographs")), photographers)
    manifest["rights"] = RIGHTS
    if starts_on is not None:
        manifest["navDate"] = f"{starts_on.isoformat()}T00:00:00Z"
    cover = _lead_photo(snapshot)
    thumbnail = _thumbnail(request, photos.get(cover["photo_id"])) if cover else []
    if thumbnail:
        manifest["thumbnail"] = thumbnail
    manifest["homepage"] = _homepages(request, "exhibitions:detail", [slug], title)
    manifest["provider"] = _provider(request)
    manifest["partOf"] = [{"id": collection_url(request), "type": "Collection", "label": _collection_label()}]
    manifest["items"] = canvases
    chapters = [r for r in ranges if r["items"]]
    if chapters:
        manifest["structures"] = chapters
    return manifest, complete


def _lead_photo(snapshot: dict[str, Any]) -> dict[str, Any] | None:
    # A cover held back by the consent rule is gone from the shown snapshot: the first photo stands in, as on the page.
    return snapshot.get("cover") or next((i for i in snapshot.get("items", []) if i.get("kind") == "photo"), None)


def _collection_label() -> IIIFMap:
    return ours(_("Exhibitions"))


def collection_build(request: HttpRequest) -> tuple[dict[str, Any], bool]:
    """Every published exhibition, newest first, as a Collection of references to their manifests."""
    shown = published_visible()
    firsts = [_lead_photo(snapshot) for _slug, snapshot in shown]
    covers = snapshot_photos_load({"items": [{"kind": "photo", **c} for c in firsts if c]})
    items = []
    for (slug, snapshot), first in zip(shown, firsts, strict=True):
        default = snapshot_default_language(snapshot)
        entry: dict[str, Any] = {
            "id": manifest_url(request, slug),
            "type": "Manifest",
            "label": language_map(snapshot.get("title"), default) or _none(slug),
        }
        summary = language_map(snapshot.get("subtitle"), default)
        if summary:
            entry["summary"] = summary
        thumbnail = _thumbnail(request, covers.get(first["photo_id"])) if first else []
        if thumbnail:
            entry["thumbnail"] = thumbnail
        starts_on = _day(snapshot.get("starts_on"))
        if starts_on is not None:
            entry["navDate"] = f"{starts_on.isoformat()}T00:00:00Z"
        items.append(entry)
    collection = {
        "@context": CONTEXT,
        "id": collection_url(request),
        "type": "Collection",
        "label": _collection_label(),
        "summary": ours(_("Documentary photography: people, places and the stories between them.")),
        "rights": RIGHTS,
        "homepage": _homepages(request, "exhibitions:home", [], _collection_label()),
        "provider": _provider(request),
        "items": items,
    }
    return collection, True


# --- Views -----------------------------------------------------------------------------------------------------


def _cors(response: HttpResponse) -> HttpResponse:
    # Public and the same for everyone, read without credentials: any site may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _preflight(request: HttpRequest) -> HttpResponse:
    """The answer to a browser asking whether a script on another site may fetch with these headers: a viewer that
    asks for `Accept: application/ld+json;profile="…"` must ask first (the quotes make that header unsafe)."""
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    requested = request.headers.get("Access-Control-Request-Headers", "")
    if requested:
        response["Access-Control-Allow-Headers"] = requested
    response["Access-Control-Max-Age"] = "86400"
    return _cors(response)


def _serve(
    request: HttpRequest,
    *,
    exhibition_id: Callable[[], int | None] | None,
    build: Callable[[], tuple[dict[str, Any], bool]],
) -> HttpResponse:
    if request.method == "OPTIONS":
        return _preflight(request)
    if request.method not in ("GET", "HEAD"):
        return _cors(HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"]))

    def page() -> tuple[HttpResponse, bool]:
        document, complete = build()
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        return HttpResponse(body, content_type=CONTENT_TYPE), complete

    # One document holds every language, so it is kept once, whatever language the request came in.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            response = cache.cached_page(request, exhibition_id=exhibition_id, build=page)
        except Http404:
            response = HttpResponseNotFound("Not found", content_type="text/plain; charset=utf-8")
    response["Content-Language"] = ", ".join(languages())
    # Nor does it depend on the visitor's cookie or languages (cached_page's headers are a page's): shared caches
    # may keep one copy for everyone.
    response["Vary"] = "Accept-Encoding"
    setattr(response, SAME_IN_EVERY_LANGUAGE, True)
    return _cors(response)


def _published_id(slug: str) -> int | None:
    return Exhibition.objects.published().filter(slug=slug).values_list("id", flat=True).first()


def manifest(request: HttpRequest, slug: str) -> HttpResponse:
    """A published exhibition's Manifest; 404 for a draft, as for an address that never existed."""

    def build() -> tuple[dict[str, Any], bool]:
        exhibition = Exhibition.objects.published().filter(slug=slug).only("id", "slug", "published_snapshot").first()
        if exhibition is None or not exhibition.published_snapshot:
            raise Http404
        shown = visible_snapshot(exhibition.pk, exhibition.published_snapshot).snapshot
        return manifest_build(request, exhibition.slug, shown)

    return _serve(request, exhibition_id=lambda: _published_id(slug), build=build)


def collection(request: HttpRequest) -> HttpResponse:
    """Every published exhibition's Manifest, newest first."""
    return _serve(request, exhibition_id=None, build=lambda: collection_build(request))
