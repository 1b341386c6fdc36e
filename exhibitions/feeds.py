"""An Atom feed of published exhibitions, newest first, from their published snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from curation.richtext import richtext_plain
from exhibitions.cache import public_cache_headers
from exhibitions.models import Exhibition
from exhibitions.snapshot import localized

FEED_LENGTH = 30


class ExhibitionsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Exhibitions")
    subtitle = _("Documentary photography: people, places and the stories between them.")
    link = reverse_lazy("exhibitions:home")

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return public_cache_headers(super().__call__(request, *args, **kwargs), request=request)

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpRequest:
        # The feed is one object shared by every request: what an entry needs of the request is passed, not kept.
        return request

    def items(self, request: HttpRequest) -> list[dict[str, Any]]:
        rows = (
            Exhibition.objects.published()
            .order_by("-published_at", "-id")
            .values_list("slug", "published_at", "published_snapshot")[:FEED_LENGTH]
        )
        # The entry's texts in the feed's language (else the exhibition's default, else any), as on its page.
        language = get_language()
        return [
            {
                **localized(snapshot, language),
                "slug": slug,
                "published_at": at,
                # The same id in every language's feed, the one entries had before addresses carried a language:
                # a reader never shows an exhibition twice.
                "guid": request.build_absolute_uri(reverse("unprefixed:detail", args=[slug])),
            }
            for slug, at, snapshot in rows
            if snapshot
        ]

    def item_title(self, item: dict[str, Any]) -> str:
        return item.get("title", "")

    def item_description(self, item: dict[str, Any]) -> str:
        return richtext_plain(item.get("subtitle") or item.get("statement") or "")

    def item_link(self, item: dict[str, Any]) -> str:
        return reverse("exhibitions:detail", args=[item["slug"]])

    def item_guid(self, item: dict[str, Any]) -> str:
        return item["guid"]

    def item_guid_is_permalink(self, item: dict[str, Any]) -> bool:
        return True

    def item_pubdate(self, item: dict[str, Any]) -> datetime | None:
        return item["published_at"]
