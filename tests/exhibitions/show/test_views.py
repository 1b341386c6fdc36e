"""The studio's physical-show pages: who may open them, the forms' messages, manual placement through the endpoint,
and a tab whose number of queries does not grow with the show."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exhibitions import collaboration, sequencing
from exhibitions.models import ExhibitionItem
from exhibitions.show import services as show
from exhibitions.show.models import Opening, Wall, WorkForm, WorkPlacement
from exhibitions.show.presets import PRESETS, preset_form
from tests import factories
from tests.support.studio import order_ids, sequence

pytestmark = pytest.mark.django_db


def hung_show(n: int = 5):
    """An exhibition of n photos hanging at its curator's venue: one 8 m wall with a door."""
    exhibition = sequence(n)
    venue = show.venue_create(owner=exhibition.owner, name="Old Mill")
    wall = show.wall_add(venue=venue, name="North wall", length_mm=8000, height_mm=3000)
    show.opening_add(wall=wall, kind="door", offset_mm=6000, width_mm=900, height_mm=2100)
    show.show_plan_set(exhibition=exhibition, venue=venue)
    return exhibition, venue, wall


def logged_in(client, user):
    client.force_login(user)
    return client


def photo_items(exhibition) -> list[ExhibitionItem]:
    return list(exhibition.items.filter(kind=ExhibitionItem.Kind.PHOTO).order_by("position"))


def centre_of(exhibition, item_id: int) -> tuple[int, int]:
    """(wall id, centre offset) of a work, read back from the live layout."""
    for layout in show.show_layout(exhibition):
        for placement in layout.placements:
            if placement.work_id == item_id:
                return layout.wall.id, placement.centre_x_mm
    raise AssertionError(f"work {item_id} is on no wall")


# --- Access ------------------------------------------------------------------------------------------------------


def test_the_tab_opens_to_its_curator_a_collaborator_and_staff_and_is_a_404_to_anyone_else(client):
    exhibition, venue, _wall = hung_show(2)
    collaborator = factories.curator()
    collaboration.exhibition_collaborator_add(exhibition=exhibition, user=collaborator)
    staff = factories.curator()
    staff.is_staff = True
    staff.save()
    photographer = exhibition.items.first().photo.owner  # may read the sequence, not the hanging plan
    url = reverse("studio:show", args=[exhibition.pk])
    for user, status in ((exhibition.owner, 200), (collaborator, 200), (staff, 200)):
        assert logged_in(client, user).get(url).status_code == status
    for user in (photographer, factories.curator()):
        assert logged_in(client, user).get(url).status_code == 404
        assert client.get(reverse("studio:show-elevation", args=[exhibition.pk])).status_code == 404
    # A venue is its owner's: another curator gets the same 404 as for one that does not exist.
    assert logged_in(client, factories.curator()).get(reverse("studio:venue", args=[venue.pk])).status_code == 404
    assert logged_in(client, exhibition.owner).get(reverse("studio:venue", args=[venue.pk])).status_code == 200


def test_the_tab_links_the_physical_show_from_the_exhibitions_header(client):
    exhibition, _venue, _wall = hung_show(1)
    page = logged_in(client, exhibition.owner).get(reverse("studio:sequencer", args=[exhibition.pk])).content.decode()
    assert f'href="{reverse("studio:show", args=[exhibition.pk])}"' in page
    assert "Physical show" in page


# --- Venues and their forms ------------------------------------------------------------------------------------


def test_a_curator_makes_a_venue_then_a_wall_and_a_door_through_the_pages(client):
    curator = factories.curator()
    logged_in(client, curator)
    answer = client.post(
        reverse("studio:venue-new"), {"name": "Old Mill", "centre_line_mm": 1500, "min_gap_mm": 120, "margin_mm": 250}
    )
    venue = curator.venues.get()
    assert answer["Location"] == reverse("studio:venue", args=[venue.pk])
    assert (venue.centre_line_mm, venue.min_gap_mm, venue.margin_mm) == (1500, 120, 250)
    client.post(
        reverse("studio:venue-wall", args=[venue.pk]),
        {"wall-name": "North", "wall-length_mm": 6000, "wall-height_mm": 3000},
    )
    wall = Wall.objects.get(room__venue=venue)
    client.post(
        reverse("studio:venue-opening", args=[venue.pk]),
        {
            "opening-wall": wall.pk,
            "opening-kind": "door",
            "opening-offset_mm": 4000,
            "opening-width_mm": 900,
            "opening-bottom_mm": 0,
            "opening-height_mm": 2100,
        },
    )
    page = client.get(reverse("studio:venue", args=[venue.pk])).content.decode()
    assert "6000 mm long, 3000 mm high" in page
    assert "Door: from 4000 mm, 900 mm wide, 2100 mm high, 0 mm above the floor" in page


