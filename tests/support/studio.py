"""Exhibitions as a curator builds them in the studio: small ready photos in a sequence, read back in order."""

from __future__ import annotations

from django.urls import reverse

from curation.models import Photo
from exhibitions import sequencing, services
from exhibitions.models import Exhibition
from tests import factories


def ready_photo(owner=None, *, title: str = "", alt: str = "Alt text", **fields) -> Photo:
    """A photo with every rendition made by the real pipeline, from a small drawing (fast)."""
    return factories.processed_photo(
        owner, data=factories.jpeg_bytes(size=(120, 80)), title=title, alt_text=alt, **fields
    )


def sequence(n: int = 5, *, curator=None, title: str = "Bazaar", photographer=None) -> Exhibition:
    """An exhibition of n ready photos titled P0..Pn-1, described "Alt P0".."Alt Pn-1"."""
    photographer = photographer or factories.photographer()
    exhibition = services.exhibition_create(owner=curator or factories.curator(), title=title)
    sequencing.exhibition_photos_add(
        exhibition=exhibition, photos=[ready_photo(photographer, title=f"P{i}", alt=f"Alt P{i}") for i in range(n)]
    )
    exhibition.refresh_from_db()
    return exhibition


def order_ids(exhibition: Exhibition) -> list[int]:
    return list(exhibition.items.order_by("position").values_list("pk", flat=True))


def titles(exhibition: Exhibition) -> list[str]:
    items = exhibition.items.select_related("photo").order_by("position")
    return [item.display_title for item in items]


def studio(name: str, exhibition: Exhibition, *args) -> str:
    """The address of one of an exhibition's studio pages (studio:<name>)."""
    return reverse(f"studio:{name}", args=[exhibition.pk, *args])
