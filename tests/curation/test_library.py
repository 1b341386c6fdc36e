"""The library page: filters, sorts, keyset pages, culling from the keyboard's endpoint, bulk actions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from curation import library, services, subjects
from curation.models import Photo, Subject
from exhibitions import sequencing
from exhibitions import services as exhibition_services
from tests import factories

pytestmark = pytest.mark.django_db

LIBRARY = reverse("curation:library")
T0 = datetime(2026, 5, 14, 7, 0, tzinfo=UTC)


def rows(owner, n: int, **fields) -> list[Photo]:
    """Library rows without image files: enough for every read the grid makes."""
    start = Photo.objects.count()
    photos = [
        Photo(owner=owner, original=f"originals/x/{start + i}.jpg", content_hash=f"{owner.pk}-{start + i}", **fields)
        for i in range(n)
    ]
    return Photo.objects.bulk_create(photos)


def shown(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(rb'<li class="cell" id="photo-(\d+)"', response.content)]


def walk_pages(photos, sort: library.Sort, size: int) -> list[int]:
    seen, after = [], None
    for _ in range(100):
        page = library.library_page(photos, sort=sort, after=after, size=size)
        seen += [cell.photo.pk for cell in page.cells]
        if page.next_key is None:
            return seen
        after = library.Key.decode(page.next_key.encode())
    raise AssertionError("pagination never ended")


def expected_order(photos: list[Photo], sort: library.Sort) -> list[int]:
    dated = [p for p in photos if getattr(p, sort.field) is not None]
    undated = [p for p in photos if getattr(p, sort.field) is None]
    dated.sort(key=lambda p: (getattr(p, sort.field), p.pk), reverse=sort.descending)
    undated.sort(key=lambda p: p.pk, reverse=sort.descending)
    return [p.pk for p in dated + undated]


@pytest.mark.parametrize("sort_key", list(library.SORTS))
def test_keyset_pages_show_every_photo_once_in_order_with_ties_and_undated_photos(sort_key):
    owner = factories.photographer()
    made = rows(owner, 23)
    for i, photo in enumerate(made):
        # Ties on both columns, and a third of the photos with no capture time (not processed yet, or no EXIF).
        photo.uploaded_at = T0 + timedelta(minutes=i // 4)
        photo.taken_at = None if i % 3 == 0 else T0 - timedelta(hours=i // 5)
    Photo.objects.bulk_update(made, ["uploaded_at", "taken_at"])
    sort = library.SORTS[sort_key]
    photos = Photo.objects.filter(owner=owner)
    assert walk_pages(photos, sort, size=4) == expected_order(made, sort)


def test_neighbours_in_the_loupe_follow_the_same_order_as_the_grid():
    owner = factories.photographer()
    made = rows(owner, 9)
    for i, photo in enumerate(made):
        photo.taken_at = None if i in (2, 5) else T0 + timedelta(minutes=i % 4)
    Photo.objects.bulk_update(made, ["taken_at"])
    sort = library.SORTS["taken-desc"]
    photos = Photo.objects.filter(owner=owner)
    order = expected_order(made, sort)
    by_pk = {p.pk: p for p in Photo.objects.filter(owner=owner)}
    for i, pk in enumerate(order):
        before, after = library.library_neighbours(photos, sort=sort, photo=by_pk[pk])
        assert before == (order[i - 1] if i else None)
        assert after == (order[i + 1] if i + 1 < len(order) else None)


def test_a_malformed_cursor_starts_at_the_top_instead_of_failing(client):
    owner = factories.photographer()
    rows(owner, 3)
    client.force_login(owner)
    for cursor in ("garbage", "n", "99999999999999999999999_1", "_"):
        assert len(shown(client.get(LIBRARY, {"cursor": cursor}))) == 3


def test_the_view_pages_through_the_library_with_a_more_link(client, monkeypatch):
    monkeypatch.setattr(library, "PAGE_SIZE", 4)
    owner = factories.photographer()
    made = rows(owner, 10)
    client.force_login(owner)
    seen, url = [], LIBRARY + "?sort=uploaded-asc"
    while url:
        response = client.get(url)
        seen += shown(response)
        match = re.search(rb'<a class="button" href="([^"]+)" rel="next">', response.content)
        url = match.group(1).decode().replace("&amp;", "&") if match else ""
    assert seen == [p.pk for p in made]


def test_the_scroll_fragment_is_only_the_next_cells(client, monkeypatch):
    monkeypatch.setattr(library, "PAGE_SIZE", 4)
    owner = factories.photographer()
    rows(owner, 6)
    client.force_login(owner)
    first = client.get(LIBRARY)
    cursor = re.search(rb"cursor=([^\"&]+)", first.content).group(1).decode()
    fragment = client.get(LIBRARY, {"cursor": cursor, "fragment": "1"})
    assert len(shown(fragment)) == 2
    assert b"<html" not in fragment.content and b"Filter and sort" not in fragment.content


def own_queries(captured) -> list[str]:
    """The queries a page makes beyond the layout's (session, user, role and permission checks)."""
    layout = ('"django_session"', '"auth_user"', '"auth_group"', '"auth_permission"')
    return [q["sql"] for q in captured if not any(table in q["sql"].split(" WHERE ")[0] for table in layout)]


