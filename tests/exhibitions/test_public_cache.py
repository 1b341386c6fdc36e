"""Speed without staleness: cached public pages, conditional GET, headers, and a constant number of queries."""

from __future__ import annotations

import gzip
import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from exhibitions import sequencing
from exhibitions.cache import page_get, page_key, public_pages_changed, public_version
from exhibitions.models import Exhibition
from tests import factories
from tests.support.gallery import build_exhibition, detail_url, photo_url, publish_now, subject
from tests.support.markup import inline_code_problems

pytestmark = pytest.mark.django_db


def policy_of(response) -> str:
    return response["Content-Security-Policy"]


def test_the_uncached_exhibition_page_needs_the_same_few_queries_for_3_or_12_photos(
    client, django_assert_max_num_queries
):
    small, large = build_exhibition(3, title="Small"), build_exhibition(12, title="Large")
    with django_assert_max_num_queries(5) as few:
        assert client.get(detail_url(small)).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        assert client.get(detail_url(large)).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


@pytest.mark.parametrize("page", ["viewer", "story", "home"])
def test_the_other_uncached_pages_need_at_most_five_queries(client, django_assert_max_num_queries, page):
    owner = factories.photographer()
    person = subject(owner)
    exhibition = build_exhibition(6, owner=owner, subjects=[person])
    url = {
        "viewer": photo_url(exhibition, 3),
        "story": reverse("exhibitions:story", args=[person.pk]),
        "home": reverse("exhibitions:home"),
    }[page]
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200


def test_a_cached_page_is_served_without_a_query_and_with_a_policy_that_fits_every_visitor(
    client, django_assert_num_queries
):
    exhibition = build_exhibition(2)
    first = client.get(detail_url(exhibition))
    with django_assert_num_queries(0):
        second = client.get(detail_url(exhibition), headers={"user-agent": "another visitor"})
    assert second.content == first.content
    # No nonce a visitor could share with the next: the page's styles are allowed by their hash, and the page's
    # inline blocks are exactly those the policy names.
    assert "'nonce-" not in policy_of(second) and "nonce=" not in second.content.decode()
    assert policy_of(second) == policy_of(first) and "'sha256-" in policy_of(second)
    assert inline_code_problems(second.content.decode(), policy_of(second)) == []


def test_pages_carry_etag_last_modified_and_a_short_public_cache_lifetime(client):
    exhibition = build_exhibition(1)
    response = client.get(detail_url(exhibition))
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    # Its address names its language; the one without a language varies with the visitor's.
    assert "Accept-Language" not in response["Vary"] and "Cookie" not in response["Vary"]
    negotiated = client.get(reverse("unprefixed:detail", args=[exhibition.slug]))
    assert "Accept-Language" in negotiated["Vary"] and "Cookie" in negotiated["Vary"]


def test_a_conditional_get_answers_304_until_the_page_changes(client):
    exhibition = build_exhibition(1)
    url = detail_url(exhibition)
    etag = client.get(url)["ETag"]
    not_modified = client.get(url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert policy_of(not_modified) == policy_of(client.get(url))  # a reused body keeps a policy that fits it
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304

    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[factories.processed_photo(title="Latecomer")])
    publish_now(exhibition)
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and b"Latecomer" in changed.content and changed["ETag"] != etag


def test_publishing_again_replaces_the_cached_page_at_once(client):
    exhibition = build_exhibition(1, title="First title")
    assert b"First title" in client.get(detail_url(exhibition)).content
    assert b"First title" in client.get(reverse("exhibitions:home")).content
    Exhibition.objects.filter(pk=exhibition.pk).update(title="Second title")
    assert b"First title" in client.get(detail_url(exhibition)).content  # visitors see what was published
    publish_now(exhibition)
    assert b"Second title" in client.get(detail_url(exhibition)).content
    assert b"Second title" in client.get(reverse("exhibitions:home")).content


def test_each_language_has_its_own_cached_page(client):
    exhibition = build_exhibition(1)
    # At the address without a language, which the browser's language decides.
    url = reverse("unprefixed:detail", args=[exhibition.slug])
    english = client.get(url, headers={"accept-language": "en"})
    russian = client.get(url, headers={"accept-language": "ru"})
    assert english["Content-Language"] == "en" and russian["Content-Language"] == "ru"
    assert b'lang="ru"' in russian.content and b'lang="ru"' not in english.content.split(b"<head>")[0]


def test_a_page_with_photos_still_processing_is_kept_only_briefly(client):
    exhibition = build_exhibition(1)
    exhibition.items.get().photo.renditions.all().delete()
    client.get(detail_url(exhibition))
    page = page_get(RequestFactory().get(detail_url(exhibition)))
    assert page is not None and page.expires_at - time.time() <= 20


def test_versions_never_repeat_after_the_cache_is_emptied():
    before = public_version(1)
    public_pages_changed(exhibition_id=1)
    assert public_version(1) != before
    cache.clear()
    assert public_version(1) not in (before, before + 1)


def test_a_404_is_not_cached(client):
    exhibition = build_exhibition(1, publish=False)
    assert client.get(detail_url(exhibition)).status_code == 404
    publish_now(exhibition)
    assert client.get(detail_url(exhibition)).status_code == 200


def test_a_hit_is_answered_before_sessions_and_authentication_with_the_same_headers(client):
    exhibition = build_exhibition(1)
    client.force_login(factories.curator())
    miss = client.get(detail_url(exhibition), headers={"accept-language": "ru"})
    hit = client.get(detail_url(exhibition), headers={"accept-language": "ru"})
    assert hasattr(miss.wsgi_request, "session") and not hasattr(hit.wsgi_request, "session")
    assert hit.content == miss.content
    for header in ("Content-Type", "Content-Language", "Content-Length", "Vary", "X-Frame-Options", "Cache-Control"):
        assert hit[header] == miss[header], header
    assert (hit["ETag"], hit["Last-Modified"]) == (miss["ETag"], miss["Last-Modified"])


def test_a_client_that_takes_gzip_gets_the_page_compressed_once_with_its_own_etag(client):
    exhibition = build_exhibition(3)
    plain = client.get(detail_url(exhibition))
    packed = client.get(detail_url(exhibition), headers={"accept-encoding": "gzip, br"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content and len(packed.content) < len(plain.content) / 3
    assert packed["ETag"] != plain["ETag"]
    again = client.get(detail_url(exhibition), headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]})
    assert again.status_code == 304


def test_a_page_stored_by_an_earlier_release_is_rebuilt_not_an_error(client):
    exhibition = build_exhibition(1)
    key = page_key(RequestFactory().get(detail_url(exhibition)), "en")
    cache.set(key, {"body": b"old", "version": 1}, timeout=60)
    response = client.get(detail_url(exhibition))
    assert response.status_code == 200 and b"Plate 0" in response.content
