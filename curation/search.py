"""Word search that ignores letter case in every alphabet the site writes (Kazakh, Russian, English), on SQLite too."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q

from curation.texts import translated_q


def contains(word: str) -> tuple[str, str]:
    """The lookup and value that find `word` in a column whatever its case.

    SQLite's LIKE folds the case of ASCII letters only, so `icontains` would not find "гүлн" in "Гүлнар". Its REGEXP
    is Django's own, Python's `re`, which folds every alphabet, but costs a call into Python per row: used only for
    a word with other letters than ASCII ones. PostgreSQL's `icontains` folds them all already.
    """
    if connection.vendor == "sqlite" and not word.isascii():
        return "iregex", re.escape(word)
    return "icontains", word


def word_q(word: str, *, fields: Iterable[str] = (), translated: Iterable[str] = ()) -> Q:
    """A word found in any of `fields`, or in any language of the `translated` fields."""
    lookup, value = contains(word)
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__{lookup}": value})
    for field in translated:
        query |= translated_q(field, lookup, value)
    return query