def test_the_library_page_costs_two_queries_of_its_own_whatever_its_size(client, django_assert_max_num_queries):
    owner = factories.photographer()
    factories.processed_photo(owner)
    rows(owner, 5, taken_at=T0)
    Subject.objects.create(owner=owner, name="Aigul")
    services.photos_tag(photos=Photo.objects.filter(owner=owner), owner=owner, names=["market"])
    client.force_login(owner)
    # The page of photos with its thumbnails and count in one statement; the filter and bulk menus in another.
    with django_assert_max_num_queries(10) as small:
        response = client.get(LIBRARY, {"sort": "taken-asc", "subject": "", "rating": ""})
    assert b"Aigul" in response.content and b"market" in response.content
    assert len(own_queries(small.captured_queries)) == 2
    rows(owner, 150)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(LIBRARY)
    assert len(shown(response)) == library.PAGE_SIZE
    assert len(own_queries(large.captured_queries)) == 2
    cursor = re.search(rb"cursor=([^\"&]+)", response.content).group(1).decode()
    with django_assert_max_num_queries(len(small.captured_queries)) as scrolled:
        assert len(shown(client.get(LIBRARY, {"fragment": "1", "cursor": cursor}))) == 56
    assert len(own_queries(scrolled.captured_queries)) == 1


def test_the_count_and_the_thumbnails_come_from_the_same_statement(client):
    owner = factories.photographer()
    photo = factories.processed_photo(owner, title="Fruit seller")
    rows(owner, 2)
    client.force_login(owner)
    response = client.get(LIBRARY)
    assert b"3 photos" in response.content
    thumbnail = photo.renditions.get(spec="320.jpeg")
    assert thumbnail.url.encode() in response.content
    assert photo.renditions.get(spec="640.webp").url.encode() + b" 2x" in response.content


# --- Counting: exact up to a cap on the page, exactly in a second request -----------------------------------


@pytest.fixture
def small_cap(monkeypatch) -> int:
    """The page counts exactly up to 3 photos here, instead of a thousand."""
    monkeypatch.setattr(library, "COUNT_EXACT_UP_TO", 3)
    return 3


def count_of(response) -> str:
    """The header's words about how many photos the filter holds."""
    match = re.search(rb"<span data-total-label>([^<]*)</span>", response.content)
    assert match, "the page says how many photos it holds"
    return match.group(1).decode()


def tagged(owner, n: int, tag_name: str = "market", **fields) -> list[Photo]:
    made = rows(owner, n, **fields)
    services.photos_tag(photos=Photo.objects.filter(pk__in=[p.pk for p in made]), owner=owner, names=[tag_name])
    return made


