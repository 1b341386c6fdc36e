"""The sequence laid onto walls: hand-computed cases to the millimetre, and properties over random shows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exhibitions.show.layout import HangingRules, OpeningSpec, Placement, WallLayout, WallSpec, WorkSpec, layout_walls

RULES = HangingRules(centre_line_mm=1450, min_gap_mm=100, margin_mm=300, chapter_starts_wall=True)


def by_work(layouts: list[WallLayout]) -> dict[int, tuple[int, Placement]]:
    """Each placed work's wall id and placement."""
    return {p.work_id: (layout.wall.id, p) for layout in layouts for p in layout.placements}


def door(offset: int, width: int = 900, height: int = 2100) -> OpeningSpec:
    return OpeningSpec("door", offset_mm=offset, width_mm=width, bottom_mm=0, height_mm=height)


def wall(id: int = 1, length: int = 6000, height: int = 2800, openings: tuple[OpeningSpec, ...] = ()) -> WallSpec:
    return WallSpec(id=id, name=f"Wall {id}", length_mm=length, height_mm=height, openings=openings)


def test_six_metre_wall_with_a_door_and_seven_framed_works_by_hand():
    # The wall: 6000 mm long, 2800 high; a door 800 wide from 2300 to 3100, 2100 high. Margins 300, gaps >= 100.
    # Every frame's bottom (about 1050-1100) is below the door's top (2100): the door blocks all of them.
    # Free segments: [300, 2300] (2000 mm) and [3100, 5700] (2600 mm).
    works = [
        WorkSpec(1, width_mm=500, height_mm=700, hanger_drop_mm=100),
        WorkSpec(2, width_mm=400, height_mm=500, hanger_drop_mm=80),
        WorkSpec(3, width_mm=530, height_mm=710, hanger_drop_mm=90),
        WorkSpec(4, width_mm=600, height_mm=800, hanger_drop_mm=120),
        WorkSpec(5, width_mm=400, height_mm=500, hanger_drop_mm=80),
        WorkSpec(6, width_mm=600, height_mm=800, hanger_drop_mm=120),
        WorkSpec(7, width_mm=400, height_mm=500, hanger_drop_mm=80),
    ]
    # Segment 1 takes works while widths + (n + 1) * 100 <= 2000:
    #   1: 500 + 200 = 700; 1-2: 900 + 300 = 1200; 1-3: 1430 + 400 = 1830; 1-4: 2030 + 500 = 2530 > 2000: stop.
    # Segment 2: 4-7: 600 + 400 + 600 + 400 = 2000, + 5 * 100 = 2500 <= 2600: all fit.
    # Segment 1's equal gap: (2000 - 1430) / 4 = 142.5
    #   work 1: left 300 + 142.5 = 442.5, centre 442.5 + 250 = 692.5 -> 693 (half up)
    #   work 2: left 442.5 + 500 + 142.5 = 1085, centre 1085 + 200 = 1285
    #   work 3: left 1085 + 400 + 142.5 = 1627.5, centre 1627.5 + 265 = 1892.5 -> 1893;
    #           right 2157.5, + 142.5 = 2300: the door's left edge.
    # Segment 2's equal gap: (2600 - 2000) / 5 = 120
    #   work 4: left 3100 + 120 = 3220, centre 3520
    #   work 5: left 3220 + 600 + 120 = 3940, centre 4140
    #   work 6: left 3940 + 400 + 120 = 4460, centre 4760
    #   work 7: left 4460 + 600 + 120 = 5180, centre 5380; right 5580, + 120 = 5700: the right margin.
    # Heights: every top (1450 + 400 at most) is under 2800, so every centre is on the line, 1450.
    # Hooks = 1450 + height / 2 - drop:
    #   700 tall, drop 100: 1450 + 350 - 100 = 1700;  500 tall, drop 80: 1450 + 250 - 80 = 1620;
    #   710 tall, drop 90: 1450 + 355 - 90 = 1715;    800 tall, drop 120: 1450 + 400 - 120 = 1730.
    expected = {1: (693, 1700), 2: (1285, 1620), 3: (1893, 1715), 4: (3520, 1730), 5: (4140, 1620)}
    expected |= {6: (4760, 1730), 7: (5380, 1620)}
    (layout,) = layout_walls([wall(openings=(door(2300, width=800),))], works, rules=RULES)

    assert layout.missing_mm == 0 and layout.unplaced == []
    assert [p.work_id for p in layout.placements] == [1, 2, 3, 4, 5, 6, 7]
    for placement in layout.placements:
        centre_x, hook = expected[placement.work_id]
        assert abs(placement.centre_x_mm - centre_x) <= 1, placement
        assert abs(placement.centre_y_mm - 1450) <= 1, placement
        assert abs(placement.hook_mm - hook) <= 1, placement
    third = by_work([layout])[3][1]
    assert (third.left_mm, third.bottom_mm) == (1628, 1095)  # 1627.5 half up; 1450 - 355


