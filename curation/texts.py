"""Texts in several languages: reading a field's language map, and choosing what a visitor reads.

A text a visitor may read is stored once per language (curation/translation.py). Published snapshots and IIIF
manifests hold it as a *language map*, `{"kk": "...", "ru": "...", "en": "..."}` with only the languages written,
the shape IIIF Presentation 3 uses too. A visitor reads their own language where it exists, else the
exhibition's default language, else any other, in the site's order; a text read in another language than the
page's says so with its own `lang` attribute (the templates write it from `Text.lang`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Model, Q
from django.utils import dateformat
from django.utils.translation import get_language, gettext

LanguageMap = dict[str, str]


def languages() -> list[str]:
    """The site's content languages, in the order the site lists them."""
    return [code for code, _name in settings.LANGUAGES]


def active_language() -> str:
    """The content language of the active interface language (a plain string a service is given is written in it)."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in languages() else settings.LANGUAGE_CODE


def long_date(value: date) -> str:
    """A date written out as the active language writes it ("5 June 2026", "5 июня 2026", "2026 жылғы 5 маусым").

    Kazakh writes month names in lower case inside a date, which no Django date format letter gives: the Kazakh
    catalogue's format names the month, and the words are lowered here (digits do not mind).
    """
    text = dateformat.format(value, gettext("j F Y"))
    return text.lower() if active_language() == "kk" else text


class Text(str):
    """A text chosen for a page, and the language it is written in ("" when there is no text)."""

    lang: str

    def __new__(cls, value: str = "", lang: str = "") -> Text:
        text = super().__new__(cls, value)
        text.lang = lang if value else ""
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (str(self), self.lang))


def text_map(obj: Model, field: str) -> LanguageMap:
    """The field's language map: every language it is written in (blank and unset languages left out)."""
    found: LanguageMap = {}
    for code in languages():
        value = getattr(obj, f"{field}_{code}", None)
        if value and value.strip():
            found[code] = value
    return found


def as_map(value: Any, default_language: str = "") -> LanguageMap:
    """A language map from a map, or from a plain string of a snapshot made before texts had languages (in
    `default_language` when given, else in the language it looks written in)."""
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items() if v}
    if isinstance(value, str) and value:
        return {default_language or language_guess(value): value}
    return {}


def fallback_order(language: str, default_language: str = "") -> list[str]:
    order = [language, default_language, *languages()]
    return [code for i, code in enumerate(order) if code and code not in order[:i]]


def pick(value: Any, language: str, default_language: str = "") -> Text:
    """What a reader of `language` reads of this text: theirs, else the default language's, else any."""
    found = as_map(value, default_language)
    for code in fallback_order(language, default_language):
        if found.get(code):
            return Text(found[code], code)
    for code, text in found.items():  # a language the site no longer lists
        if text:
            return Text(text, code)
    return Text("", "")


def first(*values: Any, language: str, default_language: str = "") -> Text:
    """The first of these texts that is written in any language, chosen for `language` (an item's own words over
    the photo's, say)."""
    for value in values:
        chosen = pick(value, language, default_language)
        if chosen:
            return chosen
    return Text("", "")


def missing(value: Any, among: Iterable[str] | None = None) -> list[str]:
    """The languages this text lacks, of `among` (the site's languages)."""
    found = as_map(value)
    return [code for code in (among or languages()) if not found.get(code)]


def translated_q(field: str, lookup: str, value: Any) -> Q:
    """A filter that matches the field in any language (search, say)."""
    query = Q()
    for code in languages():
        query |= Q(**{f"{field}_{code}__{lookup}": value})
    return query


# The languages language_guess() tells apart.
GUESSED_LANGUAGES = ("kk", "ru", "en")
# Letters only Kazakh writes among the site's languages, then Cyrillic at all.
_KAZAKH = re.compile("[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def language_guess(text: str) -> str:
    """The likeliest of kk, ru and en for a text written before texts had languages (used by a migration)."""
    if _KAZAKH.search(text):
        return "kk"
    if _CYRILLIC.search(text):
        return "ru"
    return "en"


def columns_into_languages(model: type[Model], fields: Iterable[str]) -> None:
    """Migration step: copy each text written before texts had languages into the column of its likeliest language.

    `model` is a migration's historical model, whose plain field still reads the old column.
    """
    fields = list(fields)
    # The columns language_guess() can name, not the site's languages of the day: a fresh database runs this step
    # long after it was written. Loaded with the row, or each one read would cost a query per row.
    targets = [f"{field}_{code}" for field in fields for code in GUESSED_LANGUAGES]
    changed = []
    for row in model.objects.all().only("pk", *fields, *targets).iterator():
        touched = False
        for field in fields:
            value = getattr(row, field)
            if value:
                setattr(row, f"{field}_{language_guess(value)}", value)
                touched = True
        if touched:
            changed.append(row)
    model.objects.bulk_update(changed, targets, batch_size=500)


def texts_assign(obj: Model, field: str, value: str | Mapping[str, str] | None) -> list[str]:
    """Set a translatable field from a service's argument, and return the columns to save.

    A language map sets each language it names (a blank one is cleared; languages it does not name are left as
    they are); a plain string is the text in the active language, as every caller wrote before texts had
    languages. Texts are stripped.
    """
    if value is None:
        return []
    if isinstance(value, Mapping):
        columns = []
        for code in languages():
            if code in value:
                setattr(obj, f"{field}_{code}", (value[code] or "").strip())
                columns.append(f"{field}_{code}")
        return columns
    code = active_language()
    setattr(obj, f"{field}_{code}", value.strip())
    return [f"{field}_{code}"]
