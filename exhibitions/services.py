"""An exhibition itself: create it, change its description (and public address), delete it.

The rest of what curators write lives by job: exhibitions/sequencing.py (the order of photos, panels and
chapters), collaboration.py (collaborators and review links), publishing.py (the gate, publishing, schedules).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from curation.models import Photo
from exhibitions.cache import public_pages_changed
from exhibitions.models import ADDRESS_HELD, ADDRESS_TAKEN, Exhibition


class AddressTaken(ValueError):
    """Another exhibition holds this public address: it is or was published there, so saying so tells nothing."""

    def __init__(self, slug: str) -> None:
        self.message = str(ADDRESS_TAKEN)
        super().__init__(self.message)
        self.slug = slug


def address_taken(*, slug: str, exhibition: Exhibition | None = None) -> bool:
    """Whether another exhibition holds /e/<slug>/. Drafts never published hold no address and are never counted:
    a curator must not learn what another curator's unpublished draft is called."""
    others = Exhibition.objects.holding_address(slug)
    if exhibition is not None:
        others = others.exclude(pk=exhibition.pk)
    return others.exists()


def _new_slug(title: str, *, owner) -> str:
    """An address from the title, clear of the addresses held (public) and of the owner's own exhibitions."""
    base = slugify(title, allow_unicode=True)[:100] or "exhibition"
    slug, n = base, 2
    while Exhibition.objects.filter(Q(owner=owner) | ADDRESS_HELD, slug=slug).exists():
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
        slug=slug or _new_slug(title, owner=owner),
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
    """The words around the sequence; a published exhibition's new slug moves its public address at once.

    Raises AddressTaken when an exhibition that holds its address (see exhibitions.models.ADDRESS_HELD) would
    take one another holds: the form checks first, the database's constraint settles a race.
    """
    # Against the stored row: a ModelForm has already copied the new values onto `exhibition`.
    slug_changed = slug != Exhibition.objects.filter(pk=exhibition.pk).values_list("slug", flat=True).first()
    exhibition.title, exhibition.slug, exhibition.subtitle = title, slug, subtitle
    exhibition.statement, exhibition.credits, exhibition.cover_photo = statement, credits, cover_photo
    exhibition.venue, exhibition.starts_on, exhibition.ends_on = venue, starts_on, ends_on
    try:
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
    except IntegrityError as error:
        if address_taken(slug=slug, exhibition=exhibition):
            raise AddressTaken(slug) from error
        raise
    return exhibition


def exhibition_delete(*, exhibition: Exhibition) -> None:
    was_published, pk = exhibition.is_published, exhibition.pk
    with transaction.atomic():
        exhibition.delete()
        if was_published:
            transaction.on_commit(lambda: public_pages_changed(exhibition_id=pk))
