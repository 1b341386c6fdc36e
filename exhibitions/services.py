"""An exhibition itself: create it, change its description (and public address), delete it.

The rest of what curators write lives by job: exhibitions/sequencing.py (the order of photos, panels and
chapters), collaboration.py (collaborators and review links), publishing.py (the gate, publishing, schedules).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from curation.models import Photo
from curation.texts import active_language, languages, pick, text_map, texts_assign
from exhibitions import sequencing, text_inventory
from exhibitions.cache import public_pages_changed
from exhibitions.models import ADDRESS_HELD, ADDRESS_TAKEN, Exhibition

# A text a service writes: a language map ({"kk": ..., "ru": ..., "en": ...}, each language named is set, a blank one
# cleared), or a plain string in the active language, as callers wrote before texts had languages.
Texts = str | Mapping[str, str]

# The exhibition's words a visitor reads, each written per language (exhibitions/translation.py).
EXHIBITION_TEXTS = ("title", "subtitle", "statement", "credits", "venue")


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


class TitleMissing(ValueError):
    """An exhibition needs a title in at least one language."""

    def __init__(self) -> None:
        self.message = _("Give the exhibition a title in at least one language.")
        super().__init__(self.message)


def _written_in(title: Texts) -> str:
    """The language a new exhibition's title was written in: the curator's own when they wrote in it, else the
    first the title is written in."""
    active = active_language()
    if not isinstance(title, Mapping):
        return active
    written = [code for code in languages() if (title.get(code) or "").strip()]
    return active if active in written else next(iter(written), active)


def _default_language(value: str | None, fallback: str) -> str:
    return value if value in languages() else fallback


def _slug_from_title(exhibition: Exhibition, *, owner) -> str:
    """An address from the title in the exhibition's default language (else the one a visitor of it would read)."""
    language = exhibition.default_language
    return _new_slug(pick(text_map(exhibition, "title"), language, language), owner=owner, exhibition=exhibition)


def _new_slug(title: str, *, owner, exhibition: Exhibition | None = None) -> str:
    """An address from the title, clear of the addresses held (public) and of the owner's other exhibitions."""
    base = slugify(title, allow_unicode=True)[:100] or "exhibition"
    others = Exhibition.objects.filter(Q(owner=owner) | ADDRESS_HELD)
    if exhibition is not None and exhibition.pk:
        others = others.exclude(pk=exhibition.pk)
    slug, n = base, 2
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def exhibition_create(
    *,
    owner,
    title: Texts,
    subtitle: Texts = "",
    statement: Texts = "",
    credits: Texts = "",
    slug: str = "",
    default_language: str | None = None,
) -> Exhibition:
    """A new draft. Its default language is the one given, else the one its title was written in; its address is
    made from the title in that language unless one is given."""
    exhibition = Exhibition(owner=owner)
    for field, value in (("title", title), ("subtitle", subtitle), ("statement", statement), ("credits", credits)):
        texts_assign(exhibition, field, value)
    if not text_map(exhibition, "title"):
        raise TitleMissing
    exhibition.default_language = _default_language(default_language, _written_in(title))
    exhibition.slug = slug or _slug_from_title(exhibition, owner=owner)
    exhibition.save(force_insert=True)
    return exhibition


