"""A reason an exhibition cannot be published yet: what every publish rule (photos, alt text, consent) yields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from exhibitions.models import Exhibition, ExhibitionItem


@dataclass(frozen=True)
class Blocker:
    """One reason the exhibition cannot be published yet, written for the curator."""

    code: str
    message: str
    item_id: int | None = None


PublishRule = Callable[[Exhibition, list[ExhibitionItem]], Iterable[Blocker]]
