"""Laying a sequence onto walls: pure geometry, in millimetres, with no Django (tests compute cases by hand).

Interface (fixed; the documents and the studio build on it):

    layout_walls(walls: Sequence[WallSpec], works: Sequence[WorkSpec], *, rules: HangingRules) -> list[WallLayout]

Works go onto walls in walking order (the order of `walls`), in sequence order (the order of `works`), evenly
spaced on each wall, never over an opening, keeping `rules.min_gap_mm` between frames and `rules.margin_mm` from
each wall end; a work with `starts_chapter` may begin a new wall when `rules.chapter_starts_wall`; a work with a
`manual_offset_mm` (its centre from the wall's left end) on a `manual_wall` stays there and the others flow
around it. A wall that cannot hold the works given to it says how many millimetres are missing.

The rules, exactly (the tests check each):

Height. A work's centre is at `rules.centre_line_mm`, unless its frame would then reach above the wall: then its top
touches the wall's top (as high as it fits). A frame that would reach below the floor stands on it. A frame taller
than the wall fits on no wall of that height. The hook is at centre + height / 2 - hanger drop.

Openings. An opening blocks a frame when they overlap both horizontally and vertically: a door (bottom 0) blocks
every frame whose bottom is below the door's top; a radiator low on the wall blocks only a frame whose bottom goes
below the radiator's top; a window blocks frames that reach into its height. Touching edges do not overlap.
On one wall, an opening that blocks any of the wall's flowing works is kept clear by all of them (a small frame does
not slip over a radiator between two tall ones: the row stays a row).

Flow. A wall's usable run is [margin, length - margin]. Blocking openings and manually placed works cut it into free
segments. The flowing works fill the segments in order, left to right: a segment takes the next work while all its
gaps can stay at least `min_gap_mm`, else the work goes to the next segment, else to the next wall. Within a segment
the free space is shared equally: the same gap between neighbouring works and from the segment's ends to the first
and last work (the classic hanging formula: gap = (segment length - sum of widths) / (works + 1)). So a frame is
at least `min_gap_mm` from another frame and from an opening, and at least margin + min gap from a wall end.

Chapters. With `rules.chapter_starts_wall`, the first flowing work of a chapter starts the next wall, unless no
flowing work hangs on the current wall yet (a chapter whose first work is placed manually passes the start to its
next flowing work). The rule holds on the last wall too: a chapter that finds no wall left is unplaced, so the plan
says one more wall is needed rather than quietly mixing chapters.

Manual placements. A work with both `manual_wall` (a wall in `walls`) and `manual_offset_mm` hangs exactly there; for
the others its frame is an obstacle like an opening, at any height. Otherwise it flows.

What does not fit. A work that does not fit alone on any wall from the current one on (too wide or too tall) is
unplaced without moving the flow on; a work that finds no wall left is unplaced. Unplaced works are listed, in
sequence order, on the last wall. A wall's `missing_mm` (rounded up) is:
- on the last wall, for its unplaced works: the sum of their widths plus one `min_gap_mm` each, less the room still
  free at the wall's right end when they ran out of wall while filling it (how much longer the wall would have to
  be; not when a chapter wanted one more wall), and at least 1 whenever a work is unplaced;
- on any wall with manual works: how far they crowd the margins, each other, blocking openings (counting `min_gap_mm`
  as part of an opening) or the wall's top (a manual frame taller than its wall stands on the floor).

Rounding. Everything is computed exactly (fractions) and rounded half up to whole mm only in the `Placement`: each of
left, centre, bottom and hook is within ½ mm of its exact value, and rounding never brings two frames closer than
`min_gap_mm`, nor a frame nearer the wall ends than the margin.
No walls: an empty list (nothing can be reported on a wall that does not exist).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class OpeningSpec:
    """A door, window, radiator or anything that cannot be hung over: from the wall's left end and the floor."""

    kind: str
    offset_mm: int
    width_mm: int
    bottom_mm: int
    height_mm: int


@dataclass(frozen=True)
class WallSpec:
    id: int
    name: str
    length_mm: int
    height_mm: int
    openings: tuple[OpeningSpec, ...] = ()


@dataclass(frozen=True)
class HangingRules:
    centre_line_mm: int = 1450  # the height of the works' centres above the floor
    min_gap_mm: int = 100  # between two frames
    margin_mm: int = 300  # from each end of a wall
    chapter_starts_wall: bool = True


@dataclass(frozen=True)
class WorkSpec:
    """One framed work (its outer frame size; the frame itself when unframed) and how it hangs."""

    id: int  # the exhibition item's id
    width_mm: int
    height_mm: int
    hanger_drop_mm: int = 0  # from the frame's top to the wire or D-ring under tension
    starts_chapter: bool = False
    manual_wall: int | None = None  # a WallSpec.id
    manual_offset_mm: int | None = None  # its centre from the wall's left end


@dataclass(frozen=True)
class Placement:
    work_id: int
    centre_x_mm: int  # from the wall's left end
    centre_y_mm: int  # above the floor (the centre line, unless the wall is too low)
    left_mm: int
    width_mm: int
    bottom_mm: int
    height_mm: int
    hook_mm: int  # the hook's height above the floor: centre + height / 2 - hanger drop
    manual: bool = False


