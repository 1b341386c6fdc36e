"""The physical show's services: venues, walls, forms and placements, and the layout read from the live sequence."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitions import sequencing, services
from exhibitions.models import Exhibition, ExhibitionItem
from exhibitions.show import services as show
from exhibitions.show.layout import WallLayout
from exhibitions.show.models import WorkForm
from exhibitions.show.presets import PRESETS, preset_form
from tests import factories

pytestmark = pytest.mark.django_db


def exhibition_of(n: int, *, landscape: bool = True) -> tuple[Exhibition, list[ExhibitionItem]]:
    """An exhibition of n small photos, 3:2 or 2:3, and its items in order. No renditions (a hanging plan needs none);
    the dimensions the worker would record are set as it sets them."""
    owner = factories.photographer()
    w, h = (60, 40) if landscape else (40, 60)
    photos = [factories.photo(owner, data=factories.jpeg_bytes(size=(w, h)), width=w, height=h) for _ in range(n)]
    exhibition = services.exhibition_create(owner=factories.curator(), title="Bazaar")
    items = sequencing.exhibition_photos_add(exhibition=exhibition, photos=photos)
    exhibition.refresh_from_db()
    return exhibition, items


def hung(layouts: list[WallLayout]) -> list[list[int]]:
    """Each wall's work ids, left to right."""
    return [[p.work_id for p in layout.placements] for layout in layouts]


def venue_with_walls(owner, *lengths: int, height: int = 3000):
    venue = show.venue_create(owner=owner, name="Gallery")
    walls = [
        show.wall_add(venue=venue, name=f"Wall {i + 1}", length_mm=n, height_mm=height) for i, n in enumerate(lengths)
    ]
    return venue, walls


def test_a_reorder_in_the_sequencer_changes_the_layout_with_no_other_action():
    exhibition, items = exhibition_of(3)
    venue, _walls = venue_with_walls(exhibition.owner, 6000)
    show.show_plan_set(exhibition=exhibition, venue=venue)
    for item, width in zip(items, (500, 700, 900), strict=True):
        show.work_form_set(
            item=item,
            print_w_mm=width - 100,
            print_h_mm=400,
            image_w_mm=width - 200,
            image_h_mm=300,
            frame_w_mm=width,
            frame_h_mm=500,
        )
    before = show.show_layout(exhibition)
    assert hung(before) == [[i.pk for i in items]]

    ids = [i.pk for i in items]
    sequencing.exhibition_reorder(exhibition=exhibition, item_ids=ids[::-1], version=exhibition.version)

    after = show.show_layout(exhibition)
    assert hung(after) == [ids[::-1]]
    # The widest work now hangs first: its centre moved left.
    widest = {p.work_id: p for p in after[0].placements}[ids[2]]
    assert widest.centre_x_mm < {p.work_id: p for p in before[0].placements}[ids[2]].centre_x_mm


def test_a_chapter_heading_starts_a_new_wall_and_text_panels_do_not_hang():
    exhibition, items = exhibition_of(3)
    venue, walls = venue_with_walls(exhibition.owner, 6000, 6000)
    show.show_plan_set(exhibition=exhibition, venue=venue)
    sequencing.exhibition_section_add(exhibition=exhibition, title="Evening", position=2)
    sequencing.exhibition_text_panel_add(exhibition=exhibition, text="About the market", position=0)
    assert hung(show.show_layout(exhibition)) == [[items[0].pk, items[1].pk], [items[2].pk]]

    show.show_plan_set(exhibition=exhibition, venue=venue, chapter_starts_wall=False)
    assert hung(show.show_layout(exhibition)) == [[i.pk for i in items], []]


def test_the_layout_takes_the_same_number_of_queries_for_5_and_40_works():
    counts = []
    for n in (5, 40):
        exhibition, items = exhibition_of(n)
        venue, walls = venue_with_walls(exhibition.owner, *([8000] * 6))
        show.show_plan_set(exhibition=exhibition, venue=venue)
        show.opening_add(wall=walls[0], kind="door", offset_mm=3000, width_mm=900, height_mm=2100)
        for item in items[::2]:
            show.work_form_set(item=item, preset="40x50")
        show.work_place(item=items[1], wall=walls[1], offset_mm=2000)
        with CaptureQueriesContext(connection) as queries:
            layouts = show.show_layout(exhibition)
        counts.append(len(queries))
        assert sum(len(layout.placements) for layout in layouts) + len(layouts[-1].unplaced) == n
    assert counts[0] == counts[1] == 4


def test_a_photo_without_a_printed_form_hangs_at_the_default_size_and_is_listed():
    exhibition, items = exhibition_of(2, landscape=False)
    venue, _walls = venue_with_walls(exhibition.owner, 4000)
    show.show_plan_set(exhibition=exhibition, venue=venue)
    show.work_form_set(item=items[0], preset="a3")
    assert show.show_works_unsized(exhibition) == [items[1].pk]
    placements = {p.work_id: p for p in show.show_layout(exhibition)[0].placements}
    # 40 x 50 cm paper, portrait like the photo; inside its 15 mm border 370 x 470, the 2:3 image is 313 x 470; with
    # the 60 mm mat 433 x 590 (at least the paper, 400 x 500); with 20 mm of moulding each side 473 x 630.
    assert (placements[items[1].pk].width_mm, placements[items[1].pk].height_mm) == (473, 630)


