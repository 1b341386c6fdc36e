"""An exhibition itself: create it, change its description, delete it.

The rest of what curators write lives by job: exhibitions/sequencing.py (the order of photos, panels and
chapters), collaboration.py (collaborators and review links), publishing.py (the gate, publishing, schedules).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.text import slugify

from curation.models import Photo
from exhibitions.cache import public_pages_changed
from exhibitions.models import (
    Exhibition,
)


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=True)[:100] or "exhibition"
    slug, n = base, 2
    while Exhibition.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def exhibition_create(
    *, owner, title: str, subtitle: str = "", statement: str = "", credits: str = "", slug: str = ""
) -> Exhibition:
    return Exhibition.objects.create(
        owner=owner,
        title=title,
        subtitle=subtitle,
        statement=statement,
        credits=credits,
        slug=slug or _unique_slug(title),
    )


def exhibition_details_update(
    *,
    exhibition: Exhibition,
    title: str,
    slug: str,
    subtitle: str,
    statement: str,
    credits: str,
    cover_photo: Photo | None,
    venue: str,
    starts_on: date | None,
    ends_on: date | None,
) -> Exhibition:
    """The words around the sequence; a published exhibition's new slug moves its public address at once."""
    slug_changed = slug != exhibition.slug
    exhibition.title, exhibition.slug, exhibition.subtitle = title, slug, subtitle
    exhibition.statement, exhibition.credits, exhibition.cover_photo = statement, credits, cover_photo
    exhibition.venue, exhibition.starts_on, exhibition.ends_on = venue, starts_on, ends_on
    with transaction.atomic():
        exhibition.save(
            update_fields=[
                "title",
                "slug",
                "subtitle",
                "statement",
                "credits",
                "cover_photo",
                "venue",
                "starts_on",
                "ends_on",
                "updated_at",
            ]
        )
        if slug_changed and exhibition.is_published:
            transaction.on_commit(lambda: public_pages_changed(exhibition_id=exhibition.pk))
    return exhibition


def exhibition_delete(*, exhibition: Exhibition) -> None:
    was_published, pk = exhibition.is_published, exhibition.pk
    with transaction.atomic():
        exhibition.delete()
        if was_published:
            transaction.on_commit(lambda: public_pages_changed(exhibition_id=pk))
