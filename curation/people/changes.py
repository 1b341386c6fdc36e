"""One version number for everything that decides who may be shown: consent records, subjects, photo links and
overrides. Public pages and the public image check are cached under it, so any change to these, by any write
path, replaces them once it commits.

The number is bumped by the signal handlers below (cache invalidation is what signals are for here: they
fire for every save, delete and link change, whichever service, admin form or shell made it). Writes that skip
signals — `QuerySet.update()` and `bulk_create()` — call `people_changed()` themselves.

Work elsewhere that must follow such a change once it commits (the public bucket's sync, in exhibitions) registers
with `people_changed_hook_add()`: this app never imports exhibitions, so it offers a list for it to fill.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

PEOPLE_KEY = "people:version"
_after_commit: list[Callable[[], None]] = []


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


def _committed() -> None:
    _bump()
    # After the bump, so that whatever a hook starts reads the rows under the new number.
    for hook in _after_commit:
        hook()


def people_changed() -> None:
    """Call after a write that decides who may be shown; takes effect when the transaction commits.

    Not before: a page built meanwhile from the old rows must not be stored under the new number.
    """
    transaction.on_commit(_committed)


def people_changed_hook_add(hook: Callable[[], None]) -> None:
    """Run `hook()` after every committed change of who may be shown, once the people version has moved on.

    A hook runs after the commit, outside the transaction, once per `people_changed()` call (a merge makes
    hundreds): it must be cheap and must not raise.
    """
    if hook not in _after_commit:
        _after_commit.append(hook)


def on_people_change(**_kwargs: Any) -> None:
    """A signal receiver: post_save, post_delete and m2m_changed of the models that decide who is shown."""
    people_changed()
