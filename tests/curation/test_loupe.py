"""The loupe, compare and survey as the server answers them: the position counter, the frame data the script moves
with, colour-label buttons without the script, and nobody else's photos."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from curation import library
from curation import loupe as reads
from curation.models import Photo
from tests import factories

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 14, 7, 0, tzinfo=UTC)


def rows(owner, n: int, **fields) -> list[Photo]:
    start = Photo.objects.count()
    photos = [
        Photo(owner=owner, original=f"originals/x/{start + i}.jpg", content_hash=f"{owner.pk}-l{start + i}", **fields)
        for i in range(n)
    ]
    return Photo.objects.bulk_create(photos)


def loupe(pk: int) -> str:
    return reverse("curation:loupe", args=[pk])


def position_of(html: str) -> str:
    return re.search(r"data-loupe-position>([^<]*)<", html).group(1)


@pytest.mark.parametrize("sort_key", list(library.SORTS))
def test_the_position_counter_agrees_with_the_grid_order_ties_and_undated_photos_included(sort_key):
    owner = factories.photographer()
    made = rows(owner, 11)
    for i, photo in enumerate(made):
        photo.uploaded_at = T0 + timedelta(minutes=i // 3)
        photo.taken_at = None if i % 4 == 0 else T0 - timedelta(hours=i // 2)
    Photo.objects.bulk_update(made, ["uploaded_at", "taken_at"])
    sort = library.SORTS[sort_key]
    photos = Photo.objects.filter(owner=owner)
    grid = [cell.photo.pk for cell in library.library_page(photos, sort=sort, size=100).cells]
    for index, pk in enumerate(grid, start=1):
        position = reads.photo_position(photos, sort=sort, photo=Photo.objects.get(pk=pk))
        assert position.words == f"{index} of 11"


def test_the_loupe_says_where_the_photo_stands_in_its_filter(client):
    owner = factories.photographer()
    first, second, third, fourth = rows(owner, 4)
    Photo.objects.filter(pk__in=[first.pk, third.pk, fourth.pk]).update(rating=4)
    client.force_login(owner)
    html = client.get(loupe(third.pk), {"rating": "4", "sort": "uploaded-asc"}).content.decode()
    assert position_of(html) == "2 of 3"
    assert position_of(client.get(loupe(third.pk)).content.decode()) == "2 of 4"  # newest first: 4, 3, 2, 1


def test_a_large_filter_is_counted_only_as_far_as_the_grid_counts(client, monkeypatch):
    monkeypatch.setattr(library, "COUNT_EXACT_UP_TO", 3)
    owner = factories.photographer()
    rows(owner, 6)
    client.force_login(owner)
    order = list(Photo.objects.filter(owner=owner).order_by("-uploaded_at", "-id").values_list("pk", flat=True))
    assert position_of(client.get(loupe(order[1])).content.decode()) == "2 of more than 3"
    assert position_of(client.get(loupe(order[4])).content.decode()) == "Past the first 3"


def test_a_frame_carries_what_the_script_needs_to_move_without_a_page_load(client):
    owner = factories.photographer()
    older = factories.processed_photo(owner, data=factories.jpeg_bytes(seed=1, gps=True))
    photo = factories.processed_photo(owner, data=factories.jpeg_bytes(seed=2, gps=True))
    client.force_login(owner)
    response = client.get(loupe(photo.pk), {"sort": "uploaded-asc", "frame": "1"})
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    frame = response.json()
    assert frame["id"] == photo.pk and frame["position"] == "2 of 2"
    assert frame["url"] == loupe(photo.pk) + "?sort=uploaded-asc"
    assert frame["previous"] == {
        "id": older.pk,
        "url": loupe(older.pk) + "?sort=uploaded-asc",
        "frame_url": loupe(older.pk) + "?sort=uploaded-asc&frame=1",
    }
    assert frame["next"] is None
    assert frame["library_url"] == f"/library/?sort=uploaded-asc#photo-{photo.pk}"
    assert frame["original_url"] == reverse("curation:photo-original", args=[photo.pk])
    widths = [width for _url, width, _height in frame["images"]["webp"]]
    assert widths == sorted(widths) and len(widths) >= 3
    # The controls arrive written by the server: the same buttons the page has, with the form's token.
    assert 'rel="prev"' in frame["controls"] and "csrfmiddlewaretoken" in frame["controls"]
    assert "43." not in response.content.decode()  # the private GPS never rides along


def test_the_colour_label_buttons_work_without_javascript_and_the_pressed_one_clears(client):
    owner = factories.photographer()
    (photo,) = rows(owner, 1, label=Photo.Label.GREEN)
    client.force_login(owner)
    html = client.get(loupe(photo.pk)).content.decode()
    assert 'value="none" data-label-value="green" class="cull-label" aria-pressed="true"' in html
    assert 'value="red" data-label-value="red" class="cull-label" aria-pressed="false"' in html
    client.post(reverse("curation:photo-cull", args=[photo.pk]), {"label": "none", "next": loupe(photo.pk)})
    photo.refresh_from_db()
    assert photo.label == ""


def test_compare_shows_the_photo_beside_the_next_in_the_filter_or_the_one_asked_for(client):
    owner = factories.photographer()
    a, b, c = rows(owner, 3)
    client.force_login(owner)
    url = reverse("curation:compare", args=[a.pk])

    def shown(response):
        return [
            int(pk)
            for pk in re.findall(r'data-frame tabindex="0" aria-labelledby="frame-(\d+)"', response.content.decode())
        ]

    assert shown(client.get(url, {"sort": "uploaded-asc"})) == [a.pk, b.pk]
    assert shown(client.get(reverse("curation:compare", args=[c.pk]), {"sort": "uploaded-asc"})) == [c.pk, b.pk]
    response = client.get(url, {"sort": "uploaded-asc", "with": c.pk})
    assert shown(response) == [a.pk, c.pk]
    assert f"/compare/?sort=uploaded-asc&amp;with={b.pk}" in response.content.decode()  # the previous candidate


def test_survey_shows_the_chosen_photos_each_with_a_link_that_drops_it(client):
    owner = factories.photographer()
    a, b, c = rows(owner, 3)
    client.force_login(owner)
    response = client.get(reverse("curation:survey"), {"photo": [a.pk, b.pk, c.pk], "rating": "0"})
    html = response.content.decode()
    assert "3 photos" in html
    assert f'href="/library/photos/survey/?rating=0&amp;photo={a.pk}&amp;photo={c.pk}" data-frame-drop' in html
    assert f"/library/?rating=0#photo-{a.pk}" in html
    alone = client.get(reverse("curation:survey"), {"photo": a.pk}).content.decode()
    assert "A survey shows 2 to 12 photos together" in alone


def test_survey_takes_at_most_twelve(client):
    owner = factories.photographer()
    made = rows(owner, 14)
    client.force_login(owner)
    html = client.get(reverse("curation:survey"), {"photo": [p.pk for p in made]}).content.decode()
    assert html.count("data-frame-drop") == reads.SURVEY_MAX


def test_nobody_else_sees_my_photos_in_the_loupe_compare_or_survey(client):
    mine = rows(factories.photographer(), 2)
    other = factories.photographer()
    (theirs,) = rows(other, 1)
    client.force_login(other)
    assert client.get(loupe(mine[0].pk), {"frame": "1"}).status_code == 404
    assert client.get(reverse("curation:compare", args=[mine[0].pk])).status_code == 404
    assert client.get(reverse("curation:compare", args=[theirs.pk]), {"with": mine[0].pk}).status_code == 404
    # One photo of someone else's among one's own: the same 404 as an id that does not exist.
    mixed = client.get(reverse("curation:survey"), {"photo": [theirs.pk, mine[1].pk]})
    absent = client.get(reverse("curation:survey"), {"photo": [theirs.pk, 987654321]})
    assert mixed.status_code == absent.status_code == 404
    client.force_login(factories.curator())
    assert client.get(reverse("curation:survey"), {"photo": [p.pk for p in mine]}).status_code == 404
