"""Bursts: frames taken within a few seconds of each other, stacked on the contact sheet, and one key that keeps
the best frame of a burst and rejects the rest.

A burst is a run of photos, consecutive in capture order among the photos the library is showing (its filter),
each taken at most `gap` after the one before (a chain: a 20-frame burst at 10 fps is one burst whatever its
length). Photos without a capture time never stack. Stacks are shown only when the library is sorted by capture
time: in upload order the frames of one burst need not be next to each other, and a stack there would hide
photos between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from curation import services
from curation.models import Photo

DEFAULT_GAP_SECONDS = 2
# What the photographer can choose in the library's "Stack bursts" menu, in seconds; 0 turns stacking off.
GAP_CHOICES = (0, 1, 2, 5, 10)
# A page never ends inside a stack, so a stack longer than a page makes the page longer; past this many frames (a
# timelapse shot every second, say) the stack goes on as another one on the next page.
STACK_MAX = 500


@dataclass(frozen=True)
class StackPlace:
    """Where a frame sits in its stack on the contact sheet."""

    stack: int  # the id of the stack's first frame in the page's order: what links and the page's script call it
    position: int  # 1 for the first frame taken
    size: int
    cover: bool  # the frame the collapsed stack shows


def in_burst(earlier: datetime | None, later: datetime | None, gap: timedelta) -> bool:
    """Whether two frames next to each other in capture order belong to one burst."""
    return earlier is not None and later is not None and abs(later - earlier) <= gap


def run_start(times: Sequence[datetime | None], index: int, gap: timedelta) -> int:
    """The index where the burst holding `times[index]` begins (`times` in capture order, either direction)."""
    while index > 0 and in_burst(times[index - 1], times[index], gap):
        index -= 1
    return index


def run_end(times: Sequence[datetime | None], index: int, gap: timedelta) -> int:
    """One past the index where the burst holding `times[index]` ends."""
    index += 1
    while index < len(times) and in_burst(times[index - 1], times[index], gap):
        index += 1
    return index


def cover_index(frames: Sequence[Any]) -> int:
    """Which of a stack's frames (in capture order; rows with `flag` and `rating`) the collapsed stack shows:
    the pick, else the best rated frame not rejected, else the first not rejected, else the first."""

    def merit(index: int) -> tuple:
        frame = frames[index]
        return (frame.flag == Photo.Flag.PICK, frame.flag != Photo.Flag.REJECT, frame.rating, -index)

    return max(range(len(frames)), key=merit)


def stack_places(
    rows: Sequence[Any], *, gap: timedelta, descending: bool = False, field: str = "taken_at"
) -> list[StackPlace | None]:
    """The stack place of each row of a page (rows in capture order, newest first when `descending`); None for a
    frame that stands alone."""
    places: list[StackPlace | None] = [None] * len(rows)
    times = [getattr(row, field) for row in rows]
    start = 0
    while start < len(rows):
        end = run_end(times, start, gap)
        size = end - start
        if size > 1:
            run = list(range(start, end))
            in_capture_order = run[::-1] if descending else run
            cover = in_capture_order[cover_index([rows[i] for i in in_capture_order])]
            for position, index in enumerate(in_capture_order, start=1):
                places[index] = StackPlace(stack=rows[start].pk, position=position, size=size, cover=index == cover)
        start = end
    return places


def _chain(dated: QuerySet[Photo], photo: Photo, gap: timedelta, *, earlier: bool) -> list[int]:
    """The ids of the frames of `photo`'s burst on one side of it, nearest first, read in growing batches so a
    long burst costs a few queries and a lone frame one small one."""
    op, sign = ("lt", "-") if earlier else ("gt", "")
    chain: list[int] = []
    last_time, last_id = photo.taken_at, photo.pk
    batch = 16
    while len(chain) < STACK_MAX:
        after_last = Q(**{f"taken_at__{op}": last_time}) | Q(taken_at=last_time, **{f"id__{op}": last_id})
        rows = list(
            dated.filter(after_last).order_by(f"{sign}taken_at", f"{sign}id").values_list("pk", "taken_at")[:batch]
        )
        for pk, taken_at in rows:
            if not in_burst(last_time, taken_at, gap) or len(chain) >= STACK_MAX:
                return chain
            chain.append(pk)
            last_time, last_id = taken_at, pk
        if len(rows) < batch:
            return chain
        batch = min(batch * 4, STACK_MAX)
    return chain


def burst_frames(*, within: QuerySet[Photo], photo: Photo, gap: timedelta | None) -> list[int]:
    """The ids of the burst `photo` belongs to among the photos `within` (the library's filter), in capture order;
    the photo alone when stacking is off or it has no capture time."""
    if gap is None or photo.taken_at is None:
        return [photo.pk]
    dated = within.filter(taken_at__isnull=False)
    before = _chain(dated, photo, gap, earlier=True)
    after = _chain(dated, photo, gap, earlier=False)
    return [*reversed(before), photo.pk, *after]


@dataclass(frozen=True)
class BurstPicked:
    pick: int
    rejected: list[int]  # the other frames of the burst, in capture order


@transaction.atomic
def burst_pick(*, owner, photo: Photo, within: QuerySet[Photo], gap: timedelta | None) -> BurstPicked:
    """Keep one frame of a burst: `photo` becomes the pick and every other frame of its burst among `within` (the
    photos the library is showing) a reject. Stars and colour labels are left as they were."""
    if photo.owner_id != owner.pk:
        raise ValueError("a photographer picks among her own photos only")
    frames = burst_frames(within=within.filter(owner=owner), photo=photo, gap=gap)
    others = [pk for pk in frames if pk != photo.pk]
    services.photos_flag(photos=Photo.objects.filter(owner=owner, pk=photo.pk), flag=Photo.Flag.PICK)
    if others:
        services.photos_flag(photos=Photo.objects.filter(owner=owner, pk__in=others), flag=Photo.Flag.REJECT)
    return BurstPicked(pick=photo.pk, rejected=others)
