"""The public pages' cache: one version number per exhibition, bumped whenever what visitors see changes."""

from __future__ import annotations

from django.core.cache import cache

_HOME_KEY = "public:home:version"


def _exhibition_key(exhibition_id: int) -> str:
    return f"public:exhibition:{exhibition_id}:version"


def public_version(exhibition_id: int | None = None) -> int:
    """The current version of a public page (the home page when no exhibition is given)."""
    key = _HOME_KEY if exhibition_id is None else _exhibition_key(exhibition_id)
    return cache.get_or_set(key, 1, timeout=None)


def public_pages_changed(*, exhibition_id: int) -> None:
    """Call after publish, unpublish, or anything that hides a photo: visitors see the change at once."""
    for key in (_HOME_KEY, _exhibition_key(exhibition_id)):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 2, timeout=None)
