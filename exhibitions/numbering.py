"""The one numbering of an exhibition's photos, read by the sequencer, the item page, the publish page and the
consent report alike.

Photos are numbered 1..n in sequence order, as the public viewer numbers them (`/e/<slug>/<n>/`, see
`exhibitions.public.snapshot_photo_numbers`): a curator who reads "photo 7" in the consent report finds the seventh
photo of the public page. Chapter headings and text panels take no number: they are breaks in the sequence,
not plates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from exhibitions.models import ExhibitionItem


class _Item(Protocol):
    pk: int
    kind: str


def photo_numbers(items: Iterable[_Item]) -> dict[int, int]:
    """Item id -> its photo number, for items given in sequence order; chapters and text panels are left out."""
    numbers: dict[int, int] = {}
    for item in items:
        if item.kind == ExhibitionItem.Kind.PHOTO:
            numbers[item.pk] = len(numbers) + 1
    return numbers


def exhibition_photo_numbers(exhibition_id: int) -> dict[int, int]:
    """The same for an exhibition's draft as it is now (one small query)."""
    return photo_numbers(
        ExhibitionItem.objects.filter(exhibition_id=exhibition_id).order_by("position").only("id", "kind")
    )


def index_before_number(kinds: list[str], number: int) -> int:
    """Where, in a sequence of these kinds, an item goes to become (or stand just before) photo `number`.

    The index of the `number`-th photo, so that a photo put there takes its number and a chapter heading put
    there opens on it; past the last photo, the end.
    """
    seen = 0
    for index, kind in enumerate(kinds):
        if kind == ExhibitionItem.Kind.PHOTO:
            seen += 1
            if seen == number:
                return index
    return len(kinds)
