"""The public pages of the first cut: the home page and an exhibition page built from renditions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from exhibitions import services
from exhibitions.models import Exhibition
from tests import factories

pytestmark = pytest.mark.django_db


def build_exhibition(n_photos: int = 3, *, publish: bool = True, title: str = "Resilience") -> Exhibition:
    owner = factories.photographer()
    photos = [factories.processed_photo(owner, title=f"Plate {i}", alt_text=f"Alt {i}") for i in range(n_photos)]
    exhibition = services.exhibition_create(owner=factories.curator(), title=title, statement="Wall text.")
    services.exhibition_photos_append(exhibition=exhibition, photos=photos)
    if publish:
        services.exhibition_publish(exhibition=exhibition)
    return exhibition


def test_the_home_page_lists_published_exhibitions_only(client):
    build_exhibition(1, title="Open show")
    build_exhibition(1, publish=False, title="Secret draft")
    response = client.get(reverse("exhibitions:home"))
    assert b"Open show" in response.content
    assert b"Secret draft" not in response.content


def test_the_home_page_has_a_friendly_empty_state(client):
    response = client.get(reverse("exhibitions:home"))
    assert b"No exhibitions are open yet" in response.content


def test_an_exhibition_page_shows_its_photos_in_order_from_their_renditions(client):
    exhibition = build_exhibition(3)
    response = client.get(reverse("exhibitions:detail", args=[exhibition.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Plate 0") < html.index("Plate 1") < html.index("Plate 2")
    assert 'alt="Alt 0"' in html
    assert "/media/renditions/" in html and 'type="image/webp"' in html
    assert "/private/" not in html and "originals/" not in html


def test_a_draft_answers_404_like_something_that_never_existed(client):
    draft = build_exhibition(1, publish=False)
    assert client.get(reverse("exhibitions:detail", args=[draft.slug])).status_code == 404
    assert client.get(reverse("exhibitions:detail", args=["never-was"])).status_code == 404


def test_the_exhibition_page_needs_the_same_queries_for_3_or_12_photos(client, django_assert_num_queries):
    small, large = build_exhibition(3, title="Small"), build_exhibition(12, title="Large")
    with django_assert_num_queries(3) as captured:
        client.get(reverse("exhibitions:detail", args=[small.slug]))
    with django_assert_num_queries(len(captured.captured_queries)):
        client.get(reverse("exhibitions:detail", args=[large.slug]))


def test_a_served_rendition_is_an_image(client):
    exhibition = build_exhibition(1)
    rendition = exhibition.items.get().photo.renditions.get(spec="640.webp")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
