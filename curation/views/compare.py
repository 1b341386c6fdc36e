"""Compare (two photos side by side, zoom and pan locked together) and survey (2 to 12 photos as large as the
screen allows): the photographer's own photos only, in the library's filter and order."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from curation import library
from curation import loupe as reads
from curation.forms import LibraryFilterForm
from curation.models import Photo
from curation.views.common import _library_url, _query_without, _require_photographer
from curation.views.loupe import loupe_url


@dataclass(frozen=True)
class Frame:
    photo: Photo
    loupe_url: str
    library_url: str
    original_url: str
    drop_url: str = ""  # the survey without this photo


def _frame(photo: Photo, query: str, **extra: str) -> Frame:
    return Frame(
        photo=photo,
        loupe_url=loupe_url(photo.pk, query),
        library_url=_library_url(query) + f"#photo-{photo.pk}",
        original_url=reverse("curation:photo-original", args=[photo.pk]) if reads.original_drawable(photo) else "",
        **extra,
    )


def _compare_url(pk: int, query: str, other: int) -> str:
    return reverse("curation:compare", args=[pk]) + "?" + "&".join(part for part in (query, f"with={other}") if part)


@require_GET
@login_required
def compare(request: HttpRequest, photo_id: int) -> HttpResponse:
    """`photo_id` beside `with`, or beside the next photo in the filter (the previous one at the end of it)."""
    _require_photographer(request)
    form = LibraryFilterForm(request.GET)
    photos = library.photos_filtered(request.user, form.library_filter())
    other_id = request.GET.get("with", "")
    if other_id.isdigit():
        pair = reads.own_photos(request.user, [photo_id, int(other_id)])
        if pair is None:
            raise Http404
    else:
        photo = reads.own_photo(request.user, photo_id)
        if photo is None:
            raise Http404
        before, after = library.library_neighbours(photos, sort=form.ordering, photo=photo)
        other = reads.own_photo(request.user, after or before) if (after or before) else None
        pair = [photo, other] if other else [photo]
    query = _query_without(request, "cursor", "with")
    # The candidate (right) steps through the filter while the select (left) stays, as in Lightroom's compare.
    steps = {}
    if len(pair) == 2:
        before, after = library.library_neighbours(photos, sort=form.ordering, photo=pair[1])
        steps = {
            "previous_candidate": _compare_url(pair[0].pk, query, before) if before and before != pair[0].pk else "",
            "next_candidate": _compare_url(pair[0].pk, query, after) if after and after != pair[0].pk else "",
            "swap": _compare_url(pair[1].pk, query, pair[0].pk),
        }
    return render(
        request,
        "curation/compare.html",
        {
            "frames": [_frame(photo, query) for photo in pair],
            "here": request.get_full_path(),
            "library_url": _library_url(query) + f"#photo-{pair[0].pk}",
            "ratings": range(1, Photo.MAX_RATING + 1),
            **steps,
        },
    )


@require_GET
@login_required
def survey(request: HttpRequest) -> HttpResponse:
    """The photos named by `photo` (2 to 12, in that order) together; each frame has a link that drops it."""
    _require_photographer(request)
    ids = list(dict.fromkeys(int(pk) for pk in request.GET.getlist("photo") if pk.isdigit()))[: reads.SURVEY_MAX]
    photos = reads.own_photos(request.user, ids)
    if photos is None:
        raise Http404
    query = _query_without(request, "cursor", "photo")

    def survey_url(pks: list[int]) -> str:
        params = "&".join(part for part in (query, urlencode([("photo", pk) for pk in pks])) if part)
        return reverse("curation:survey") + (f"?{params}" if params else "")

    frames = [_frame(photo, query, drop_url=survey_url([pk for pk in ids if pk != photo.pk])) for photo in photos]
    return render(
        request,
        "curation/survey.html",
        {
            "frames": frames,
            "here": survey_url(ids),
            "library_url": _library_url(query) + (f"#photo-{ids[0]}" if ids else ""),
            "ratings": range(1, Photo.MAX_RATING + 1),
            "survey_min": reads.SURVEY_MIN,
            "survey_max": reads.SURVEY_MAX,
        },
    )
