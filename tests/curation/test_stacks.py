"""Bursts stacked on the contact sheet: what stacks, how pages cut around stacks, and keeping one frame of a burst."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from curation import bursts, library
from curation.models import Photo, UploadBatch
from tests import factories

pytestmark = pytest.mark.django_db

LIBRARY = reverse("curation:library")
T0 = datetime(2026, 5, 14, 7, 0, tzinfo=UTC)
GAP = timedelta(seconds=2)


def frames(owner, offsets: list[float | None], **fields) -> list[Photo]:
    """Photos taken `offsets` seconds after T0 (None: no capture time), in that order of ids."""
    start = Photo.objects.count()
    made = [
        Photo(
            owner=owner,
            original=f"originals/x/{start + i}.jpg",
            content_hash=f"{owner.pk}-{start + i}",
            original_filename=f"DSCF{start + i:04d}.JPG",
            taken_at=None if offset is None else T0 + timedelta(seconds=offset),
            **fields,
        )
        for i, offset in enumerate(offsets)
    ]
    return Photo.objects.bulk_create(made)


def cells_shown(response) -> list[int]:
    """The frames a visitor sees (closed stacks show their cover only)."""
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(rb'<li class="cell" id="photo-(\d+)"', response.content)]


def stack_of(response, photo: Photo) -> dict[str, str]:
    match = re.search(rb'<li [^>]*id="photo-%d"[^>]*>' % photo.pk, response.content)
    assert match, f"photo {photo.pk} is not on the page"
    return {k.decode(): v.decode() for k, v in re.findall(rb'(data-stack[\w-]*)(?:="([^"]*)")?', match.group(0))}


def test_frames_seconds_apart_stack_and_the_rest_stand_alone():
    owner = factories.photographer()
    # A burst of four (a chain: 1.5 s steps, 4.5 s end to end), a lone frame, a pair, an undated photo.
    made = frames(owner, [0, 1.5, 3, 4.5, 30, 60, 61, None])
    rows = list(Photo.objects.filter(pk__in=[p.pk for p in made]).order_by("pk"))
    places = bursts.stack_places(rows, gap=GAP)
    assert [(p.position, p.size) if p else None for p in places] == [
        (1, 4), (2, 4), (3, 4), (4, 4), None, (1, 2), (2, 2), None,
    ]  # fmt: skip
    assert {p.stack for p in places[:4]} == {made[0].pk}
    assert [p.cover for p in places[:4]] == [True, False, False, False]  # nothing culled yet: the first frame


def test_a_stack_shows_its_pick_else_its_best_rated_frame_never_a_reject_first():
    owner = factories.photographer()
    plain = frames(owner, [0, 1, 2])
    rated = frames(owner, [100, 101, 102])
    picked = frames(owner, [200, 201, 202])
    rejected_first = frames(owner, [300, 301])
    Photo.objects.filter(pk=rated[2].pk).update(rating=4)
    Photo.objects.filter(pk=rated[1].pk).update(rating=2)
    Photo.objects.filter(pk=picked[1].pk).update(flag=Photo.Flag.PICK)
    Photo.objects.filter(pk=picked[2].pk).update(rating=5)
    Photo.objects.filter(pk=rejected_first[0].pk).update(flag=Photo.Flag.REJECT)
    owner_photos = Photo.objects.filter(owner=owner)
    page = library.library_page(owner_photos, sort=library.SORTS["taken-asc"], stack_gap=GAP)
    covers = {cell.photo.pk for cell in page.cells if cell.stack and cell.stack.cover}
    assert covers == {plain[0].pk, rated[2].pk, picked[1].pk, rejected_first[1].pk}


def test_newest_first_the_same_stacks_count_their_frames_in_capture_order():
    owner = factories.photographer()
    made = frames(owner, [0, 1, 2])
    page = library.library_page(Photo.objects.filter(owner=owner), sort=library.SORTS["taken-desc"], stack_gap=GAP)
    assert [cell.photo.pk for cell in page.cells] == [made[2].pk, made[1].pk, made[0].pk]
    assert [cell.stack.position for cell in page.cells] == [3, 2, 1]
    assert page.cells[-1].stack.cover  # the first frame taken, wherever it sits on the page


def test_a_page_never_ends_inside_a_burst():
    owner = factories.photographer()
    # Pages of 4: the burst of three at 3-5 would straddle the first page's end, so that page ends before it.
    made = frames(owner, [0, 10, 20, 30, 31, 32, 50, 60, 70])
    photos = Photo.objects.filter(owner=owner)
    sort = library.SORTS["taken-asc"]
    seen, after, pages = [], None, []
    while True:
        page = library.library_page(photos, sort=sort, after=after, size=4, stack_gap=GAP)
        pages.append([cell.photo.pk for cell in page.cells])
        seen += pages[-1]
        if page.next_key is None:
            break
        after = library.Key.decode(page.next_cursor)
    assert seen == [p.pk for p in made]
    assert pages[0] == [p.pk for p in made[:3]]
    assert pages[1][:3] == [p.pk for p in made[3:6]]


def test_a_burst_longer_than_a_page_makes_the_page_longer_rather_than_cut_it():
    owner = factories.photographer()
    made = frames(owner, [0, 0.5, 1, 1.5, 2, 2.5, 3, 60, 61])
    page = library.library_page(
        Photo.objects.filter(owner=owner), sort=library.SORTS["taken-asc"], size=4, stack_gap=GAP
    )
    assert [cell.photo.pk for cell in page.cells] == [p.pk for p in made[:7]]
    assert page.cells[0].stack.size == 7
    assert page.next_key is not None


def test_without_stacking_or_in_upload_order_nothing_stacks():
    owner = factories.photographer()
    frames(owner, [0, 1, 2])
    photos = Photo.objects.filter(owner=owner)
    assert not any(c.stack for c in library.library_page(photos, sort=library.SORTS["taken-asc"]).cells)
    upload_order = library.library_page(photos, sort=library.SORTS["uploaded-desc"], stack_gap=GAP)
    assert not any(c.stack for c in upload_order.cells)


def test_the_library_opens_an_upload_with_its_bursts_stacked_and_the_gap_is_the_photographers(client):
    owner = factories.photographer()
    client.force_login(owner)
    batch = UploadBatch.objects.create(owner=owner)
    made = frames(owner, [0, 1, 2, 4.5, 40], batch=batch)

    one_upload = client.get(LIBRARY, {"batch": batch.pk})
    # Capture order, oldest first; the default 2 s gap stacks the first three, not the frame 2.5 s later.
    assert cells_shown(one_upload) == [made[0].pk, made[3].pk, made[4].pk]
    assert stack_of(one_upload, made[0]) == {
        "data-stack": str(made[0].pk),
        "data-stack-position": "1",
        "data-stack-size": "3",
        "data-stack-cover": "",
    }
    assert b'<li class="stack-member" hidden id="photo-%d"' % made[1].pk in one_upload.content
    assert b">1/3<" in one_upload.content

    wider = client.get(LIBRARY, {"batch": batch.pk, "burst": "5"})
    assert cells_shown(wider) == [made[0].pk, made[4].pk]
    assert stack_of(wider, made[0])["data-stack-size"] == "4"
    assert '<option value="5" selected>' in wider.content.decode()

    off = client.get(LIBRARY, {"batch": batch.pk, "burst": "0"})
    assert cells_shown(off) == [p.pk for p in made]
    assert b' data-stack="' not in off.content


def test_a_stack_opens_without_javascript_and_its_button_keeps_one_frame(client):
    owner = factories.photographer()
    client.force_login(owner)
    made = frames(owner, [0, 1, 2, 30])
    query = {"sort": "taken-asc"}
    closed = client.get(LIBRARY, query)
    toggle = re.search(rb'<a class="stack-toggle" href="([^"]+)"', closed.content).group(1).decode()
    assert f"open={made[0].pk}" in toggle

    opened = client.get(toggle.replace("&amp;", "&"))
    assert cells_shown(opened) == [p.pk for p in made]
    assert b'aria-expanded="true"' in opened.content
    pick_url = reverse("curation:burst-pick", args=[made[1].pk])
    assert f'formaction="{pick_url}"'.encode() in opened.content

    response = client.post(pick_url, {"query": "sort=taken-asc", "next": f"{LIBRARY}?sort=taken-asc"})
    assert response.status_code == 302
    flags = dict(Photo.objects.filter(owner=owner).values_list("pk", "flag"))
    assert flags == {made[0].pk: "reject", made[1].pk: "pick", made[2].pk: "reject", made[3].pk: ""}
    after = client.get(response.url)
    assert "The other 2 frames of the burst are rejected." in after.content.decode()
    # Closed again, the stack shows the frame kept.
    assert stack_of(after, made[1]).get("data-stack-cover") == ""


def test_shift_p_keeps_the_frame_and_rejects_the_burst_as_the_filter_shows_it(client):
    owner = factories.photographer()
    client.force_login(owner)
    made = frames(owner, [0, 1, 2, 3, 30], rating=3)
    # Two stars: outside a "three stars and up" filter, so the key leaves it alone.
    Photo.objects.filter(pk=made[3].pk).update(rating=2)
    Photo.objects.filter(pk=made[0].pk).update(flag=Photo.Flag.PICK, label=Photo.Label.RED)
    response = client.post(
        reverse("curation:burst-pick", args=[made[2].pk]),
        {"query": "sort=taken-asc&rating=3"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"pick": made[2].pk, "rejected": [made[0].pk, made[1].pk]}
    photos = {p.pk: p for p in Photo.objects.filter(owner=owner)}
    assert [photos[p.pk].flag for p in made] == ["reject", "reject", "pick", "", ""]
    assert photos[made[0].pk].label == "red" and photos[made[0].pk].rating == 3  # only flags change


def test_in_upload_order_shift_p_picks_the_one_frame():
    owner = factories.photographer()
    made = frames(owner, [0, 1])
    picked = bursts.burst_pick(owner=owner, photo=made[0], within=Photo.objects.filter(owner=owner), gap=None)
    assert picked.rejected == []
    assert Photo.objects.get(pk=made[1].pk).flag == ""


def test_a_long_burst_is_read_in_a_few_small_queries(django_assert_max_num_queries):
    owner = factories.photographer()
    made = frames(owner, [i * 0.2 for i in range(120)] + [100])
    with django_assert_max_num_queries(8):
        frames_of = bursts.burst_frames(within=Photo.objects.filter(owner=owner), photo=made[60], gap=GAP)
    assert frames_of == [p.pk for p in made[:120]]


def test_nobody_picks_in_another_photographers_burst(client):
    owner, other = factories.photographer(), factories.photographer()
    made = frames(owner, [0, 1])
    client.force_login(other)
    response = client.post(reverse("curation:burst-pick", args=[made[0].pk]), {"query": "sort=taken-asc"})
    assert response.status_code == 404
    assert set(Photo.objects.filter(owner=owner).values_list("flag", flat=True)) == {""}
