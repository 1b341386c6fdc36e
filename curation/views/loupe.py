"""The loupe: one photo large, for culling."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from curation import library
from curation.forms import LibraryFilterForm
from curation.models import Photo, Rendition
from curation.views.common import _library_url, _query_without, _require_photographer


@login_required
def loupe(request: HttpRequest, photo_id: int) -> HttpResponse:
    """One photo large, for culling: stars and flags from the keyboard, arrows to the neighbours in the filter."""
    _require_photographer(request)
    photo = get_object_or_404(
        Photo.objects.filter(owner=request.user).prefetch_related(
            Prefetch("renditions", queryset=Rendition.objects.order_by("long_edge"))
        ),
        pk=photo_id,
    )
    form = LibraryFilterForm(request.GET)
    photos = library.photos_filtered(request.user, form.library_filter())
    before, after = library.library_neighbours(photos, sort=form.ordering, photo=photo)
    query = _query_without(request, "cursor")

    def loupe_url(pk: int | None) -> str:
        if pk is None:
            return ""
        return reverse("curation:loupe", args=[pk]) + (f"?{query}" if query else "")

    return render(
        request,
        "curation/loupe.html",
        {
            "photo": photo,
            "query": query,
            "previous_url": loupe_url(before),
            "next_url": loupe_url(after),
            "here": loupe_url(photo.pk),
            "library_url": _library_url(query) + f"#photo-{photo.pk}",
            "ratings": range(1, Photo.MAX_RATING + 1),
            "exif": library.exif_in_words(photo),
        },
    )
