"""Every text of an exhibition a visitor reads, in each language: the translation view's rows, the counts per
language ("Kazakh 34 of 40") that it and the publish page show, and the rule that can make publishing wait for them.

An exhibition's texts are its own words (title, subtitle, wall text, credits, venue), each chapter's title and
text, each text panel, and each photo's title, caption and alt text. A photo's words are the exhibition's own when
the curator wrote some in any language, else the photographer's (as the snapshot takes them): the row shows the
photographer's then, marked "borrowed", and a curator who changes it makes the whole row the exhibition's words.
A text counts once it is written in at least one language; it is missing in the languages it lacks. The whole show
is read in one query (two with thumbnails), whatever its length.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from curation.texts import languages, missing, text_map
from exhibitions.models import Exhibition, ExhibitionItem
from exhibitions.numbering import photo_numbers

ITEM_TEXTS = ("title", "caption", "alt_text", "text")
PHOTO_TEXTS = ("title", "caption", "alt_text")


def studio_languages() -> list[str]:
    """The site's languages in the order its columns show them: the settings' order, as on the photographer's pages."""
    return languages()


def language_name(code: str) -> str:
    """The language's name in the reader's language ("Kazakh", "Казахский", "Қазақ тілі")."""
    return str(dict(settings.LANGUAGES).get(code, code))


def normalized(text: str | None) -> str:
    """A text as compared and kept: browsers send a textarea's line breaks as CRLF."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def fingerprint(values: Mapping[str, str]) -> str:
    """A short digest of a text in every language: the translation view sends back the one it showed, so that a
    save changes only what the curator changed, and never a text someone else changed meanwhile unseen."""
    shown = [normalized(values.get(code)) for code in studio_languages()]
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Cell:
    code: str
    value: str
    missing: bool

    @property
    def name(self) -> str:
        return language_name(self.code)


@dataclass
class TextRow:
    """One text of the show in every language."""

    key: str  # "exhibition.title", "item.12.caption": the translation view's fields are named "<key>.<language>"
    field: str
    label: str
    values: dict[str, str]  # every studio language, "" where it is not written
    item_id: int | None = None
    borrowed: bool = False  # the photographer's words: the curator has written none for this photo
    lines: int = 1
    max_length: int | None = None
    required: bool = False  # the exhibition's title, a chapter's title, a panel's text: never empty in every language
    # A save the translation view refused: what the curator typed (shown instead), why, and someone else's words.
    typed: dict[str, str] | None = None
    error: str = ""
    theirs: dict[str, str] | None = None

    @property
    def exists(self) -> bool:
        return any(self.values.values())

    @property
    def missing(self) -> list[str]:
        """The languages it lacks, once it is written in one (a text written in none is not missing anywhere)."""
        return missing(self.values, among=list(self.values)) if self.exists else []

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.values)

    @property
    def cells(self) -> list[Cell]:
        missing = set(self.missing)
        shown = self.typed if self.typed is not None else self.values
        return [Cell(code, shown.get(code, ""), code in missing) for code in studio_languages()]

    @property
    def dom_id(self) -> str:
        return "text-" + self.key.replace(".", "-").replace("_", "-")


@dataclass
class TextBlock:
    """The texts of one thing in the show: the exhibition itself, a chapter, a text panel or a photo."""

    key: str
    kind: str  # "exhibition", or the item's kind
    heading: str
    rows: list[TextRow] = field(default_factory=list)
    number: int | None = None  # a photo's, as every page numbers it
    item: ExhibitionItem | None = None


@dataclass(frozen=True)
class LanguageCount:
    code: str
    written: int
    total: int

    @property
    def name(self) -> str:
        return language_name(self.code)

    @property
    def missing(self) -> int:
        return self.total - self.written


def _values(found: Mapping[str, str]) -> dict[str, str]:
    return {code: normalized(found.get(code)) for code in studio_languages()}


def _exhibition_rows(exhibition: Exhibition) -> list[TextRow]:
    specs = [
        ("title", _("Title"), 1, 300, True),
        ("subtitle", _("Subtitle"), 1, 300, False),
        ("statement", _("Wall text"), 6, None, False),
        ("credits", _("Credits"), 2, None, False),
        ("venue", _("Venue"), 1, 300, False),
    ]
    return [
        TextRow(
            key=f"exhibition.{name}",
            field=name,
            label=label,
            values=_values(text_map(exhibition, name)),
            lines=lines,
            max_length=max_length,
            required=required,
        )
        for name, label, lines, max_length, required in specs
    ]


def _item_rows(item: ExhibitionItem) -> list[TextRow]:
    key = f"item.{item.pk}"
    if item.kind == ExhibitionItem.Kind.SECTION:
        return [
            TextRow(f"{key}.title", "title", _("Title"), _values(text_map(item, "title")), item.pk, required=True),
            TextRow(f"{key}.text", "text", _("Text"), _values(text_map(item, "text")), item.pk, lines=3),
        ]
    if item.kind == ExhibitionItem.Kind.TEXT:
        return [
            TextRow(f"{key}.text", "text", _("Text"), _values(text_map(item, "text")), item.pk, lines=4, required=True)
        ]
    rows = []
    for name, label, lines, max_length in (
        ("title", _("Title"), 1, 300),
        ("caption", _("Caption"), 3, None),
        ("alt_text", _("Alt text"), 2, 500),
    ):
        own = text_map(item, name)
        values = own or text_map(item.photo, name)
        rows.append(
            TextRow(
                f"{key}.{name}",
                name,
                label,
                _values(values),
                item.pk,
                borrowed=not own and bool(values),
                lines=lines,
                max_length=max_length,
            )
        )
    return rows


def _heading(item: ExhibitionItem, number: int | None, rows: list[TextRow]) -> str:
    """The item named in the reader's language where it is written in it, else in any."""
    title = next(
        (row.values.get(code) for row in rows[:1] for code in _reading_order() if row.values.get(code)),
        "",
    )
    if item.kind == ExhibitionItem.Kind.SECTION:
        return _("Chapter “%(title)s”") % {"title": title}
    if item.kind == ExhibitionItem.Kind.TEXT:
        return _("Text panel")
    if title:
        return _("Photo %(number)d, “%(title)s”") % {"number": number, "title": title}
    return _("Photo %(number)d, %(file)s") % {"number": number, "file": item.photo.original_filename}


