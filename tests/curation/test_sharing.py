"""Sharing a library with curators: the services, what each user may see and pick, the photographer's sharing
page, the library's "Share with a curator" action, and the demo's share."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from curation import roles, sharing
from curation.models import LibraryShare, Photo
from exhibitions import demo, sequencing, services
from tests import factories

pytestmark = pytest.mark.django_db


def a_photo(owner, title: str) -> Photo:
    return factories.processed_photo(owner, data=factories.jpeg_bytes(size=(90, 60)), title=title, alt_text=title)


def titles(photos) -> set[str]:
    return set(photos.values_list("title", flat=True))


@pytest.fixture
def aigerim():
    return factories.photographer(username="aigerim-test")


@pytest.fixture
def daniyar():
    return factories.curator(username="daniyar-test")


# --- Services and selectors ------------------------------------------------------------------------------------


def test_a_whole_library_share_covers_every_photo_of_hers_and_those_she_uploads_later(aigerim, daniyar):
    market = a_photo(aigerim, "Market")
    a_photo(factories.photographer(), "Someone else's")
    assert not sharing.photos_shared_with(daniyar).exists()
    sharing.library_share_grant(owner=aigerim, curator=daniyar)
    later = a_photo(aigerim, "Later")
    assert titles(sharing.photos_shared_with(daniyar)) == {"Market", "Later"}
    assert sharing.photo_visible_to(daniyar, market.pk) and sharing.photo_visible_to(daniyar, later.pk)
    # Granting again changes nothing: one share per photographer and curator.
    sharing.library_share_grant(owner=aigerim, curator=daniyar)
    assert LibraryShare.objects.count() == 1


def test_chosen_photos_only_her_own_and_each_once(aigerim, daniyar):
    market, kitchen = a_photo(aigerim, "Market"), a_photo(aigerim, "Kitchen")
    theirs = a_photo(factories.photographer(), "Road")
    assert sharing.photos_share(owner=aigerim, curator=daniyar, photos=[market, theirs]) == 1
    assert sharing.photos_share(owner=aigerim, curator=daniyar, photos=Photo.objects.all()) == 1  # Kitchen
    assert titles(sharing.photos_shared_with(daniyar)) == {"Market", "Kitchen"}
    assert not sharing.photo_visible_to(daniyar, theirs.pk)
    share = LibraryShare.objects.get()
    assert not share.whole_library and share.photos.count() == 2
    assert kitchen in share.photos.all()


@pytest.mark.parametrize("who", ["herself", "photographer", "inactive curator"])
def test_only_an_active_curator_other_than_herself_can_be_shared_with(aigerim, who):
    other = {
        "herself": aigerim,
        "photographer": factories.photographer(),
        "inactive curator": factories.curator(),
    }[who]
    if who == "inactive curator":
        other.is_active = False
        other.save(update_fields=["is_active"])
    with pytest.raises(sharing.ShareRefused):
        sharing.library_share_grant(owner=aigerim, curator=other)
    with pytest.raises(sharing.ShareRefused):
        sharing.photos_share(owner=aigerim, curator=other, photos=[a_photo(aigerim, "Market")])
    assert not LibraryShare.objects.exists()


def test_revoking_stops_new_use_and_leaves_the_photos_already_in_exhibitions(client, aigerim, daniyar):
    market, kitchen = a_photo(aigerim, "Market"), a_photo(aigerim, "Kitchen")
    sharing.library_share_grant(owner=aigerim, curator=daniyar)
    exhibition = services.exhibition_create(owner=daniyar, title="Bazaar")
    sequencing.exhibition_photos_append(exhibition=exhibition, photos=[market])
    assert sharing.library_share_revoke(owner=aigerim, curator=daniyar)
    assert not sharing.library_share_revoke(owner=aigerim, curator=daniyar)
    assert not sharing.photos_shared_with(daniyar).exists()
    assert list(exhibition.items.values_list("photo__title", flat=True)) == ["Market"]
    client.force_login(daniyar)
    picker = reverse("studio:picker", args=[exhibition.pk])
    assert "Kitchen" not in client.get(picker).content.decode()
    client.post(picker, {"photo": [kitchen.pk]})
    assert list(exhibition.items.values_list("photo__title", flat=True)) == ["Market"]


def test_what_each_user_may_see_of_the_library(aigerim, daniyar):
    a_photo(aigerim, "Market")
    a_photo(factories.photographer(), "Road")
    both = factories.curator()
    both.groups.add(Group.objects.get(name=roles.PHOTOGRAPHERS))
    a_photo(both, "Own")
    sharing.library_share_grant(owner=aigerim, curator=both)
    staff = factories.user(username="staffer")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    assert titles(sharing.photos_visible_to(aigerim)) == {"Market"}
    assert titles(sharing.photos_visible_to(daniyar)) == set()
    assert titles(sharing.photos_visible_to(both)) == {"Own", "Market"}
    assert titles(sharing.photos_visible_to(staff)) == {"Market", "Road", "Own"}
    # A share outlives a curator's role, but counts only while they are a curator.
    both.groups.remove(Group.objects.get(name=roles.CURATORS))
    both = type(both).objects.get(pk=both.pk)
    assert titles(sharing.photos_visible_to(both)) == {"Own"}


# --- The picker --------------------------------------------------------------------------------------------------


def test_a_curator_picks_from_what_is_shared_with_them(client, aigerim, daniyar):
    a_photo(aigerim, "Market")
    chosen = a_photo(aigerim, "Kitchen")
    a_photo(factories.photographer(), "Road")
    exhibition = services.exhibition_create(owner=daniyar, title="Bazaar")
    client.force_login(daniyar)
    picker = reverse("studio:picker", args=[exhibition.pk])
    assert "No photographer shares photos with you yet" in client.get(picker).content.decode()
    sharing.photos_share(owner=aigerim, curator=daniyar, photos=[chosen])
    html = client.get(picker).content.decode()
    assert "Kitchen" in html and "Market" not in html and "Road" not in html
    assert client.post(picker, {"photo": [chosen.pk]}).status_code == 302
    assert list(exhibition.items.values_list("photo__title", flat=True)) == ["Kitchen"]


# --- The sharing page and the library's bulk action -------------------------------------------------------------


def accept_in_studio(client, curator) -> None:
    """The curator accepts every offer their studio lists."""
    client.force_login(curator)
    for offer in sharing.library_offers_for(curator):
        assert client.post(reverse("curation:sharing-offer-accept", args=[offer.pk])).status_code == 302


def test_the_photographer_shares_her_library_and_stops_on_her_sharing_page(client, aigerim, daniyar):
    client.force_login(aigerim)
    page = reverse("curation:sharing")
    assert "You share no photos yet" in client.get(page).content.decode()
    response = client.post(reverse("curation:sharing-grant"), {"username": "daniyar-test"}, follow=True)
    html = response.content.decode()
    assert "Your library is offered to “daniyar-test”." in html
    assert "Offered to “daniyar-test” — waiting for them to accept" in html
    assert not LibraryShare.objects.exists()
    accept_in_studio(client, daniyar)
    client.force_login(aigerim)
    html = client.get(page).content.decode()
    assert "The whole library" in html and "waiting for them to accept" not in html
    response = client.post(reverse("curation:sharing-revoke", args=[daniyar.pk]), follow=True)
    assert "Those already in their exhibitions stay there" in response.content.decode()
    assert not LibraryShare.objects.exists()


@pytest.mark.parametrize("username", ["nobody-by-this-name", "a-photographer"])
def test_the_sharing_form_answers_alike_for_a_stranger_and_a_photographer(client, aigerim, username):
    factories.photographer(username="a-photographer")
    client.force_login(aigerim)
    response = client.post(reverse("curation:sharing-grant"), {"username": username}, follow=True)
    html = response.content.decode()
    assert f"Your library is offered to “{username}”." in html
    assert "There is no curator with this user name." not in html
    assert not LibraryShare.objects.exists()


def test_her_own_name_is_refused_in_so_many_words(client, aigerim):
    client.force_login(aigerim)
    response = client.post(reverse("curation:sharing-grant"), {"username": "aigerim-test"})
    assert response.status_code == 200
    assert "Your own photos need no sharing with yourself." in response.content.decode()
    assert not LibraryShare.objects.exists() and not sharing.library_offers_of(aigerim)


def test_the_library_shares_the_selection_with_a_curator(client, aigerim, daniyar):
    market, kitchen = a_photo(aigerim, "Market"), a_photo(aigerim, "Kitchen")
    theirs = a_photo(factories.photographer(), "Road")
    client.force_login(aigerim)
    assert 'value="share"' in client.get(reverse("curation:library")).content.decode()
    data = {"action": "share", "curator": "daniyar-test", "photo": [market.pk, theirs.pk]}
    response = client.post(reverse("curation:bulk"), data, follow=True)
    assert "1 more photo offered to “daniyar-test”." in response.content.decode()
    assert "1 chosen photo" in client.get(reverse("curation:sharing")).content.decode()
    assert not sharing.photos_shared_with(daniyar).exists()
    accept_in_studio(client, daniyar)
    assert titles(sharing.photos_shared_with(daniyar)) == {"Market"}
    client.force_login(aigerim)
    html = client.get(reverse("curation:sharing")).content.decode()
    assert "1 chosen photo" in html and "waiting for them to accept" not in html
    # A curator who accepted once takes more photos without being asked again.
    response = client.post(reverse("curation:bulk"), {**data, "photo": [kitchen.pk]}, follow=True)
    assert "Shared 1 more photo with daniyar-test." in response.content.decode()
    assert titles(sharing.photos_shared_with(daniyar)) == {"Market", "Kitchen"}
    # Any other name gets an offer, never "no such curator".
    response = client.post(reverse("curation:bulk"), {**data, "curator": "nobody"}, follow=True)
    html = response.content.decode()
    assert "1 more photo offered to “nobody”." in html and "There is no curator" not in html


def test_the_sharing_page_carries_no_inline_script_or_style(client, aigerim, daniyar):
    sharing.library_share_grant(owner=aigerim, curator=daniyar)
    sharing.photos_share(owner=aigerim, curator=factories.curator(), photos=[a_photo(aigerim, "Market")])
    sharing.library_offer_make(owner=aigerim, username="someone", whole_library=True)
    client.force_login(aigerim)
    html = client.get(reverse("curation:sharing")).content.decode()
    assert not re.search(r"\sstyle=|\son[a-z]+=", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)(?![^>]*nonce=)", html)


# --- The demo ----------------------------------------------------------------------------------------------------


def test_the_demo_photographer_shares_her_library_with_the_demo_curator_even_on_a_demo_loaded_before():
    curator = factories.curator(username=demo.CURATOR)
    services.exhibition_create(owner=curator, title="Loaded before", slug=demo.DEMO_SLUG)
    demo.demo_load()
    share = LibraryShare.objects.get()
    assert share.owner.username == demo.PHOTOGRAPHER and share.curator == curator and share.whole_library