@pytest.mark.parametrize("by", ["nothing", "tag", "subject", "tag and subject"])
def test_the_page_counts_exactly_up_to_the_cap_and_only_the_owners_photos(small_cap, by):
    me, other = factories.photographer(), factories.photographer()
    subject = Subject.objects.create(owner=me, name="Aigul")
    made = tagged(me, 2)
    subjects.photos_subject_assign(photos=Photo.objects.filter(pk__in=[p.pk for p in made]), subject=subject)
    tag = me.tags.get()
    # Links a bug or the admin could make: someone else's photo carrying my tag and my subject. Never counted.
    (theirs,) = rows(other, 1)
    theirs.tags.add(tag)
    theirs.subjects.add(subject)
    rows(me, 1, rating=5)  # mine, untagged, and outside the rating filter below
    library_filter = library.LibraryFilter(
        tag_id=tag.pk if "tag" in by else None,
        subject_id=subject.pk if "subject" in by else None,
        rating="" if by == "nothing" else "0",
    )

    def page() -> library.Page:
        photos = library.photos_filtered(me, library_filter)
        counted = library.photos_counted(me, library_filter)
        return library.library_page(photos, sort=library.SORTS[library.DEFAULT_SORT], counted=counted)

    expected = 3 if by == "nothing" else 2
    assert (page().total, page().total_capped) == (expected, False)
    more = tagged(me, 2)
    subjects.photos_subject_assign(photos=Photo.objects.filter(pk__in=[p.pk for p in more]), subject=subject)
    assert (page().total, page().total_capped) == (small_cap, True)  # "more than 3"
    assert library.photos_count(me, library_filter) == expected + 2


def test_a_large_filter_says_more_than_the_cap_and_selects_all_without_a_number(client, small_cap):
    owner = factories.photographer()
    rows(owner, 3, flag="pick")
    client.force_login(owner)
    response = client.get(LIBRARY, {"flag": "pick"})
    assert count_of(response) == "3 photos"
    assert b"Select all 3 in this filter" in response.content
    assert b'data-msg-all-selected="All 3 photos in this filter selected"' in response.content
    assert b"data-count-url" not in response.content  # nothing left for the script to ask

    rows(owner, 1, flag="pick")
    response = client.get(LIBRARY, {"flag": "pick"})
    assert count_of(response) == "More than 3 photos"
    assert b"Select all in this filter</button>" in response.content
    assert b'data-msg-all-selected="All photos in this filter selected"' in response.content
    assert b'data-count-url="/library/?flag=pick&amp;count=1"' in response.content
    # Past the last page (a stale link) the header still says how many there are, and the way back keeps the filter.
    response = client.get(LIBRARY, {"flag": "pick", "cursor": "0_0"})
    assert count_of(response) == "More than 3 photos"
    assert b'No more photos. <a href="/library/?flag=pick">Back to the start</a>' in response.content


def test_numbers_in_the_count_are_grouped_the_readers_way():
    words = library.TotalWords.of(12345)
    assert (words.label, words.select_all) == ("12,345 photos", "Select all 12,345 in this filter")
    assert library.TotalWords.of(1000, capped=True).label == "More than 1,000 photos"
    with translation.override("ru"):
        assert library.TotalWords.of(12345).label == "12\xa0345 фото"
        assert library.TotalWords.of(1000, capped=True).label == "Более 1\xa0000 фото"


def test_the_count_request_answers_the_exact_number_in_the_pages_words(client, small_cap):
    me, other = factories.photographer(), factories.photographer()
    picks = tagged(me, 5, flag="pick")
    tagged(me, 2)  # tagged, not picked
    rows(other, 3, flag="pick")
    Photo.objects.get(pk=rows(other, 1, flag="pick")[0].pk).tags.add(me.tags.get())
    client.force_login(me)
    response = client.get(LIBRARY, {"flag": "pick", "tag": me.tags.get().pk, "count": "1"})
    assert response.status_code == 200
    assert response.json() == {
        "total": len(picks),
        "label": "5 photos",
        "select_all": "Select all 5 in this filter",
        "all_selected": "All 5 photos in this filter selected",
    }
    assert client.get(LIBRARY, {"count": "1"}).json()["label"] == "7 photos"
    # Someone's private numbers: never kept by a shared cache, nor by the browser.
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    with translation.override("ru"):
        russian = client.get(LIBRARY, {"count": "1"}, headers={"accept-language": "ru"})
    assert russian.json()["select_all"] == "Выбрать все по фильтру (7)"


def test_only_a_photographer_may_ask_for_the_count_as_for_the_page(client):
    owner = factories.photographer()
    rows(owner, 2)
    assert client.get(LIBRARY, {"count": "1"}).status_code == 302  # to the login page
    client.force_login(factories.curator())
    assert client.get(LIBRARY, {"count": "1"}).status_code == 404