def test_a_door_is_skipped_and_kept_a_gap_away():
    works = [WorkSpec(i, width_mm=500, height_mm=600) for i in range(1, 6)]
    (layout,) = layout_walls([wall(length=6000, openings=(door(2000),))], works, rules=RULES)
    # Left of the door [300, 2000]: two works need 1000 + 300 = 1300, three 1500 + 400 = 1900 > 1700.
    # Right of it [2900, 5700]: the other three need 1500 + 400 = 1900 <= 2800.
    assert layout.unplaced == []
    left_of_door = [p.work_id for p in layout.placements if p.left_mm + p.width_mm <= 2000 - 100]
    right_of_door = [p.work_id for p in layout.placements if p.left_mm >= 2900 + 100]
    assert (left_of_door, right_of_door) == ([1, 2], [3, 4, 5])


def test_a_radiator_blocks_only_a_frame_whose_bottom_goes_below_its_top():
    radiator = OpeningSpec("radiator", offset_mm=1200, width_mm=600, bottom_mm=100, height_mm=600)  # top at 700
    small = [WorkSpec(1, width_mm=2000, height_mm=500)]  # bottom at 1450 - 250 = 1200: above the radiator
    (layout,) = layout_walls([wall(length=3000, openings=(radiator,))], small, rules=RULES)
    # One segment [300, 2700]: (2400 - 2000) / 2 = 200 each side, so it spans the radiator.
    assert by_work([layout])[1][1].left_mm == 500

    tall = [WorkSpec(1, width_mm=500, height_mm=1600)]  # bottom at 1450 - 800 = 650: below the radiator's top
    (layout,) = layout_walls([wall(length=3000, openings=(radiator,))], tall, rules=RULES)
    # Segments [300, 1200] and [1800, 2700]; it goes in the first: (900 - 500) / 2 = 200 -> left 500, right 1000.
    placement = by_work([layout])[1][1]
    assert (placement.left_mm, placement.left_mm + placement.width_mm) == (500, 1000)


def test_a_window_blocks_frames_reaching_into_its_height():
    window = OpeningSpec("window", offset_mm=1000, width_mm=1000, bottom_mm=900, height_mm=1400)
    works = [WorkSpec(i, width_mm=200, height_mm=400) for i in range(1, 4)]
    (layout,) = layout_walls([wall(length=3000, openings=(window,))], works, rules=RULES)
    # Frames span 1250-1650, inside the window's 900-2300: segments [300, 1000] and [2000, 2700], 700 mm each.
    # Two works need 400 + 3 * 100 = 700: the first segment takes 1 and 2 (gaps of exactly 100), the second 3.
    assert layout.unplaced == []
    assert [p.left_mm for p in layout.placements] == [400, 700, 2250]


def test_a_chapter_starts_a_new_wall_unless_the_wall_is_still_empty():
    works = [
        WorkSpec(1, width_mm=500, height_mm=500, starts_chapter=True),
        WorkSpec(2, width_mm=500, height_mm=500),
        WorkSpec(3, width_mm=500, height_mm=500, starts_chapter=True),
        WorkSpec(4, width_mm=500, height_mm=500),
    ]
    walls = [wall(1), wall(2)]
    placed = by_work(layout_walls(walls, works, rules=RULES))
    assert {work_id: wall_id for work_id, (wall_id, _) in placed.items()} == {1: 1, 2: 1, 3: 2, 4: 2}

    together = by_work(layout_walls(walls, works, rules=HangingRules(chapter_starts_wall=False)))
    assert {wall_id for wall_id, _ in together.values()} == {1}


def test_a_chapter_with_no_wall_left_is_unplaced_and_the_last_wall_says_how_much_is_missing():
    works = [WorkSpec(1, width_mm=500, height_mm=500), WorkSpec(2, width_mm=700, height_mm=500, starts_chapter=True)]
    (layout,) = layout_walls([wall()], works, rules=RULES)
    assert layout.unplaced == [2]
    assert layout.missing_mm == 700 + 100  # a new wall is wanted, not a longer one: no free room is subtracted


