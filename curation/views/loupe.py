"""The loupe: one photo large, for culling; `frame=1` answers the same photo as data, so the script moves between
frames without loading a page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from curation import library
from curation import loupe as reads
from curation.forms import LibraryFilterForm
from curation.models import Photo
from curation.views.common import _library_url, _query_without, _require_photographer


def loupe_url(pk: int, query: str, **extra: str) -> str:
    params = "&".join(part for part in (query, *(f"{k}={v}" for k, v in extra.items())) if part)
    return reverse("curation:loupe", args=[pk]) + (f"?{params}" if params else "")


def loupe_context(request: HttpRequest, photo: Photo) -> dict[str, Any]:
    """The loupe's page, or one frame of it: the photo, its place in the filter and its neighbours' addresses."""
    form = LibraryFilterForm(request.GET)
    photos = library.photos_filtered(request.user, form.library_filter())
    before, after = library.library_neighbours(photos, sort=form.ordering, photo=photo)
    query = _query_without(request, "cursor", "frame")

    def step(pk: int | None) -> dict[str, Any] | None:
        if pk is None:
            return None
        return {"id": pk, "url": loupe_url(pk, query), "frame_url": loupe_url(pk, query, frame="1")}

    return {
        "photo": photo,
        "query": query,
        "previous": step(before),
        "next": step(after),
        "here": loupe_url(photo.pk, query),
        "library_url": _library_url(query) + f"#photo-{photo.pk}",
        "compare_url": reverse("curation:compare", args=[photo.pk]) + (f"?{query}" if query else ""),
        "original_url": reverse("curation:photo-original", args=[photo.pk]) if reads.original_drawable(photo) else "",
        "ratings": range(1, Photo.MAX_RATING + 1),
        "exif": library.exif_in_words(photo),
        "position": reads.photo_position(photos, sort=form.ordering, photo=photo),
    }


@login_required
def loupe(request: HttpRequest, photo_id: int) -> HttpResponse:
    """One photo large, for culling: stars, flags and colour labels from the keyboard, arrows to the neighbours in
    the filter, Z for 100 %."""
    _require_photographer(request)
    photo = reads.own_photo(request.user, photo_id)
    if photo is None:
        raise Http404
    context = loupe_context(request, photo)
    if request.GET.get("frame") == "1":
        return _frame(request, context)
    return render(request, "curation/loupe.html", context)


def _frame(request: HttpRequest, context: dict[str, Any]) -> JsonResponse:
    photo = context["photo"]
    largest = reads.largest_image(photo)
    data = reads.frame_json(photo, exif=context["exif"], position=context["position"])
    data.update(
        url=context["here"],
        previous=context["previous"],
        next=context["next"],
        library_url=context["library_url"],
        details_url=reverse("curation:photo", args=[photo.pk]),
        compare_url=context["compare_url"],
        original_url=context["original_url"] or (largest[0] if largest else ""),
        controls=render_to_string("curation/_loupe_controls.html", context, request=request),
        stage=render_to_string("curation/_large.html", {**context, "sizes": "100vw"}, request=request),
    )
    response = JsonResponse(data)
    # The page's own address plus a parameter: private, and never to stand in for the page in a cache.
    add_never_cache_headers(response)
    return response
