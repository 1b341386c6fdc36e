"""Public gallery pages, built from published snapshots: the list of exhibitions and each exhibition."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from exhibitions.models import Exhibition
from exhibitions.snapshot import snapshot_photos_load


def home(request: HttpRequest) -> HttpResponse:
    exhibitions = list(Exhibition.objects.published().only("slug", "published_snapshot").order_by("-published_at"))
    covers = snapshot_photos_load(
        {
            "items": [
                {"kind": "photo", **e.published_snapshot["cover"]}
                for e in exhibitions
                if e.published_snapshot.get("cover")
            ]
        }
    )
    cards = [
        {
            "slug": e.slug,
            "title": e.published_snapshot["title"],
            "subtitle": e.published_snapshot["subtitle"],
            "cover": e.published_snapshot.get("cover"),
            "cover_photo": covers.get((e.published_snapshot.get("cover") or {}).get("photo_id")),
        }
        for e in exhibitions
    ]
    return render(request, "exhibitions/public/home.html", {"exhibitions": cards})


def exhibition_page_render(request: HttpRequest, snapshot: dict[str, Any], *, preview: bool = False) -> HttpResponse:
    """The public exhibition page for a snapshot: the published one, or one built from a draft for a preview.

    A preview is never cached, carries a visible ribbon and asks search engines not to index it.
    """
    photos = snapshot_photos_load(snapshot)
    items = []
    for item in snapshot.get("items", []):
        if item.get("kind") == "photo":
            photo = photos.get(item["photo_id"])
            if photo is None:
                continue  # deleted since the snapshot was made
            item = {**item, "photo": photo}
        items.append(item)
    response = render(
        request, "exhibitions/public/detail.html", {"exhibition": snapshot, "items": items, "preview": preview}
    )
    if preview:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def exhibition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exhibition = get_object_or_404(Exhibition.objects.published().only("slug", "published_snapshot"), slug=slug)
    return exhibition_page_render(request, exhibition.published_snapshot)