def test_each_filter_narrows_the_library(client):
    owner = factories.photographer()
    client.force_login(owner)
    batch = services.upload_batch_create(owner=owner)
    a, b, c, d, e = rows(owner, 5)
    Photo.objects.filter(pk=a.pk).update(rating=5, flag="pick", taken_at=T0, status="ready", batch=batch)
    Photo.objects.filter(pk=b.pk).update(rating=3, flag="reject", taken_at=T0 - timedelta(days=3), status="ready")
    Photo.objects.filter(pk=c.pk).update(rating=1, status="failed", failure_reason="The file is cut short.")
    Photo.objects.filter(pk=d.pk).update(status="processing", batch=batch)
    subject = Subject.objects.create(owner=owner, name="Aigul")
    subjects.photos_subject_assign(photos=Photo.objects.filter(pk__in=[a.pk, e.pk]), subject=subject)
    services.photos_tag(photos=Photo.objects.filter(pk__in=[b.pk, c.pk]), owner=owner, names=["market"])
    tag = owner.tags.get()
    exhibition = exhibition_services.exhibition_create(owner=factories.curator(), title="Bazaar")
    Photo.objects.filter(pk__in=[a.pk, b.pk]).update(title="x")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[Photo.objects.get(pk=a.pk)])

    def ids(**query) -> set[int]:
        return set(shown(client.get(LIBRARY, query)))

    assert ids() == {a.pk, b.pk, c.pk, d.pk, e.pk}
    assert ids(rating="3") == {a.pk, b.pk}
    assert ids(rating="5") == {a.pk}
    assert ids(rating="0") == {d.pk, e.pk}
    assert ids(flag="pick") == {a.pk}
    assert ids(flag="reject") == {b.pk}
    assert ids(flag="none") == {c.pk, d.pk, e.pk}
    assert ids(flag="not-reject") == {a.pk, c.pk, d.pk, e.pk}
    assert ids(status="failed") == {c.pk}
    assert ids(status="pending") == {d.pk, e.pk}
    assert ids(status="ready") == {a.pk, b.pk}
    assert ids(batch=batch.pk) == {a.pk, d.pk}
    assert ids(subject=subject.pk) == {a.pk, e.pk}
    assert ids(tag=tag.pk) == {b.pk, c.pk}
    assert ids(taken_from="2026-05-14") == {a.pk}
    assert ids(taken_from="2026-05-10", taken_to="2026-05-12") == {b.pk}
    assert ids(not_in_exhibition="on") == {b.pk, c.pk, d.pk, e.pk}
    assert ids(rating="3", flag="pick", tag="") == {a.pk}
    assert ids(rating="nonsense", status="exploded") == {a.pk, b.pk, c.pk, d.pk, e.pk}


def test_one_upload_opens_in_capture_order_oldest_first_unless_another_sort_is_chosen(client):
    owner = factories.photographer()
    client.force_login(owner)
    batch = services.upload_batch_create(owner=owner)
    # Uploaded in another order than they were taken (files copied off the card as the browser listed them).
    third, first, second = rows(owner, 3, batch=batch)
    for photo, minutes in ((first, 0), (second, 1), (third, 2)):
        Photo.objects.filter(pk=photo.pk).update(taken_at=T0 + timedelta(minutes=minutes))
    elsewhere = rows(owner, 1, taken_at=T0 - timedelta(days=1))[0]

    shoot = client.get(LIBRARY, {"batch": batch.pk})
    assert shown(shoot) == [first.pk, second.pk, third.pk]
    assert re.search(rb'<option value="taken-asc" selected', shoot.content)
    # The whole library still opens newest upload first, and a sort the photographer chose wins.
    assert shown(client.get(LIBRARY))[0] == elsewhere.pk
    newest = client.get(LIBRARY, {"batch": batch.pk, "sort": "taken-desc"})
    assert shown(newest) == [third.pk, second.pk, first.pk]


def test_a_filter_that_matches_nothing_says_so_and_offers_the_whole_library(client):
    owner = factories.photographer()
    rows(owner, 2)
    client.force_login(owner)
    response = client.get(LIBRARY, {"rating": "5"})
    assert b"No photos match these filters." in response.content


def test_filter_menus_offer_only_the_owners_tags_subjects_and_exhibitions(client):
    me, other = factories.photographer(), factories.photographer()
    Subject.objects.create(owner=other, name="Their subject")
    services.tags_ensure(owner=other, names=["their-tag"])
    exhibition_services.exhibition_create(owner=other, title="Their show")
    rows(me, 1)
    client.force_login(me)
    response = client.get(LIBRARY)
    for word in (b"Their subject", b"their-tag", b"Their show"):
        assert word not in response.content


