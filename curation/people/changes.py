"""One version number for everything that decides who may be shown: consent records, subjects, photo links and
overrides. Public pages and the public image check are cached under it, so any change to these, by any write
path, replaces them once it commits.

The number is bumped by the signal handlers below (cache invalidation is what signals are for here: they
fire for every save, delete and link change, whichever service, admin form or shell made it). Writes that skip
signals — `QuerySet.update()` and `bulk_create()` — call `people_changed()` themselves.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache
from django.db import transaction

PEOPLE_KEY = "people:version"


def version_fresh() -> int:
    # Random rather than 1: after a cache flush a number never comes back, so nothing stored under an old one
    # can pass for current.
    return secrets.randbelow(2**52) + 1


def people_version() -> int:
    return cache.get_or_set(PEOPLE_KEY, version_fresh, timeout=None)


def _bump() -> None:
    try:
        cache.incr(PEOPLE_KEY)
    except ValueError:
        cache.set(PEOPLE_KEY, version_fresh(), timeout=None)


def people_changed() -> None:
    """Call after a write that decides who may be shown; takes effect when the transaction commits.

    Not before: a page built meanwhile from the old rows must not be stored under the new number.
    """
    transaction.on_commit(_bump)


def on_people_change(**_kwargs: Any) -> None:
    """A signal receiver: post_save, post_delete and m2m_changed of the models that decide who is shown."""
    people_changed()