def _reading_order() -> list[str]:
    active = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return [active, *(code for code in studio_languages() if code != active)]


def _columns() -> list[str]:
    codes = languages()
    return [
        "id",
        "exhibition_id",
        "position",
        "kind",
        "photo",
        "photo__id",
        "photo__original_filename",
        *(f"{name}_{code}" for name in ITEM_TEXTS for code in codes),
        *(f"photo__{name}_{code}" for name in PHOTO_TEXTS for code in codes),
    ]


def _items(exhibition: Exhibition, prefetch: Iterable[Prefetch] = ()):
    return (
        ExhibitionItem.objects.filter(exhibition_id=exhibition.pk)
        .select_related("photo")
        .only(*_columns())
        .prefetch_related(*prefetch)
        .order_by("position")
    )


def exhibition_text_blocks(exhibition: Exhibition, *, prefetch: Iterable[Prefetch] = ()) -> list[TextBlock]:
    """Every text of the show, grouped by what it belongs to, in sequence order (one query, and one per prefetch:
    the translation view passes the photos' small renditions)."""
    items = list(_items(exhibition, prefetch))
    numbers = photo_numbers(items)
    blocks = [TextBlock("exhibition", "exhibition", _("The exhibition"), _exhibition_rows(exhibition))]
    for item in items:
        rows = _item_rows(item)
        number = numbers.get(item.pk)
        blocks.append(TextBlock(f"item-{item.pk}", item.kind, _heading(item, number, rows), rows, number, item))
    return blocks


def text_rows(blocks: Iterable[TextBlock]) -> list[TextRow]:
    return [row for block in blocks for row in block.rows]


def language_counts(rows: Iterable[TextRow]) -> list[LanguageCount]:
    """Per language, how many of the texts written in at least one language are written in it."""
    existing = [row for row in rows if row.exists]
    return [
        LanguageCount(code, sum(1 for row in existing if row.values[code]), len(existing))
        for code in studio_languages()
    ]


def exhibition_language_counts(exhibition: Exhibition) -> list[LanguageCount]:
    return language_counts(text_rows(exhibition_text_blocks(exhibition)))


def blocks_missing(blocks: list[TextBlock], language: str) -> list[TextBlock]:
    """The blocks with only their rows missing in `language` ("any": in any language), blocks left empty dropped."""

    def wanted(row: TextRow) -> bool:
        return bool(row.missing) if language == "any" else language in row.missing

    kept = []
    for block in blocks:
        rows = [row for row in block.rows if wanted(row)]
        if rows:
            kept.append(TextBlock(block.key, block.kind, block.heading, rows, block.number, block.item))
    return kept


# --- One text, for a save ------------------------------------------------------------------------------


class UnknownText(LookupError):
    """The key names no text of this exhibition (an item since removed, or a hand-made request)."""


def _parse(key: str) -> tuple[int | None, str]:
    parts = key.split(".")
    if len(parts) == 2 and parts[0] == "exhibition":
        return None, parts[1]
    if len(parts) == 3 and parts[0] == "item" and parts[1].isdigit():
        return int(parts[1]), parts[2]
    raise UnknownText(key)


def text_row(exhibition: Exhibition, key: str) -> tuple[TextRow, ExhibitionItem | None]:
    """One text as the translation view shows it, and its item (None for the exhibition's own words): one query."""
    item_id, name = _parse(key)
    if item_id is None:
        found = [row for row in _exhibition_rows(exhibition) if row.field == name]
        if not found:
            raise UnknownText(key)
        return found[0], None
    item = _items(exhibition).filter(pk=item_id).first()
    found = [row for row in _item_rows(item) if row.field == name] if item is not None else []
    if not found:
        raise UnknownText(key)
    return found[0], item


def submitted(data: Mapping[str, Any], key: str) -> dict[str, str] | None:
    """A text's languages as a form sent them (`<key>.<language>`), or None when the form did not send this text."""
    if not any(f"{key}.{code}" in data for code in studio_languages()):
        return None
    return {code: normalized(data.get(f"{key}.{code}")) for code in studio_languages()}
