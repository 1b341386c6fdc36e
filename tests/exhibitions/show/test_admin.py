"""The admin for the physical show: staff see venues, walls, forms and placements, and get the models' messages."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from exhibitions import sequencing, services
from exhibitions.show import services as show
from exhibitions.show.models import Opening
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pass-word-123"))
    return client


def test_staff_see_every_table_of_the_physical_show(staff):
    curator = factories.curator()
    exhibition = services.exhibition_create(owner=curator, title="Bazaar")
    (item,) = sequencing.exhibition_photos_add(exhibition=exhibition, photos=[factories.photo()])
    venue = show.venue_create(owner=curator, name="Old Mill")
    wall = show.wall_add(venue=venue, name="North wall", length_mm=6000, height_mm=3000)
    opening = show.opening_add(wall=wall, kind="door", offset_mm=2000, width_mm=900, height_mm=2100)
    plan = show.show_plan_set(exhibition=exhibition, venue=venue)
    form = show.work_form_set(item=item, preset="a2", edition="2/5")
    placement = show.work_place(item=item, wall=wall, offset_mm=1000)
    records = {
        "venue": (venue, "Old Mill"),
        "room": (wall.room, "Room 1"),
        "wall": (wall, "North wall"),
        "showplan": (plan, "Old Mill"),
        "workform": (form, "2/5"),
        "workplacement": (placement, "1000"),
    }
    for model, (record, words) in records.items():
        listing = staff.get(reverse(f"admin:exhibitions_{model}_changelist"))
        assert listing.status_code == 200
        page = staff.get(reverse(f"admin:exhibitions_{model}_change", args=[record.pk]))
        assert page.status_code == 200 and words in page.content.decode(), model
    assert Opening.objects.get().pk == opening.pk


def test_an_opening_past_the_wall_is_refused_with_the_reason(staff):
    venue = show.venue_create(owner=factories.curator(), name="Old Mill")
    wall = show.wall_add(venue=venue, name="North wall", length_mm=3000, height_mm=3000)
    data = {
        "room": wall.room_id,
        "name": "North wall",
        "position": 0,
        "length_mm": 3000,
        "height_mm": 3000,
        "openings-TOTAL_FORMS": 1,
        "openings-INITIAL_FORMS": 0,
        "openings-0-kind": "door",
        "openings-0-offset_mm": 2500,
        "openings-0-width_mm": 900,
        "openings-0-bottom_mm": 0,
        "openings-0-height_mm": 2100,
    }
    response = staff.post(reverse("admin:exhibitions_wall_change", args=[wall.pk]), data)
    assert response.status_code == 200
    assert "past the wall&#x27;s end at 3000 mm" in response.content.decode()
    assert not Opening.objects.exists()
