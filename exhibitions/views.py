"""Public gallery pages: the list of published exhibitions and each exhibition's page."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from curation.models import Rendition
from exhibitions.models import Exhibition, ExhibitionItem


def _renditions_prefetch(prefix: str) -> Prefetch:
    return Prefetch(f"{prefix}renditions", queryset=Rendition.objects.order_by("long_edge"))


def home(request: HttpRequest) -> HttpResponse:
    exhibitions = (
        Exhibition.objects.published()
        .select_related("cover_photo")
        .prefetch_related(_renditions_prefetch("cover_photo__"))
        .order_by("-published_at")
    )
    return render(request, "exhibitions/home.html", {"exhibitions": exhibitions})


def exhibition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exhibition = get_object_or_404(Exhibition.objects.published(), slug=slug)
    items = (
        ExhibitionItem.objects.filter(exhibition=exhibition)
        .select_related("photo")
        .prefetch_related(_renditions_prefetch("photo__"))
        .order_by("position")
    )
    return render(request, "exhibitions/detail.html", {"exhibition": exhibition, "items": items})