@dataclass
class WallLayout:
    wall: WallSpec
    placements: list[Placement] = field(default_factory=list)  # left to right
    missing_mm: int = 0  # > 0: the wall cannot hold the works given to it, short by this much
    unplaced: list[int] = field(default_factory=list)  # work ids that fit on no wall


Interval = tuple[Fraction, Fraction]


def _round(value: Fraction) -> int:
    """Half up, so that adding whole millimetres commutes with rounding (gaps and margins survive it)."""
    return math.floor(value + Fraction(1, 2))


def _centre_y(work: WorkSpec, wall: WallSpec, rules: HangingRules) -> Fraction | None:
    """The exact height of the work's centre on this wall; None when the frame is taller than the wall."""
    if work.height_mm > wall.height_mm:
        return None
    half = Fraction(work.height_mm, 2)
    return max(half, min(Fraction(rules.centre_line_mm), wall.height_mm - half))


def _blocks(opening: OpeningSpec, work: WorkSpec, centre_y: Fraction) -> bool:
    """Whether the opening's height overlaps the frame's (the horizontal overlap is the segments' business)."""
    half = Fraction(work.height_mm, 2)
    return centre_y - half < opening.bottom_mm + opening.height_mm and centre_y + half > opening.bottom_mm


def _opening_interval(opening: OpeningSpec) -> Interval:
    return Fraction(opening.offset_mm), Fraction(opening.offset_mm + opening.width_mm)


@dataclass(frozen=True)
class _Frame:
    work: WorkSpec
    centre_y: Fraction


@dataclass(frozen=True)
class _Arrangement:
    """Flowing works on one wall: each frame with its exact left edge, and the segments they were spread in."""

    lefts: list[tuple[_Frame, Fraction]]
    segments: list[Interval]
    groups: list[list[_Frame]]


def _free_segments(low: Fraction, high: Fraction, blocked: list[Interval]) -> list[Interval]:
    segments: list[Interval] = []
    cursor = low
    for start, end in sorted(blocked):
        if start > cursor:
            segments.append((cursor, min(start, high)))
        cursor = max(cursor, end)
        if cursor >= high:
            break
    if cursor < high:
        segments.append((cursor, high))
    return [(a, b) for a, b in segments if b > a]


def _arrange(
    wall: WallSpec, frames: list[_Frame], obstacles: list[Interval], rules: HangingRules
) -> _Arrangement | None:
    """The frames spread over the wall's free segments in order, or None when they do not all fit."""
    blocked = list(obstacles)
    blocked += [_opening_interval(o) for o in wall.openings if any(_blocks(o, f.work, f.centre_y) for f in frames)]
    segments = _free_segments(Fraction(rules.margin_mm), Fraction(wall.length_mm - rules.margin_mm), blocked)
    gap = rules.min_gap_mm
    groups: list[list[_Frame]] = [[] for _ in segments]
    index, widths = 0, 0
    for frame in frames:
        while index < len(segments):
            start, end = segments[index]
            group = groups[index]
            # n works in a segment need n + 1 gaps of at least min_gap (the ends included).
            if widths + frame.work.width_mm + (len(group) + 2) * gap <= end - start:
                group.append(frame)
                widths += frame.work.width_mm
                break
            index, widths = index + 1, 0
        else:
            return None
    lefts: list[tuple[_Frame, Fraction]] = []
    for (start, end), group in zip(segments, groups, strict=True):
        if not group:
            continue
        share = (end - start - sum(f.work.width_mm for f in group)) / (len(group) + 1)
        left = start + share
        for frame in group:
            lefts.append((frame, left))
            left += frame.work.width_mm + share
    return _Arrangement(lefts, segments, groups)


def _placement(frame: _Frame, left: Fraction, *, manual: bool = False) -> Placement:
    work, half = frame.work, Fraction(frame.work.height_mm, 2)
    return Placement(
        work_id=work.id,
        centre_x_mm=_round(left + Fraction(work.width_mm, 2)),
        centre_y_mm=_round(frame.centre_y),
        left_mm=_round(left),
        width_mm=work.width_mm,
        bottom_mm=_round(frame.centre_y - half),
        height_mm=work.height_mm,
        hook_mm=_round(frame.centre_y + half - work.hanger_drop_mm),
        manual=manual,
    )


def _manual_frames(wall: WallSpec, works: list[WorkSpec], rules: HangingRules) -> tuple[list[_Frame], Fraction]:
    """The manual works of a wall as frames, and how far they crowd the margins, openings, each other and the top."""
    frames: list[_Frame] = []
    crowding = Fraction(0)
    for work in works:
        centre_y = _centre_y(work, wall, rules)
        if centre_y is None:
            crowding += work.height_mm - wall.height_mm
            centre_y = Fraction(work.height_mm, 2)
        frames.append(_Frame(work, centre_y))
    gap = rules.min_gap_mm
    spans = sorted((_manual_interval(f.work), f) for f in frames)
    for (left, right), frame in spans:
        crowding += max(0, rules.margin_mm - left) + max(0, right - (wall.length_mm - rules.margin_mm))
        for opening in wall.openings:
            if _blocks(opening, frame.work, frame.centre_y):
                start, end = _opening_interval(opening)
                crowding += max(0, min(right, end + gap) - max(left, start - gap))
    for ((_, right), _a), ((left, _), _b) in zip(spans, spans[1:], strict=False):
        crowding += max(0, gap - (left - right))
    return frames, crowding