def test_an_opening_past_the_walls_end_is_refused_under_its_width_and_what_was_typed_stays(client):
    exhibition, venue, wall = hung_show(1)
    answer = logged_in(client, exhibition.owner).post(
        reverse("studio:venue-opening", args=[venue.pk]),
        {
            "opening-wall": wall.pk,
            "opening-kind": "window",
            "opening-offset_mm": 7500,
            "opening-width_mm": 1200,
            "opening-bottom_mm": 900,
            "opening-height_mm": 1200,
        },
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "The opening ends 8700 mm from the wall&#x27;s left end, past the wall&#x27;s end at 8000 mm." in page
    assert re.search(r'<div class="field field-invalid">\s*<label for="id_opening-width_mm"', page)
    assert 'value="7500"' in page and 'value="1200"' in page and 'value="900"' in page
    assert Opening.objects.filter(wall=wall).count() == 1  # only the door


def test_a_wall_without_a_length_is_refused_and_its_name_is_kept(client):
    exhibition, venue, _wall = hung_show(1)
    answer = logged_in(client, exhibition.owner).post(
        reverse("studio:venue-wall", args=[venue.pk]),
        {"wall-name": "East", "wall-length_mm": "", "wall-height_mm": 3000},
    )
    page = answer.content.decode()
    assert "This field is required." in page
    assert 'value="East"' in page
    assert not Wall.objects.filter(name="East").exists()


def test_removing_a_wall_lets_its_hand_placed_works_flow_again(client):
    exhibition, venue, wall = hung_show(3)
    second = show.wall_add(venue=venue, name="South wall", length_mm=5000, height_mm=3000)
    item = photo_items(exhibition)[0]
    show.work_place(item=item, wall=second, offset_mm=2500)
    logged_in(client, exhibition.owner).post(reverse("studio:venue-remove", args=[venue.pk]), {"wall": second.pk})
    assert not Wall.objects.filter(pk=second.pk).exists()
    assert not WorkPlacement.objects.filter(item=item).exists()
    assert centre_of(exhibition, item.pk)[0] == wall.pk
    door = wall.openings.get()
    client.post(reverse("studio:venue-remove", args=[venue.pk]), {"opening": door.pk})
    assert not wall.openings.exists()


def test_another_curators_wall_cannot_be_removed_through_ones_own_venue(client):
    exhibition, _venue, wall = hung_show(1)
    other = factories.curator()
    own = show.venue_create(owner=other, name="Mine")
    logged_in(client, other).post(reverse("studio:venue-remove", args=[own.pk]), {"wall": wall.pk})
    assert Wall.objects.filter(pk=wall.pk).exists()


# --- The tab ---------------------------------------------------------------------------------------------------


def test_choosing_the_venue_hangs_the_show_and_the_elevation_draws_every_work(client):
    exhibition = sequence(3)
    venue = show.venue_create(owner=exhibition.owner, name="Old Mill")
    show.wall_add(venue=venue, name="North wall", length_mm=8000, height_mm=3000)
    logged_in(client, exhibition.owner)
    answer = client.post(reverse("studio:show", args=[exhibition.pk]), {"plan-venue": venue.pk})
    assert answer.status_code == 302
    assert exhibition.show_plan.venue == venue
    assert exhibition.show_plan.chapter_starts_wall is False  # the box was left unticked
    page = client.get(reverse("studio:show", args=[exhibition.pk])).content.decode()
    assert page.count('role="slider"') == 3
    assert 'aria-label="1. “P0”"' in page
    assert "Centre line 1450 mm" in page
    # The thumbnails are the sequencer's: the studio shows its editors their renditions.
    assert page.count('<image href="/media/renditions/') == 3


def test_a_venue_of_another_curator_cannot_be_chosen(client):
    exhibition = sequence(1)
    theirs = show.venue_create(owner=factories.curator(), name="Theirs")
    answer = logged_in(client, exhibition.owner).post(
        reverse("studio:show", args=[exhibition.pk]), {"plan-venue": theirs.pk}
    )
    assert answer.status_code == 200
    assert "Select a valid choice." in answer.content.decode()
    assert not hasattr(exhibition, "show_plan") or exhibition.show_plan is None


def test_a_wall_too_short_says_by_how_much_and_lists_the_works_left_over(client):
    exhibition = sequence(6)
    venue = show.venue_create(owner=exhibition.owner, name="Small room")
    show.wall_add(venue=venue, name="Only wall", length_mm=2000, height_mm=3000)
    show.show_plan_set(exhibition=exhibition, venue=venue)
    layout = show.show_layout(exhibition)[-1]
    assert layout.missing_mm > 0
    page = logged_in(client, exhibition.owner).get(reverse("studio:show", args=[exhibition.pk])).content.decode()
    assert f"Short by {layout.missing_mm} mm" in page
    assert f"{len(layout.unplaced)} works fit on no wall" in page


def test_works_without_a_printed_form_are_listed_until_they_get_a_size(client):
    exhibition, _venue, _wall = hung_show(3)
    first, *_ = photo_items(exhibition)
    logged_in(client, exhibition.owner)
    page = client.get(reverse("studio:show", args=[exhibition.pk])).content.decode()
    assert "3 works have no printed form yet: they are laid out at 40×50 until you give a size." in page
    answer = client.post(
        reverse("studio:show-work-form", args=[exhibition.pk, first.pk]), {f"work-{first.pk}-preset": "a3"}
    )
    assert answer.status_code == 302
    form = WorkForm.objects.get(item=first)
    expected = preset_form(PRESETS["a3"], aspect=120 / 80)
    assert (form.frame_w_mm, form.frame_h_mm) == (expected["frame_w_mm"], expected["frame_h_mm"])
    page = client.get(reverse("studio:show", args=[exhibition.pk])).content.decode()
    assert "2 works have no printed form yet" in page


def test_a_frame_smaller_than_its_print_is_refused_with_the_models_words_and_the_sizes_stay(client):
    exhibition, _venue, _wall = hung_show(1)
    (item,) = photo_items(exhibition)
    sizes = {
        "print_w_mm": 500,
        "print_h_mm": 400,
        "image_w_mm": 450,
        "image_h_mm": 300,
        "mat_mm": 0,
        "frame_w_mm": 480,
        "frame_h_mm": 420,
        "frame_depth_mm": 30,
        "hanger_drop_mm": 60,
        "edition": "2/5",
        "price": "250000",
        "currency": "KZT",
        "framing_notes": "Oak, museum glass",
    }
    answer = logged_in(client, exhibition.owner).post(
        reverse("studio:show-work-form", args=[exhibition.pk, item.pk]),
        {f"work-{item.pk}-{name}": value for name, value in sizes.items()},
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "The frame is smaller than the print: it must be at least the print&#x27;s size." in page
    assert 'value="480"' in page and "Oak, museum glass" in page and 'value="2/5"' in page
    assert not WorkForm.objects.filter(item=item).exists()


def test_a_price_without_a_currency_is_refused(client):
    exhibition, _venue, _wall = hung_show(1)
    (item,) = photo_items(exhibition)
    show.work_form_set(item=item, preset="30x40")
    form = WorkForm.objects.get(item=item)
    data = {f"work-{item.pk}-{name}": getattr(form, name) for name in ("print_w_mm", "print_h_mm", "image_w_mm")}
    data |= {f"work-{item.pk}-{name}": getattr(form, name) for name in ("image_h_mm", "mat_mm", "frame_w_mm")}
    data |= {f"work-{item.pk}-{name}": getattr(form, name) for name in ("frame_h_mm", "frame_depth_mm")}
    data |= {f"work-{item.pk}-hanger_drop_mm": form.hanger_drop_mm, f"work-{item.pk}-price": "90000"}
    page = (
        logged_in(client, exhibition.owner)
        .post(reverse("studio:show-work-form", args=[exhibition.pk, item.pk]), data)
        .content.decode()
    )
    assert "Say the currency of the price." in page
    assert WorkForm.objects.get(item=item).price is None


# --- Manual placement ------------------------------------------------------------------------------------------


def test_a_work_placed_through_the_endpoint_moves_and_the_answer_is_the_new_elevation(client):
    exhibition, _venue, wall = hung_show(4)
    item = photo_items(exhibition)[1]
    _wall_id, before = centre_of(exhibition, item.pk)
    answer = logged_in(client, exhibition.owner).post(
        reverse("studio:show-place", args=[exhibition.pk, item.pk]),
        {f"place-{item.pk}-wall": wall.pk, f"place-{item.pk}-offset_mm": before + 100},
        HTTP_ACCEPT="application/json",
    )
    data = answer.json()
    assert data["ok"] is True
    assert centre_of(exhibition, item.pk) == (wall.pk, before + 100)
    assert f'data-item="{item.pk}" data-offset="{before + 100}"' in data["html"]
    assert "el-manual" in data["html"]
    # Back to automatic: it flows where it was.
    client.post(reverse("studio:show-unplace", args=[exhibition.pk, item.pk]))
    assert centre_of(exhibition, item.pk) == (wall.pk, before)


def test_without_javascript_a_form_places_a_work_and_an_offset_past_the_wall_is_refused(client):
    exhibition, _venue, wall = hung_show(2)
    item = photo_items(exhibition)[0]
    url = reverse("studio:show-place", args=[exhibition.pk, item.pk])
    logged_in(client, exhibition.owner)
    answer = client.post(url, {f"place-{item.pk}-wall": wall.pk, f"place-{item.pk}-offset_mm": 9000})
    assert answer.status_code == 200
    assert "The wall is 8000 mm long: the work&#x27;s centre cannot be past its end." in answer.content.decode()
    answer = client.post(url, {f"place-{item.pk}-wall": wall.pk, f"place-{item.pk}-offset_mm": 1200})
    assert answer.status_code == 302
    assert centre_of(exhibition, item.pk) == (wall.pk, 1200)
    refused = client.post(
        url, {f"place-{item.pk}-wall": wall.pk, f"place-{item.pk}-offset_mm": -5}, HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["ok"] is False


def test_a_reorder_in_the_sequencer_shows_in_the_elevation_on_the_next_load(client):
    exhibition, _venue, _wall = hung_show(3)
    logged_in(client, exhibition.owner)
    elevation = reverse("studio:show-elevation", args=[exhibition.pk])

    def drawn_order() -> list[str]:
        return re.findall(r'aria-label="\d+\. “(P\d)”"', client.get(elevation).content.decode())

    assert drawn_order() == ["P0", "P1", "P2"]
    ids = order_ids(exhibition)
    exhibition.refresh_from_db()
    sequencing.exhibition_reorder(exhibition=exhibition, item_ids=[ids[2], ids[0], ids[1]], version=exhibition.version)
    assert drawn_order() == ["P2", "P0", "P1"]


def test_the_tab_links_every_document_in_both_paper_sizes(client):
    exhibition, _venue, _wall = hung_show(1)
    page = logged_in(client, exhibition.owner).get(reverse("studio:show", args=[exhibition.pk])).content.decode()
    for kind in ("elevation", "hanging-sheet", "checklist", "labels", "price-list", "print-order"):
        for paper in ("A4", "Letter"):
            assert f'href="{reverse("studio:show-document", args=[exhibition.pk, kind])}?paper={paper}"' in page


# --- Queries ---------------------------------------------------------------------------------------------------


def test_the_tab_reads_the_same_number_of_queries_for_5_works_as_for_40(client):
    counts = []
    for n in (5, 40):
        exhibition, _venue, wall = hung_show(n)
        items = photo_items(exhibition)
        show.work_form_set(item=items[0], preset="a3")
        show.work_place(item=items[1], wall=wall, offset_mm=700)
        logged_in(client, exhibition.owner)
        url = reverse("studio:show", args=[exhibition.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
