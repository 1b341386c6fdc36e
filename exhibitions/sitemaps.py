"""sitemap.xml: the home page, published exhibitions, each photo's viewer page and the public stories, each at its
address in every language, naming the others and the address without a language (x-default) as alternates."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from exhibitions.models import Exhibition


class PublicSitemap(Sitemap):
    """Each item once per language: `location` reverses "exhibitions:…" with that language active, so it is the
    /kk/…, /ru/… or /en/… address; Django writes the x-default by taking the default language's prefix off."""

    i18n = True
    alternates = True
    x_default = True


class HomeSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self) -> list[str]:
        return ["exhibitions:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class ExhibitionSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> list[dict[str, Any]]:
        return list(Exhibition.objects.published().order_by("-published_at", "-id").values("slug", "updated_at"))

    def location(self, item: dict[str, Any]) -> str:
        return reverse("exhibitions:detail", args=[item["slug"]])

    def lastmod(self, item: dict[str, Any]):
        return item["updated_at"]


class PhotoSitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self) -> list[tuple[str, int]]:
        from exhibitions.public import public_index

        return public_index().viewer_pages

    def location(self, item: tuple[str, int]) -> str:
        return reverse("exhibitions:photo", args=list(item))


class StorySitemap(PublicSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self) -> list[int]:
        from exhibitions.public import public_index

        return sorted(public_index().appearances)

    def location(self, item: int) -> str:
        return reverse("exhibitions:story", args=[item])


SITEMAPS = {
    "home": HomeSitemap,
    "exhibitions": ExhibitionSitemap,
    "photos": PhotoSitemap,
    "stories": StorySitemap,
}