def _manual_interval(work: WorkSpec) -> Interval:
    left = work.manual_offset_mm - Fraction(work.width_mm, 2)  # type: ignore[operator]
    return left, left + work.width_mm


def layout_walls(walls: Sequence[WallSpec], works: Sequence[WorkSpec], *, rules: HangingRules) -> list[WallLayout]:
    """The works laid onto the walls by the rules in the module's docstring; one WallLayout per wall, in order."""
    if not walls:
        return []
    index = {wall.id: i for i, wall in enumerate(walls)}

    def is_manual(work: WorkSpec) -> bool:
        return work.manual_wall in index and work.manual_offset_mm is not None

    manual_works: list[list[WorkSpec]] = [[] for _ in walls]
    for work in works:
        if is_manual(work):
            manual_works[index[work.manual_wall]].append(work)  # type: ignore[index]
    manual: list[tuple[list[_Frame], Fraction]] = [
        _manual_frames(wall, manual_works[i], rules) for i, wall in enumerate(walls)
    ]
    obstacles = [[_manual_interval(f.work) for f in frames] for frames, _ in manual]

    def frame_on(work: WorkSpec, w: int) -> _Frame | None:
        centre_y = _centre_y(work, walls[w], rules)
        return None if centre_y is None else _Frame(work, centre_y)

    def fits_alone(work: WorkSpec, w: int) -> bool:
        frame = frame_on(work, w)
        return frame is not None and _arrange(walls[w], [frame], obstacles[w], rules) is not None

    arrangements: list[_Arrangement | None] = [None] * len(walls)
    w, current = 0, []  # the wall the flow is on and its flowing frames
    overflow: list[WorkSpec] = []  # ran out of walls
    misfits: list[WorkSpec] = []  # fit alone on no wall that was left
    unplaced: list[WorkSpec] = []
    chapter_pending = False
    # Whether the flow left the last wall because a chapter wanted a new one: then no length added to the last wall
    # would help, and its free room is not subtracted from what is missing.
    out_by_chapter = False
    for work in works:
        if is_manual(work):
            chapter_pending = chapter_pending or work.starts_chapter
            continue
        new_chapter, chapter_pending = work.starts_chapter or chapter_pending, False
        if new_chapter and rules.chapter_starts_wall and current:
            w, current = w + 1, []
            out_by_chapter = w == len(walls)
        while w < len(walls):
            frame = frame_on(work, w)
            trial = None if frame is None else _arrange(walls[w], [*current, frame], obstacles[w], rules)
            if trial is not None:
                current.append(frame)
                arrangements[w] = trial
                break
            if not any(fits_alone(work, v) for v in range(w, len(walls))):
                misfits.append(work)
                unplaced.append(work)
                break
            w, current = w + 1, []
        else:
            overflow.append(work)
            unplaced.append(work)

    layouts: list[WallLayout] = []
    for i, wall in enumerate(walls):
        frames, crowding = manual[i]
        placements = [_placement(f, _manual_interval(f.work)[0], manual=True) for f in frames]
        arrangement = arrangements[i]
        if arrangement is not None:
            placements += [_placement(frame, left) for frame, left in arrangement.lefts]
        placements.sort(key=lambda p: (p.left_mm, p.work_id))
        layouts.append(WallLayout(wall=wall, placements=placements, missing_mm=math.ceil(crowding)))

    last = layouts[-1]
    last.unplaced = [work.id for work in unplaced]
    needed = Fraction(sum(work.width_mm + rules.min_gap_mm for work in unplaced))
    if overflow and not out_by_chapter:
        needed -= _room_at_right_end(walls[-1], arrangements[-1], obstacles[-1], rules)
    if unplaced:
        # The room at the right end is measured without the openings a taller unplaced work would add: never let it
        # cancel what is missing.
        last.missing_mm += max(1, math.ceil(needed))
    return layouts


def _room_at_right_end(
    wall: WallSpec, arrangement: _Arrangement | None, obstacles: list[Interval], rules: HangingRules
) -> Fraction:
    """Width still free in the segment that ends at the right margin, beyond the gaps its works need (0: none)."""
    if arrangement is None:
        arrangement = _arrange(wall, [], obstacles, rules)
    assert arrangement is not None  # nothing always fits
    if not arrangement.segments or arrangement.segments[-1][1] != wall.length_mm - rules.margin_mm:
        return Fraction(0)
    start, end = arrangement.segments[-1]
    group = arrangement.groups[-1]
    room = end - start - sum(f.work.width_mm for f in group) - (len(group) + 1) * rules.min_gap_mm
    return max(Fraction(0), room)