def test_a_preset_turns_to_the_photo_and_keeps_its_shape():
    exhibition, items = exhibition_of(1, landscape=True)
    form = show.work_form_set(item=items[0], preset="50x70", edition="1/5", price="250000", currency="KZT")
    assert (form.print_w_mm, form.print_h_mm) == (700, 500)
    # Inside 15 mm of paper border: 670 x 470 at 3:2 -> 670 / 1.5 = 446 high.
    assert (form.image_w_mm, form.image_h_mm) == (670, 446)
    assert (form.frame_w_mm, form.frame_h_mm) == (870, 646)  # image + 2 x 75 mat + 2 x 25 moulding
    assert form.edition == "1/5" and str(form.price) == "250000"
    changed = show.work_form_set(item=items[0], hanger_drop_mm=80)
    assert (changed.pk, changed.frame_w_mm, changed.hanger_drop_mm) == (form.pk, 870, 80)


def test_manual_placement_stays_until_unplaced_and_moving_the_show_drops_it():
    exhibition, items = exhibition_of(3)
    venue, walls = venue_with_walls(exhibition.owner, 5000, 5000)
    show.show_plan_set(exhibition=exhibition, venue=venue)
    show.work_place(item=items[0], wall=walls[1], offset_mm=2500)
    layouts = show.show_layout(exhibition)
    manual = {p.work_id: (layout.wall.id, p) for layout in layouts for p in layout.placements}[items[0].pk]
    assert manual[0] == walls[1].pk and manual[1].centre_x_mm == 2500 and manual[1].manual

    show.work_unplace(item=items[0])
    assert hung(show.show_layout(exhibition))[0][0] == items[0].pk

    show.work_place(item=items[0], wall=walls[1], offset_mm=2500)
    other, _ = venue_with_walls(exhibition.owner, 5000)
    show.show_plan_set(exhibition=exhibition, venue=other)
    assert not any(p.manual for layout in show.show_layout(exhibition) for p in layout.placements)


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_validation_says_what_is_wrong_in_plain_words():
    exhibition, items = exhibition_of(1)
    venue, (wall,) = venue_with_walls(exhibition.owner, 3000, height=2800)
    with pytest.raises(ValidationError) as past_end:
        show.opening_add(wall=wall, kind="door", offset_mm=2500, width_mm=900, height_mm=2100)
    assert "past the wall's end at 3000 mm" in message(past_end.value)
    with pytest.raises(ValidationError) as too_high:
        show.opening_add(wall=wall, kind="window", offset_mm=500, width_mm=900, bottom_mm=1000, height_mm=2000)
    assert "higher than the wall (2800 mm)" in message(too_high.value)

    with pytest.raises(ValidationError) as small_frame:
        show.work_form_set(
            item=items[0],
            print_w_mm=400,
            print_h_mm=500,
            image_w_mm=300,
            image_h_mm=400,
            frame_w_mm=380,
            frame_h_mm=520,
        )
    assert "The frame is smaller than the print" in message(small_frame.value)
    with pytest.raises(ValidationError) as no_currency:
        show.work_form_set(item=items[0], preset="a3", price="100")
    assert "Say the currency of the price." in message(no_currency.value)
    with pytest.raises(ValidationError) as unknown:
        show.work_form_set(item=items[0], preset="a0")
    assert "There is no preset size “a0”." in message(unknown.value)
    assert not ExhibitionItem.objects.filter(pk=items[0].pk, work_form__isnull=False).exists()

    panel = sequencing.exhibition_text_panel_add(exhibition=exhibition, text="Welcome")
    with pytest.raises(ValidationError) as not_a_photo:
        show.work_form_set(item=panel, preset="a3")
    assert "Only photos hang on the walls" in message(not_a_photo.value)

    with pytest.raises(ValidationError) as no_plan:
        show.work_place(item=items[0], wall=wall, offset_mm=1000)
    assert "Choose where the exhibition hangs" in message(no_plan.value)
    show.show_plan_set(exhibition=exhibition, venue=venue)
    _elsewhere, (foreign_wall,) = venue_with_walls(exhibition.owner, 3000)
    with pytest.raises(ValidationError) as foreign:
        show.work_place(item=items[0], wall=foreign_wall, offset_mm=1000)
    assert "not in the venue where the exhibition hangs" in message(foreign.value)
    with pytest.raises(ValidationError) as past_wall:
        show.work_place(item=items[0], wall=wall, offset_mm=3200)
    assert "The wall is 3000 mm long" in message(past_wall.value)


def test_walls_are_walked_room_by_room_in_order():
    venue = show.venue_create(owner=factories.curator(), name="Two rooms")
    first = show.wall_add(venue=venue, name="A", length_mm=3000, height_mm=3000)
    hall = show.room_add(venue=venue, name="Hall")
    second = show.wall_add(venue=venue, name="B", length_mm=3000, height_mm=3000, room=hall)
    third = show.wall_add(venue=venue, name="C", length_mm=3000, height_mm=3000)  # the last room: the hall
    assert [w.id for w in show.show_walls(venue)] == [first.pk, second.pk, third.pk]
    assert (second.room_id, third.room_id, third.position) == (hall.pk, hall.pk, 1)


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_makes_a_valid_form_for_either_shape(key):
    for aspect in (None, 1.5, 2 / 3, 1.0, 3.0):
        sizes = preset_form(PRESETS[key], aspect=aspect)
        WorkForm(**sizes).validate_constraints()
        assert sizes["image_w_mm"] <= sizes["print_w_mm"] <= sizes["frame_w_mm"]
        assert (sizes["print_w_mm"] > sizes["print_h_mm"]) == (aspect is not None and aspect > 1)