def test_someone_elses_photos_never_appear_and_curators_have_no_library(client):
    me, other = factories.photographer(), factories.photographer()
    (mine,) = rows(me, 1)
    rows(other, 2)
    client.force_login(me)
    assert shown(client.get(LIBRARY)) == [mine.pk]
    client.force_login(factories.curator())
    assert client.get(LIBRARY).status_code == 404


def test_a_filename_is_escaped_in_the_grid(client):
    owner = factories.photographer()
    rows(owner, 1, original_filename='<img src=x onerror="alert(1)">.jpg')
    client.force_login(owner)
    response = client.get(LIBRARY)
    assert b"<img src=x" not in response.content
    assert b"&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.jpg" in response.content


def test_the_studio_pages_carry_no_inline_style_or_script_without_a_nonce(client):
    owner = factories.photographer()
    photo = factories.processed_photo(owner)
    client.force_login(owner)
    for url in (
        LIBRARY,
        reverse("curation:upload"),
        reverse("curation:loupe", args=[photo.pk]),
        reverse("curation:photo", args=[photo.pk]),
    ):
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or "nonce=" in tag, (url, tag)


# --- Culling ------------------------------------------------------------------------------------------------


def test_a_key_press_saves_the_rating_at_once_and_answers_in_json(client):
    owner = factories.photographer()
    (photo,) = rows(owner, 1)
    client.force_login(owner)
    url = reverse("curation:photo-cull", args=[photo.pk])
    response = client.post(url, {"rating": "4"}, headers={"accept": "application/json"})
    assert response.json() == {"id": photo.pk, "rating": 4, "flag": "", "label": ""}
    response = client.post(url, {"flag": "pick"}, headers={"accept": "application/json"})
    assert response.json() == {"id": photo.pk, "rating": 4, "flag": "pick", "label": ""}
    response = client.post(url, {"flag": "none"}, headers={"accept": "application/json"})
    assert response.json()["flag"] == ""
    response = client.post(url, {"label": "purple"}, headers={"accept": "application/json"})
    assert response.json() == {"id": photo.pk, "rating": 4, "flag": "", "label": "purple"}
    response = client.post(url, {"label": "none"}, headers={"accept": "application/json"})
    assert response.json()["label"] == ""
    assert client.post(url, {"label": "pink"}, headers={"accept": "application/json"}).status_code == 400
    assert client.post(url, {"rating": "9"}, headers={"accept": "application/json"}).status_code == 400


def test_the_loupe_buttons_work_without_javascript_and_come_back_to_the_loupe(client):
    owner = factories.photographer()
    (photo,) = rows(owner, 1)
    client.force_login(owner)
    loupe = reverse("curation:loupe", args=[photo.pk]) + "?rating=3"
    response = client.post(reverse("curation:photo-cull", args=[photo.pk]), {"rating": "3", "next": loupe})
    assert response.status_code == 302 and response["Location"] == loupe
    photo.refresh_from_db()
    assert photo.rating == 3
    evil = client.post(reverse("curation:photo-cull", args=[photo.pk]), {"rating": "2", "next": "https://evil.test/"})
    assert evil["Location"].startswith("/library/")


def test_nobody_else_can_rate_my_photo(client):
    (photo,) = rows(factories.photographer(), 1)
    client.force_login(factories.photographer())
    response = client.post(reverse("curation:photo-cull", args=[photo.pk]), {"rating": "5"})
    assert response.status_code == 404
    photo.refresh_from_db()
    assert photo.rating == 0


def test_the_loupe_shows_the_photo_large_and_links_its_neighbours_in_the_filter(client):
    owner = factories.photographer()
    first, second, third = rows(owner, 3)
    Photo.objects.filter(pk__in=[first.pk, third.pk]).update(rating=4)
    client.force_login(owner)
    response = client.get(reverse("curation:loupe", args=[first.pk]), {"rating": "4", "sort": "uploaded-asc"})
    html = response.content.decode()
    assert f'/library/photos/{third.pk}/loupe/?rating=4&amp;sort=uploaded-asc" rel="next"' in html
    assert 'rel="prev"' not in html
    assert f"/library/photos/{second.pk}/" not in html