def exhibition_details_update(
    *,
    exhibition: Exhibition,
    title: Texts,
    slug: str,
    subtitle: Texts,
    statement: Texts,
    credits: Texts,
    cover_photo: Photo | None,
    venue: Texts,
    starts_on: date | None,
    ends_on: date | None,
    default_language: str | None = None,
    translations_required: bool | None = None,
) -> Exhibition:
    """The words around the sequence (each a language map, or a string in the active language), the dates, the
    default language and whether publishing waits for every language (None: left as they are). A blank slug is
    made from the title in the default language; a published exhibition's new slug moves its public address at
    once.

    Raises TitleMissing when no language would keep a title, and AddressTaken when an exhibition that holds its
    address (see exhibitions.models.ADDRESS_HELD) would take one another holds: the form checks first, the
    database's constraint settles a race.
    """
    stored = Exhibition.objects.filter(pk=exhibition.pk).values_list("slug", flat=True).first()
    columns: list[str] = []
    texts = {"title": title, "subtitle": subtitle, "statement": statement, "credits": credits, "venue": venue}
    for field, value in texts.items():
        columns += texts_assign(exhibition, field, value)
    if not text_map(exhibition, "title"):
        exhibition.refresh_from_db(fields=columns)
        raise TitleMissing
    if default_language is not None:
        exhibition.default_language = _default_language(default_language, exhibition.default_language)
    if translations_required is not None:
        exhibition.translations_required = translations_required
    exhibition.slug = slug or _slug_from_title(exhibition, owner=exhibition.owner)
    # Against the stored row: a ModelForm has already copied the new values onto `exhibition`.
    slug_changed = exhibition.slug != stored
    exhibition.cover_photo, exhibition.starts_on, exhibition.ends_on = cover_photo, starts_on, ends_on
    try:
        with transaction.atomic():
            exhibition.save(
                update_fields=[
                    *columns,
                    "slug",
                    "cover_photo",
                    "starts_on",
                    "ends_on",
                    "default_language",
                    "translations_required",
                    "updated_at",
                ]
            )
            if slug_changed and exhibition.is_published:
                transaction.on_commit(lambda: public_pages_changed(exhibition_id=exhibition.pk))
    except IntegrityError as error:
        if address_taken(slug=exhibition.slug, exhibition=exhibition):
            raise AddressTaken(exhibition.slug) from error
        raise
    return exhibition


def exhibition_texts_update(*, exhibition: Exhibition, **texts: Texts) -> list[str]:
    """Some of the exhibition's words (title, subtitle, statement, credits, venue), as the translation view writes
    them one at a time; the columns written. The title cannot go in every language at once."""
    unknown = set(texts) - set(EXHIBITION_TEXTS)
    if unknown:
        raise TypeError(f"not an exhibition text: {', '.join(sorted(unknown))}")
    columns: list[str] = []
    for field, value in texts.items():
        columns += texts_assign(exhibition, field, value)
    if not text_map(exhibition, "title"):
        exhibition.refresh_from_db(fields=columns)
        raise TitleMissing
    if columns:
        exhibition.save(update_fields=[*columns, "updated_at"])
    return columns


class TextChanged(Exception):
    """Someone changed this text since the curator's page showed it: carries it as it is now."""

    def __init__(self, row: text_inventory.TextRow) -> None:
        super().__init__(row.key)
        self.row = row


def exhibition_text_save(
    *, exhibition: Exhibition, key: str, values: Mapping[str, str], was: str
) -> text_inventory.TextRow:
    """One text of the translation view in every language (`key` as text_inventory names it), if it still reads
    as the page showed it (`was`, its fingerprint then); the text as it is now.

    A photo's row that showed the photographer's words becomes the exhibition's own words, all its languages
    together, so that a visitor never reads the curator's words in one language and the photographer's in another.
    Raises TextChanged, text_inventory.UnknownText, TitleMissing and sequencing.SequenceError (a chapter's title or
    a panel's text emptied in every language).
    """
    with transaction.atomic():
        locked = Exhibition.objects.locked(exhibition.pk)
        current, item = text_inventory.text_row(locked, key)
        if current.fingerprint != was:
            raise TextChanged(current)
        wanted = {code: text_inventory.normalized(values.get(code)) for code in current.values}
        if wanted == current.values:
            return current
        if item is None:
            exhibition_texts_update(exhibition=locked, **{current.field: wanted})
        else:
            sequencing.exhibition_item_update(item=item, **{current.field: wanted})
    return text_inventory.text_row(exhibition, key)[0]


def exhibition_delete(*, exhibition: Exhibition) -> None:
    was_published, pk = exhibition.is_published, exhibition.pk
    with transaction.atomic():
        exhibition.delete()
        if was_published:
            transaction.on_commit(lambda: public_pages_changed(exhibition_id=pk))