def test_a_manual_placement_stays_and_the_others_flow_around_it():
    works = [
        WorkSpec(1, width_mm=600, height_mm=500),
        WorkSpec(2, width_mm=400, height_mm=500, manual_wall=1, manual_offset_mm=1500),
        WorkSpec(3, width_mm=600, height_mm=500),
        WorkSpec(4, width_mm=600, height_mm=500),
    ]
    (layout,) = layout_walls([wall(length=4000)], works, rules=RULES)
    placed = by_work([layout])
    manual = placed[2][1]
    assert (manual.centre_x_mm, manual.left_mm, manual.manual) == (1500, 1300, True)
    # Free: [300, 1300] takes work 1 ((1000 - 600) / 2 = 200: left 500); [1700, 3700] takes 3 and 4
    # ((2000 - 1200) / 3 = 266.67: lefts 1966.67 -> 1967 and 1966.67 + 600 + 266.67 = 2833.33 -> 2833).
    assert [placed[i][1].left_mm for i in (1, 3, 4)] == [500, 1967, 2833]
    assert not any(placed[i][1].manual for i in (1, 3, 4))
    assert layout.missing_mm == 0


def test_manual_works_that_crowd_each_other_report_the_missing_millimetres():
    works = [
        WorkSpec(1, width_mm=600, height_mm=500, manual_wall=1, manual_offset_mm=1000),
        WorkSpec(2, width_mm=600, height_mm=500, manual_wall=1, manual_offset_mm=1550),
    ]
    (layout,) = layout_walls([wall(length=4000)], works, rules=RULES)
    # Frames at [700, 1300] and [1250, 1850]: they overlap by 50 and need 100 between them: 150 missing.
    assert layout.missing_mm == 150
    assert [p.centre_x_mm for p in layout.placements] == [1000, 1550]


def test_a_show_longer_than_its_walls_reports_the_missing_millimetres():
    works = [WorkSpec(i, width_mm=500, height_mm=500) for i in range(1, 4)]
    (layout,) = layout_walls([wall(length=2000)], works, rules=RULES)
    # Usable [300, 1700] = 1400: two works need 1000 + 3 * 100 = 1300; the third would need 1500 + 400 = 1900.
    assert layout.unplaced == [3]
    # Room left beyond the gaps: 1400 - 1300 = 100; the third needs 500 + 100: 500 mm more wall.
    assert layout.missing_mm == 500
    (longer,) = layout_walls([wall(length=2500)], works, rules=RULES)
    assert longer.unplaced == [] and longer.missing_mm == 0


def test_the_flow_moves_to_the_next_wall_in_walking_order():
    works = [WorkSpec(i, width_mm=500, height_mm=500) for i in range(1, 6)]
    layouts = layout_walls([wall(1, length=2000), wall(2, length=2500)], works, rules=RULES)
    assert [[p.work_id for p in layout.placements] for layout in layouts] == [[1, 2], [3, 4, 5]]
    assert all(layout.missing_mm == 0 and layout.unplaced == [] for layout in layouts)


def test_a_low_wall_lowers_the_centre_so_the_frame_fits_under_it():
    works = [WorkSpec(1, width_mm=600, height_mm=800, hanger_drop_mm=100)]
    (layout,) = layout_walls([wall(height=1700)], works, rules=RULES)
    (placement,) = layout.placements
    # On the line the top would be 1450 + 400 = 1850 > 1700: the top goes to 1700, the centre to 1300.
    assert (placement.centre_y_mm, placement.bottom_mm, placement.hook_mm) == (1300, 900, 1600)


def test_a_frame_taller_than_every_wall_is_unplaced_without_pushing_the_others_on():
    works = [
        WorkSpec(1, width_mm=500, height_mm=500),
        WorkSpec(2, width_mm=500, height_mm=2000),
        WorkSpec(3, width_mm=500, height_mm=500),
    ]
    layouts = layout_walls([wall(1, height=1800), wall(2, height=1800)], works, rules=RULES)
    assert [[p.work_id for p in layout.placements] for layout in layouts] == [[1, 3], []]
    assert layouts[-1].unplaced == [2]
    assert layouts[-1].missing_mm == 500 + 100


def test_no_walls_no_layout():
    assert layout_walls([], [WorkSpec(1, width_mm=500, height_mm=500)], rules=RULES) == []


# --- Properties over random shows ---------------------------------------------------------------------------