def test_the_status_endpoint_answers_only_about_my_photos(client):
    me, other = factories.photographer(), factories.photographer()
    mine = factories.processed_photo(me)
    (theirs,) = rows(other, 1)
    client.force_login(me)
    response = client.get(reverse("curation:photos-status"), {"ids": f"{mine.pk},{theirs.pk},abc"})
    (answer,) = response.json()["photos"]
    assert answer["id"] == mine.pk and answer["status"] == "ready"
    assert answer["thumbnail_url"] == mine.renditions.get(spec="320.jpeg").url


def test_retry_queues_a_failed_photo_again(client):
    owner = factories.photographer()
    (photo,) = rows(owner, 1, status="failed", failure_reason="The file is cut short.")
    client.force_login(owner)
    response = client.post(reverse("curation:photo-retry", args=[photo.pk]), headers={"accept": "application/json"})
    assert response.json()["status"] == "pending"
    photo.refresh_from_db()
    assert photo.status == Photo.Status.PENDING and photo.failure_reason == ""
    client.force_login(factories.photographer())
    assert client.post(reverse("curation:photo-retry", args=[photo.pk])).status_code == 404


# --- Bulk actions ------------------------------------------------------------------------------------------


def bulk(client, **data):
    return client.post(reverse("curation:bulk"), data, follow=True)


def test_bulk_tag_rate_and_flag_the_selected_photos_only(client):
    owner = factories.photographer()
    a, b, c = rows(owner, 3)
    client.force_login(owner)
    response = bulk(client, action="tag", photo=[a.pk, b.pk], tags="market, dawn", query="rating=0")
    assert "Tagged 2 photos with market, dawn." in response.content.decode()
    assert response.redirect_chain[-1][0] == LIBRARY + "?rating=0"
    bulk(client, action="rate", photo=[a.pk, c.pk], rating="5")
    bulk(client, action="flag", photo=[b.pk], flag="reject")
    got = {p.pk: (p.rating, p.flag, sorted(t.name for t in p.tags.all())) for p in Photo.objects.all()}
    assert got == {
        a.pk: (5, "", ["dawn", "market"]),
        b.pk: (0, "reject", ["dawn", "market"]),
        c.pk: (5, "", []),
    }


def test_select_all_in_the_filter_acts_on_every_matching_photo_not_just_the_page(client, monkeypatch):
    monkeypatch.setattr(library, "PAGE_SIZE", 2)
    owner = factories.photographer()
    picks = rows(owner, 5, flag="pick")
    others = rows(owner, 2)
    client.force_login(owner)
    bulk(client, action="rate", all_matching="1", query="flag=pick", rating="3")
    assert {p.pk for p in Photo.objects.filter(rating=3)} == {p.pk for p in picks}
    assert not Photo.objects.filter(pk__in=[p.pk for p in others], rating=3).exists()


def test_bulk_actions_never_reach_someone_elses_photos(client):
    me, other = factories.photographer(), factories.photographer()
    (theirs,) = rows(other, 1)
    client.force_login(me)
    bulk(client, action="rate", photo=[theirs.pk], rating="5")
    bulk(client, action="delete", photo=[theirs.pk], confirm="1")
    theirs.refresh_from_db()
    assert theirs.rating == 0


def test_bulk_assign_a_subject_only_with_my_own_subject(client):
    me, other = factories.photographer(), factories.photographer()
    (photo,) = rows(me, 1)
    mine = Subject.objects.create(owner=me, name="Aigul")
    theirs = Subject.objects.create(owner=other, name="Someone")
    client.force_login(me)
    response = bulk(client, action="subject", photo=[photo.pk], subject=theirs.pk)
    assert "That subject is not one of yours." in response.content.decode()
    bulk(client, action="subject", photo=[photo.pk], subject=mine.pk)
    assert list(photo.subjects.all()) == [mine]


def test_bulk_add_to_an_exhibition_the_user_may_edit_in_capture_order(client):
    user = factories.photographer()
    later, earlier = rows(user, 2)
    Photo.objects.filter(pk=later.pk).update(taken_at=T0 + timedelta(hours=1))
    Photo.objects.filter(pk=earlier.pk).update(taken_at=T0)
    mine = exhibition_services.exhibition_create(owner=user, title="My show")
    theirs = exhibition_services.exhibition_create(owner=factories.curator(), title="Their show")
    client.force_login(user)
    response = bulk(client, action="exhibition", photo=[later.pk, earlier.pk], exhibition=theirs.pk)
    assert "You cannot add photos to that exhibition." in response.content.decode()
    assert not theirs.items.exists()
    response = bulk(client, action="exhibition", photo=[later.pk, earlier.pk], exhibition=mine.pk)
    assert "Added 2 photos to My show." in response.content.decode()
    assert [item.photo_id for item in mine.items.order_by("position")] == [earlier.pk, later.pk]


