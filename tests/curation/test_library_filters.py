"""The library's colour-label and "needs alt text" filters, the label on each cell, and one upload opening in
capture order."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from curation.models import Photo, UploadBatch
from tests import factories

pytestmark = pytest.mark.django_db

LIBRARY = reverse("curation:library")
T0 = datetime(2026, 5, 14, 7, 0, tzinfo=UTC)


def rows(owner, n: int, **fields) -> list[Photo]:
    start = Photo.objects.count()
    return Photo.objects.bulk_create(
        Photo(owner=owner, original=f"originals/x/{start + i}.jpg", content_hash=f"{owner.pk}-{start + i}", **fields)
        for i in range(n)
    )


def shown(response) -> set[int]:
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(rb'<li class="cell" id="photo-(\d+)"', response.content)}


@pytest.fixture
def labelled(client):
    owner = factories.photographer()
    client.force_login(owner)
    made = {label: rows(owner, 2, label=label) for label in ("", "red", "green", "purple")}
    rows(factories.photographer(), 3, label="red")  # another photographer's red photos never show
    return owner, made


def test_one_colour_label_filters_the_library(client, labelled):
    _owner, made = labelled
    assert shown(client.get(LIBRARY, {"label": "red"})) == {p.pk for p in made["red"]}


def test_several_colours_and_no_label_combine_as_any_of_them(client, labelled):
    _owner, made = labelled
    response = client.get(LIBRARY, {"label": ["green", "none"]})
    assert shown(response) == {p.pk for p in made["green"] + made[""]}
    page = response.content.decode()
    assert '<input type="checkbox" name="label" value="green" checked>' in page
    assert '<input type="checkbox" name="label" value="none" checked>' in page
    assert '<input type="checkbox" name="label" value="red">' in page
    assert "filtered" in page


def test_an_unknown_colour_is_dropped_and_the_whole_library_shows(client, labelled):
    _owner, made = labelled
    assert shown(client.get(LIBRARY, {"label": "magenta"})) == {p.pk for group in made.values() for p in group}


def test_each_cell_carries_its_label_for_the_chip_and_says_it_in_words(client, labelled):
    _owner, made = labelled
    page = client.get(LIBRARY).content.decode()
    red, plain = made["red"][0], made[""][0]
    assert re.search(rf'<li class="cell" id="photo-{red.pk}"[^>]* data-label="red"', page)
    assert re.search(rf'<li class="cell" id="photo-{plain.pk}"[^>]* data-label=""', page)
    red_cell = page[page.index(f'id="photo-{red.pk}"') :].split("</li>")[0]
    assert "Colour label: Red" in red_cell
    # The page gives its script the words for every colour, for a label set from the keyboard.
    assert 'data-label-words-purple="Colour label: Purple"' in page


def test_needs_alt_text_lists_ready_photos_nobody_has_described(client):
    owner = factories.photographer()
    client.force_login(owner)
    missing = rows(owner, 2, status=Photo.Status.READY, alt_text="")
    rows(owner, 1, status=Photo.Status.READY, alt_text="A woman mends a net on the shore")
    rows(owner, 1, status=Photo.Status.PENDING, alt_text="")  # not ready: nothing to describe yet
    rows(owner, 1, status=Photo.Status.FAILED, alt_text="")
    response = client.get(LIBRARY, {"needs_alt_text": "on"})
    assert shown(response) == {p.pk for p in missing}
    assert '<input type="checkbox" name="needs_alt_text" checked>' in response.content.decode()


def test_needs_alt_text_and_a_colour_together(client):
    owner = factories.photographer()
    client.force_login(owner)
    wanted = rows(owner, 1, status=Photo.Status.READY, label="blue")
    rows(owner, 1, status=Photo.Status.READY, label="red")
    rows(owner, 1, status=Photo.Status.READY, label="blue", alt_text="Described")
    assert shown(client.get(LIBRARY, {"needs_alt_text": "on", "label": "blue"})) == {wanted[0].pk}


def test_one_upload_still_opens_in_capture_order_oldest_first(client):
    owner = factories.photographer()
    client.force_login(owner)
    batch = UploadBatch.objects.create(owner=owner)
    # Uploaded in another order than taken; frames a minute apart, so none stack.
    made = rows(owner, 4, batch=batch)
    for photo, minutes in zip(made, [3, 1, 0, 2], strict=True):
        photo.taken_at = T0 + timedelta(minutes=minutes)
    Photo.objects.bulk_update(made, ["taken_at"])
    response = client.get(LIBRARY, {"batch": batch.pk})
    order = [int(pk) for pk in re.findall(rb'<li class="cell" id="photo-(\d+)"', response.content)]
    assert order == [made[2].pk, made[1].pk, made[3].pk, made[0].pk]
    assert '<option value="taken-asc" selected>' in response.content.decode()


def test_in_upload_order_the_page_says_bursts_stack_in_capture_order(client):
    owner = factories.photographer()
    client.force_login(owner)
    rows(owner, 2, taken_at=T0)
    whole_library = client.get(LIBRARY).content.decode()
    assert "Bursts are stacked when the photos are sorted by capture time." in whole_library
    assert ' data-stack="' not in whole_library
    stacking_off = client.get(LIBRARY, {"burst": "0"}).content.decode()
    assert "Bursts are stacked" not in stacking_off