@st.composite
def openings(draw, length: int, height: int) -> OpeningSpec:
    offset = draw(st.integers(0, length - 100))
    width = draw(st.integers(100, min(1500, length - offset)))
    bottom = draw(st.sampled_from([0, 100, 900]))
    return OpeningSpec("other", offset, width, bottom, draw(st.integers(100, max(100, height - bottom))))


@st.composite
def walls(draw) -> list[WallSpec]:
    result = []
    for i in range(draw(st.integers(1, 3))):
        length, height = draw(st.integers(800, 8000)), draw(st.integers(1200, 3500))
        holes = tuple(draw(st.lists(openings(length, height), max_size=2)))
        result.append(WallSpec(i + 1, f"W{i + 1}", length, height, holes))
    return result


@st.composite
def shows(draw) -> tuple[list[WallSpec], list[WorkSpec], HangingRules]:
    the_walls = draw(walls())
    works = []
    for i in range(draw(st.integers(0, 14))):
        w, h = draw(st.integers(150, 1200)), draw(st.integers(150, 1600))
        manual = draw(st.booleans()) and draw(st.integers(0, 5)) == 0
        target = draw(st.sampled_from(the_walls)) if manual else None
        works.append(
            WorkSpec(
                100 + i,
                w,
                h,
                hanger_drop_mm=draw(st.integers(0, h // 3)),
                starts_chapter=draw(st.integers(0, 4)) == 0,
                manual_wall=target.id if target else None,
                manual_offset_mm=draw(st.integers(0, target.length_mm)) if target else None,
            )
        )
    rules = HangingRules(
        centre_line_mm=draw(st.integers(1200, 1600)),
        min_gap_mm=draw(st.integers(0, 250)),
        margin_mm=draw(st.integers(0, 500)),
        chapter_starts_wall=draw(st.booleans()),
    )
    return the_walls, works, rules


def overlaps_vertically(p: Placement, o: OpeningSpec) -> bool:
    return p.bottom_mm < o.bottom_mm + o.height_mm and p.bottom_mm + p.height_mm > o.bottom_mm


@settings(max_examples=300, deadline=None)
@given(shows())
def test_properties_of_any_layout(show):
    the_walls, works, rules = show
    layouts = layout_walls(the_walls, works, rules=rules)
    gap = rules.min_gap_mm
    placed = [p.work_id for layout in layouts for p in layout.placements]
    unplaced = layouts[-1].unplaced
    assert all(not layout.unplaced for layout in layouts[:-1])
    # Every work placed once, or reported unplaced (and then something is reported missing).
    assert sorted(placed + unplaced) == sorted(w.id for w in works)
    assert not unplaced or layouts[-1].missing_mm > 0
    manual_ids = {w.id for w in works if w.manual_wall is not None}
    drops = {w.id: w.hanger_drop_mm for w in works}
    walk = []
    for w_index, layout in enumerate(layouts):
        frames = sorted(layout.placements, key=lambda p: p.left_mm)
        for p in frames:
            assert p.manual == (p.work_id in manual_ids)
            if p.manual:
                continue
            walk.append((w_index, p.left_mm, p.work_id))
            # Under the wall's top, above the floor, inside the margins, clear of what blocks it.
            assert p.bottom_mm >= 0 and p.bottom_mm + p.height_mm <= layout.wall.height_mm
            assert p.left_mm >= rules.margin_mm and p.left_mm + p.width_mm <= layout.wall.length_mm - rules.margin_mm
            assert abs(p.centre_x_mm - (p.left_mm + p.width_mm / 2)) <= 1
            assert abs(p.hook_mm - (p.bottom_mm + p.height_mm - drops[p.work_id])) <= 1
            for o in layout.wall.openings:
                if overlaps_vertically(p, o):
                    assert p.left_mm + p.width_mm + gap <= o.offset_mm or p.left_mm >= o.offset_mm + o.width_mm + gap
        # No flowing frame nearer than min_gap to any other frame on its wall (manual ones may crowd each other).
        for i, a in enumerate(frames):
            for b in frames[i + 1 :]:
                if not (a.manual and b.manual):
                    assert b.left_mm - (a.left_mm + a.width_mm) >= gap or a.left_mm - (b.left_mm + b.width_mm) >= gap
        if layout is not layouts[-1] and not any(p.manual for p in frames):
            assert layout.missing_mm == 0
    # Flowing works hang in sequence order along the walls, in walking order.
    order = [w.id for w in works if w.id not in manual_ids]
    assert [work_id for *_, work_id in sorted(walk)] == [i for i in order if i not in unplaced]