def test_bulk_delete_asks_first_and_keeps_photos_an_exhibition_uses(client, django_capture_on_commit_callbacks):
    owner = factories.photographer()
    shown_photo = factories.processed_photo(owner, title="In the show")
    loose = factories.processed_photo(owner, title="Loose")
    exhibition = exhibition_services.exhibition_create(owner=factories.curator(), title="Bazaar")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[shown_photo])
    client.force_login(owner)
    ask = client.post(reverse("curation:bulk"), {"action": "delete", "photo": [shown_photo.pk, loose.pk]})
    html = ask.content.decode()
    assert "Delete 2 photos?" in html
    assert "1 of them is used in an exhibition and will be kept" in html and "In the show" in html
    assert "Delete 1 photo</button>" in html
    assert Photo.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        done = bulk(client, action="delete", photo=[shown_photo.pk, loose.pk], confirm="1")
    html = done.content.decode()
    assert "Deleted 1 photo." in html and "1 photo was kept because an exhibition uses it (In the show)" in html
    assert list(Photo.objects.values_list("pk", flat=True)) == [shown_photo.pk]


def test_a_bulk_action_without_a_selection_says_what_to_do(client):
    owner = factories.photographer()
    rows(owner, 1)
    client.force_login(owner)
    response = bulk(client, action="rate", rating="3")
    assert "Select some photos first." in response.content.decode()


def test_the_filter_menus_keep_the_chosen_tag_person_and_upload_and_name_uploads_in_local_time(client):
    owner = factories.photographer()
    batch = services.upload_batch_create(owner=owner, source="browser")
    type(batch).objects.filter(pk=batch.pk).update(label="card <2>", created_at=T0)  # 07:00 UTC is 12:00 in Almaty
    photo = rows(owner, 1, batch=batch)[0]
    services.photos_tag(owner=owner, photos=Photo.objects.filter(pk=photo.pk), names=["market"])
    subject = Subject.objects.create(owner=owner, name="Aigerim & son")
    photo.subjects.add(subject)
    tag = owner.tags.get()
    client.force_login(owner)
    html = client.get(LIBRARY, {"tag": tag.pk, "subject": subject.pk, "batch": batch.pk}).content.decode()
    assert f'<option value="{tag.pk}" selected>market</option>' in html
    assert f'<option value="{subject.pk}" selected>Aigerim &amp; son</option>' in html
    assert f'<option value="{batch.pk}" selected>14 May 2026, 12:00 · card &lt;2&gt;</option>' in html
    client.cookies["django_language"] = "ru"
    html = client.get(LIBRARY, {"batch": batch.pk}).content.decode()
    assert f'<option value="{batch.pk}" selected>14 Май 2026, 12:00 · card &lt;2&gt;</option>' in html


def test_the_upload_menu_lists_recent_uploads_with_photos_and_staff_may_add_to_any_exhibition():
    owner = factories.photographer()
    recent, empty, old = (services.upload_batch_create(owner=owner, source="browser") for _ in range(3))
    type(old).objects.filter(pk=old.pk).update(created_at=T0 - timedelta(days=library.BATCH_CHOICE_DAYS + 1))
    rows(owner, 1, batch=recent)
    rows(owner, 1, batch=old)
    theirs = exhibition_services.exhibition_create(owner=factories.curator(), title="Their show")

    choices = library.library_choices(owner)
    assert [pk for pk, _label, _when in choices.batches] == [recent.pk]  # no empty upload, none from long ago
    assert choices.batches[0][2] == type(recent).objects.get(pk=recent.pk).created_at  # an aware instant
    assert [pk for pk, _label, _when in library.library_choices(owner, batch_id=old.pk).batches] == [recent.pk, old.pk]
    assert choices.exhibitions == []
    owner.is_staff = True
    assert library.library_choices(owner).exhibitions == [(theirs.pk, "Their show")]
